"""Build hook: the wheel carries the diagnosis suite (pytest.ini, conftest.py, tests_infra/).

They stay at the repo's top level, the one copy in git; each build copies them
into the wheel's logtail_doctor/_suite/ (logtail_doctor/packaged.py says what
and where), with the git revision built from. Everything else is in
pyproject.toml.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithSuite(build_py):
    def run(self) -> None:
        super().run()
        # An editable install runs from the clone itself (packaged.find_suite falls
        # back to it): nothing to copy.
        if getattr(self, "editable_mode", False):
            return
        sys.path.insert(0, str(ROOT))
        try:
            from logtail_doctor.packaged import copy_suite  # noqa: PLC0415 (from the tree)
        finally:
            sys.path.remove(str(ROOT))
        copy_suite(ROOT, Path(self.build_lib) / "logtail_doctor" / "_suite")


setup(cmdclass={"build_py": BuildPyWithSuite})
