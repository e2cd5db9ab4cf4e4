"""The lab's failure paths: a host that never answers, one that dies, a lost work dir.

Needs root; each test builds (part of) the smoke lab and checks that nothing
of it is left afterwards.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lab import Lab, LabError, down, host_files, readiness
from lab.network import RULE_COMMENT
from lab.state import STATE_FILE
from tests.lab.support import bridge_exists, need_root_and_no_lab

REPO = Path(__file__).resolve().parents[2]
SMOKE = REPO / "lab" / "scenarios" / "smoke.yaml"


def _assert_no_lab_left(workdir: Path) -> None:
    assert not bridge_exists()
    assert not workdir.exists()
    netns = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True)
    assert "ltd" not in netns.stdout
    rules = subprocess.run(["iptables", "-S"], capture_output=True, text=True, check=True)
    assert RULE_COMMENT not in rules.stdout


def _up_expecting_failure(workdir: Path, pattern: str) -> None:
    need_root_and_no_lab()
    try:
        with pytest.raises(LabError, match=pattern):
            Lab.up(SMOKE, workdir, ready_timeout=1.0)
    finally:
        down(workdir)  # only does something if the build unexpectedly worked
    _assert_no_lab_left(workdir)


def test_host_not_ready_is_named_and_the_lab_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_probe = readiness.probe

    def probe(targets: dict[str, tuple[str, int]], wait: float) -> dict[str, str]:
        states = real_probe(targets, wait)
        return {k: ("pending" if k == "stopped" else v) for k, v in states.items()}

    monkeypatch.setattr(readiness, "probe", probe)
    _up_expecting_failure(tmp_path / "w", r"^not ready after 1 s: stopped( \(|$)")


def test_host_dying_at_start_is_named_with_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_load = host_files.Templates.load

    def load() -> host_files.Templates:
        templates = real_load()
        broken = templates.hoststart.replace(
            "exec /usr/sbin/sshd -D -e",
            'if [ "$NAME" = lt-stopped ]; then echo "sshd: broken on purpose" >&2; exit 3; fi\n'
            "exec /usr/sbin/sshd -D -e",
        )
        assert broken != templates.hoststart
        return dataclasses.replace(templates, hoststart=broken)

    monkeypatch.setattr(host_files.Templates, "load", staticmethod(load))
    _up_expecting_failure(
        tmp_path / "w", r"^lab host stopped died while starting \(.*console.log: sshd: broken"
    )


def test_down_finds_a_lab_whose_work_dir_was_deleted(tmp_path: Path) -> None:
    need_root_and_no_lab()
    workdir = tmp_path / "w"
    Lab.up(SMOKE, workdir)
    state = json.loads((workdir / STATE_FILE).read_text())
    try:
        shutil.rmtree(workdir)  # e.g. a temp dir cleaned up under a running lab
    finally:
        assert down(workdir)
    _assert_no_lab_left(workdir)
    survivors = [e["pid"] for e in state["launchers"] if Path(f"/proc/{e['pid']}").exists()]
    assert not survivors
