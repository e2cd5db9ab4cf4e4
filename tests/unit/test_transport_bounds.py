"""transport: host specs that could smuggle options are refused; local processes are bounded."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from logtail_doctor.transport import (
    OUTPUT_LIMIT,
    ConnectionOptions,
    check_spec,
    expand_targets,
)
from logtail_doctor.transport.ssh import kill_group, read_bounded


@pytest.mark.parametrize(
    "spec",
    [
        "ssh://-oProxyCommand=touch${IFS}/tmp/x",
        "-oProxyCommand=id",
        "ssh://root@10.0.0.1$(id)",
        "ssh://root@10.0.0.1;id",
        "ssh://root@10.0.0.1`id`",
        "ssh://-l@10.0.0.1",
        "paramiko://root@-oX=y",
        "ssh://root@10.0.0.1:22x",
    ],
)
def test_specs_that_are_not_plain_hosts_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match=r"^host ") as info:
        expand_targets([spec], ConnectionOptions())
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "spec",
    [
        "ssh://root@10.0.0.1?ssh_config=/tmp/evil",
        "ssh://root@10.0.0.1?ssh_identity_file=/tmp/k",
        "paramiko://root@h?controlpersist=9",
        "ssh://h?ansible_inventory=/tmp/i",
        "ssh://root@h bad",
        "ssh://root@h\n",
    ],
)
def test_spec_parameters_choosing_files_are_refused(spec: str) -> None:
    with pytest.raises(ValueError, match=r"^host "):
        check_spec(spec)


@pytest.mark.parametrize(
    "spec",
    [
        "ssh://root@10.0.0.1",
        "ssh://root@10.0.0.1:2222",
        "paramiko://deploy@web-1.example.com",
        "root@10.0.0.1",
        "ssh://root@10.0.0.1?sudo=true&sudo_user=logtail",
        "ssh://root:s3cr%40t@10.0.0.1",
        "safe-ssh://[fe80::1]",
    ],
)
def test_plain_specs_are_accepted(spec: str) -> None:
    targets = expand_targets([spec], ConnectionOptions())
    assert len(targets) == 1
    assert "s3cr" not in targets[0].host_id


def _spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def test_a_hanging_process_is_killed_with_its_children_at_the_deadline() -> None:
    # A child that keeps the pipe open after its parent is gone, like a daemon
    # started by an init script: the whole group must go.
    proc = _spawn(["sh", "-c", "sleep 300 & echo started; wait"])
    started = time.monotonic()
    try:
        out, _err, problem = read_bounded(proc, started + 1.0, "1 s (test)")
    finally:
        kill_group(proc)
    elapsed = time.monotonic() - started
    assert problem is not None
    assert "no complete answer within 1 s (test)" in problem
    assert "some output" in problem
    assert out == b"started\n"
    assert elapsed < 10, elapsed
    assert proc.returncode is not None
    assert _live_members(proc.pid) == []  # nothing of the group is left running


def _live_members(pgid: int) -> list[int]:
    """Processes of the group that are not zombies (a killed orphan waits for its reaper)."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            live.append(int(stat.parent.name))
    return live


def test_a_flood_of_output_is_cut_at_the_limit() -> None:
    proc = _spawn(["sh", "-c", "while :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done"])
    try:
        out, _err, problem = read_bounded(proc, time.monotonic() + 60, "60 s")
    finally:
        kill_group(proc)
    assert problem is not None
    assert "more than 4 MiB of output" in problem
    assert OUTPUT_LIMIT < len(out) <= OUTPUT_LIMIT + 65536


def test_a_quick_process_gives_its_output() -> None:
    proc = _spawn(["sh", "-c", "echo out; echo err >&2; exit 3"])
    try:
        out, err, problem = read_bounded(proc, time.monotonic() + 30, "30 s")
    finally:
        kill_group(proc)
    assert (out, err, problem, proc.returncode) == (b"out\n", b"err\n", None, 3)


def test_step_limit_keeps_the_probe_inside_the_command_timeout() -> None:
    assert ConnectionOptions(command_timeout=60).step_limit == 7
    assert ConnectionOptions(command_timeout=6).step_limit == 2
    assert ConnectionOptions(command_timeout=60).host_limit == 70
