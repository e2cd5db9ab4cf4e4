"""Headless Chromium for tests that look at the HTML report as a person would.

Debian's chromium driven through Debian's chromedriver, both by explicit path:
Selenium never looks for or downloads a browser or a driver. The flags keep a
browser on a machine without network quiet (no update checks, sync, QUIC...).
SE_OFFLINE=true is Selenium Manager's own offline switch: should a future change
(a Selenium upgrade, a path left out) make Selenium call its manager, the manager
still reaches for no network.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

# Set on import, before any webdriver is made in this process.
os.environ["SE_OFFLINE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # a file:// page needs no name lookups
)


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium (own profile), closed afterwards."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.exists():
            raise RuntimeError(f"{binary} is missing: run scripts/bootstrap.sh (Debian chromium)")
    if os.environ.get("SE_OFFLINE") != "true":  # someone's code unset it since the import
        raise RuntimeError("SE_OFFLINE must be true: Selenium Manager must stay offline")
    with tempfile.TemporaryDirectory(prefix="ltd-chromium-") as profile:
        options = Options()
        options.binary_location = str(CHROMIUM)
        for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        service = Service(executable_path=str(CHROMEDRIVER))
        driver = webdriver.Chrome(service=service, options=options)
        try:
            driver.set_page_load_timeout(60)
            driver.set_script_timeout(30)
            yield driver
        finally:
            driver.quit()
