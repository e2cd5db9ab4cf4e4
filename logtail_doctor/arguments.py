"""argparse for the suite's own commands: a bad argument is one line and exit 4.

The same as the suite's usage errors (pytest's exit code 4), rather than
argparse's usage text and exit 2. Used by `logtail-doctor init` and `merge`.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

USAGE_ERROR = 4


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"ERROR: {self.prog}: {message}", file=sys.stderr)  # noqa: T201 - a command
        raise SystemExit(USAGE_ERROR)
