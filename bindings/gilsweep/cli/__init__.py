"""The `gilsweep` command line: one module per command, each with its parser
(add_parser) and what it does (run). This module assembles the parser and is
the only place that turns errors into exit codes and one line on stderr."""
import sys

from ..core.metadata import ResultsError
from ..core.target import ProbeError
from . import calibrate, census, compare, count_primes, gc_pause, latency, plot, probe, sweep
from .options import OneLineParser, UsageError

#: The commands in the order `gilsweep --help` lists them.
COMMANDS = {"sweep": sweep, "latency": latency, "gc-pause": gc_pause, "plot": plot, "compare": compare,
            "probe": probe, "census": census, "calibrate": calibrate, "count-primes": count_primes}


def parser():
    top = OneLineParser(prog="gilsweep", description="How much work must a native call do before threads pay off?")
    commands = top.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for command in COMMANDS.values():
        command.add_parser(commands)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except (UsageError, ResultsError, ProbeError) as error:
        print(f"gilsweep: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except KeyboardInterrupt:
        print("\ngilsweep: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
