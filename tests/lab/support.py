"""What the live lab tests share: root, and no other lab on the machine."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from lab import Lab
from lab.network import BRIDGE


def bridge_exists() -> bool:
    return Path("/sys/class/net", BRIDGE).exists()


def need_root_and_no_lab() -> None:
    """Fail (never skip) without root; wait up to 60 s for another lab to finish."""
    if os.geteuid() != 0:
        pytest.fail("the lab tests build network namespaces and run sshd: run them as root")
    deadline = time.monotonic() + 60  # another lab (e.g. the e2e one) may be finishing
    while bridge_exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    if bridge_exists():
        pytest.fail(f"another lab is up (bridge {BRIDGE} exists); tear it down first")


def ssh(lab: Lab, host: str, command: str) -> subprocess.CompletedProcess[str]:
    """COMMAND on a lab host (name, hostname or IP) over real SSH, bounded."""
    return subprocess.run(
        ["ssh", "-F", str(lab.ssh_config), f"root@{lab.host(host).ip}", command],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
