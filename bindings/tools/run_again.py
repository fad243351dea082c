"""A small tool script runs itself again in a fresh child (`--one`, or under
valgrind); a child that fails ends the script with one line on stderr naming it
and the child's last error line, never a traceback."""
import os
import subprocess
import sys


def run_again(script, args, prefix=(), env=None):
    """`PREFIX python SCRIPT ARGS` (PREFIX such as valgrind's command line); its CompletedProcess, text captured."""
    done = subprocess.run([*prefix, sys.executable, script, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        sys.exit(f"{os.path.basename(script)}: {' '.join(args)} failed (exit status {done.returncode}): {last}")
    return done
