"""The browser tests keep Selenium Manager offline (issue 36 item 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_the_browser_helper_turns_selenium_manager_offline() -> None:
    # A fresh interpreter with SE_OFFLINE unset: only tests/browser.py can set it.
    env = {k: v for k, v in os.environ.items() if k != "SE_OFFLINE"}
    code = "import os, tests.browser; print(os.environ.get('SE_OFFLINE'))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "true"
