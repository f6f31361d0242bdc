"""Installs the newsfold module with its own copy of libnewsfold.

The library copied into the package is, in this order: $NEWSFOLD_LIBRARY (a path to a built
libnewsfold.so), else ../build/release/libnewsfold.so.0 of the checkout this directory sits in,
built first with `make BUILD=release lib` when missing. The module loads that copy by absolute
path, so it needs no LD_LIBRARY_PATH.

Offline: `pip install --no-build-isolation ./python` uses the setuptools already installed
(Debian's python3-setuptools) instead of fetching one.
"""

import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
LIBNAME = "libnewsfold.so.0"


def find_library():
    env = os.environ.get("NEWSFOLD_LIBRARY")
    if env:
        if not os.path.isfile(env):
            raise SystemExit(f"setup.py: NEWSFOLD_LIBRARY={env}: no such file")
        return env
    lib = os.path.join(TOP, "build", "release", LIBNAME)
    if not os.path.exists(lib):
        if not os.path.isfile(os.path.join(TOP, "Makefile")):
            raise SystemExit(
                f"setup.py: no {lib} and no newsfold checkout around {HERE}: "
                "set NEWSFOLD_LIBRARY to a built libnewsfold.so.0"
            )
        subprocess.run(["make", "-C", TOP, "BUILD=release", "lib"], check=True)
    return os.path.realpath(lib)


class BuildPy(build_py):
    def run(self):
        super().run()
        dest = os.path.join(self.build_lib, "newsfold", LIBNAME)
        self.mkpath(os.path.dirname(dest))
        shutil.copyfile(find_library(), dest)
        os.chmod(dest, 0o755)


class BinaryDistribution(Distribution):
    def has_ext_modules(self):  # the wheel holds a shared library: not a pure-Python one
        return True


setup(
    name="newsfold",
    version="0.1.0",
    description="News articles into stories: cleaning, copies, stories (binding of libnewsfold)",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    packages=["newsfold"],
    python_requires=">=3.8",
    cmdclass={"build_py": BuildPy},
    distclass=BinaryDistribution,
    zip_safe=False,
)
