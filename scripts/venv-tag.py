"""Prints the tag of the running interpreter's venv name, .venv-TAG (the Makefile's):
X.Y, then "t" for a free-threaded build (Py_GIL_DISABLED), then the pre-release
("-a4", "-b1", "-c1") if any.
  3.11   3.13t   3.15t-a2"""
import sys
import sysconfig

free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
version = sys.version_info
tag = f"{version.major}.{version.minor}{'t' if free_threaded else ''}"
if version.releaselevel != "final":
    tag += f"-{version.releaselevel[0]}{version.serial}"
print(tag)
