"""Prints the tag of the running interpreter's venv name, .venv-TAG (the Makefile's):
X.Y, then "t" for a free-threaded build, then the pre-release ("-a4") if any.
  3.11   3.13t   3.12t-a4 (nogil-3.12, the PEP 703 prototype)"""
import sys
import sysconfig

free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED")) or hasattr(sys.flags, "nogil")
version = sys.version_info
tag = f"{version.major}.{version.minor}{'t' if free_threaded else ''}"
if version.releaselevel != "final":
    tag += f"-{version.releaselevel[0]}{version.serial}"
print(tag)
