"""The one optional argument of the small tool scripts: a positive whole
number (threads, processes). Anything else ends the script with one usage line
on stderr and a non-zero exit, never a traceback."""
import sys


def count_arg(argv, default, usage):
    """argv's one optional count, or default; `usage` is the script's usage line."""
    if len(argv) > 1 or (argv and (not argv[0].isdigit() or int(argv[0]) < 1)):
        sys.exit(f"usage: {usage}")
    return int(argv[0]) if argv else default
