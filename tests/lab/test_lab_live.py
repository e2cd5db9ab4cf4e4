"""The lab for real: build the smoke scenario, talk to its hosts over ssh, tear it down.

Needs root (network namespaces, sshd); as any other user these tests fail.
The tests run in file order; the last one tears the lab down and checks that
nothing of it is left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lab import Lab, LabError
from lab.network import RULE_COMMENT
from lab.render import ssh_config
from lab.state import STATE_FILE
from tests.lab.support import bridge_exists, need_root_and_no_lab, ssh

REPO = Path(__file__).resolve().parents[2]
SMOKE = REPO / "lab" / "scenarios" / "smoke.yaml"
SLS_BODY_PREFIX = '{"Error":{"Code":"OLSInvalidMethod","Message":"The script name is invalid : /"'


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    need_root_and_no_lab()
    built = Lab.up(SMOKE, tmp_path_factory.mktemp("lab") / "w")
    try:
        yield built
    finally:
        built.down()


def test_hosts_match_the_scenario(lab: Lab) -> None:
    assert [(h.name, h.ip, h.url) for h in lab.hosts] == [
        ("healthy", "10.250.0.2", "ssh://root@10.250.0.2"),
        ("stopped", "10.250.0.3", "ssh://root@10.250.0.3"),
    ]
    assert lab.hosts[1].expect == {"status": "unhealthy", "root_cause": "step1.running"}
    assert lab.hosts[1].entry["agent_state"] == "stopped"
    assert lab.account_ids == ["1234567890123456"]


def test_targets_file_and_ssh_config(lab: Lab) -> None:
    assert yaml.safe_load(lab.targets_file.read_text()) == {
        "project": {"name": "web-logs", "region": "cn-hangzhou", "network": "intranet"},
        "account_ids": ["1234567890123456"],
        "machine_groups": [{"name": "web-servers", "ips": ["10.250.0.2", "10.250.0.3"]}],
        "hosts": [
            {
                "url": "ssh://root@10.250.0.2",
                "machine_group": "web-servers",
                "same_account_ecs": False,
            },
            {
                "url": "ssh://root@10.250.0.3",
                "machine_group": "web-servers",
                "same_account_ecs": False,
            },
        ],
    }
    config = lab.ssh_config.read_text()
    # no latency asked: no relay, and the one generic block, exactly as rendered
    assert (lab.latency_ms, lab.relay_pid, lab.relay_ports) == (0.0, None, {})
    assert config == ssh_config(lab.identity_file)
    assert f"IdentityFile {lab.identity_file}\n" in config
    assert "ControlPath" not in config
    assert lab.identity_file.stat().st_mode & 0o077 == 0


def test_hostname_and_app_info_ip(lab: Lab) -> None:
    for host in lab.hosts:
        done = ssh(lab, host.name, "hostname; cat /usr/local/ilogtail/app_info.json")
        assert done.returncode == 0, done.stderr
        hostname, _, app_info = done.stdout.partition("\n")
        assert hostname == host.hostname == f"lt-{host.name}"
        assert json.loads(app_info)["ip"] == host.ip
        assert f'"ip" : "{host.ip}"' in app_info


def test_init_script_status(lab: Lab) -> None:
    healthy, stopped = lab.hosts
    done = ssh(lab, healthy.name, "/etc/init.d/ilogtaild status")
    assert (done.returncode, done.stdout) == (0, "ilogtail is running\n")
    done = ssh(lab, stopped.name, "/etc/init.d/ilogtaild status")
    assert (done.returncode, done.stdout) == (3, "ilogtail is stopped\n")


def test_agent_is_daemon_plus_one_worker(lab: Lab) -> None:
    healthy, stopped = lab.hosts
    done = ssh(lab, healthy.name, "ps -eo pid=,ppid=,comm=")
    procs = [line.split() for line in done.stdout.splitlines()]
    agents = [(int(pid), int(ppid)) for pid, ppid, comm in procs if comm == "ilogtail"]
    daemons = [pid for pid, ppid in agents if ppid == 1]
    workers = [pid for pid, ppid in agents if ppid in daemons]
    assert (len(daemons), len(workers), len(agents)) == (1, 1, 2), procs
    done = ssh(lab, stopped.name, "ps -eo comm=")
    assert "ilogtail" not in done.stdout.split()


def test_ps_shows_only_the_hosts_own_processes(lab: Lab) -> None:
    for host in lab.hosts:
        done = ssh(lab, host.name, "ps -eo pid=,comm=")
        procs = [line.split() for line in done.stdout.splitlines()]
        assert procs[0] == ["1", "sshd"], procs
        comms = {comm for _, comm in procs}
        assert comms <= {"sshd", "bash", "ps", "ilogtail", "sleep"}, procs
        assert len(procs) <= 8, procs


def test_config_server_answers_like_sls(lab: Lab) -> None:
    for host in lab.hosts:
        done = ssh(
            lab, host.name, "curl -s -m 5 http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
        )
        assert done.stdout.startswith(SLS_BODY_PREFIX), done
        error = json.loads(done.stdout)["Error"]
        assert error["Code"] == "OLSInvalidMethod"
        assert len(error["RequestId"]) == 24


def test_hosts_are_fenced_in(lab: Lab) -> None:
    host = lab.hosts[0]
    done = ssh(
        lab,
        host.name,
        "ip -4 route; cat /proc/sys/net/ipv6/conf/all/disable_ipv6;"
        " curl -s -m 1 http://10.250.0.1:9/; echo root=$?;"
        " curl -s -m 1 http://192.0.2.1/; echo outside=$?;"
        " getent hosts no-such-name.example; echo dns=$?",
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("10.250.0.0/16 dev eth0"), lines
    assert len([ln for ln in lines if " dev " in ln]) == 1, lines  # no default route
    assert "1" in lines
    assert "root=28" in lines  # the guard rule drops new connections into this machine
    assert "outside=7" in lines  # no route out of the lab
    assert "dns=2" in lines


def test_snapshot_unchanged_by_read_only_commands(lab: Lab) -> None:
    before = lab.snapshot()
    assert set(before) == {"healthy", "stopped"}
    for files in before.values():
        for path in (
            "etc/hosts",
            "etc/hostname",
            "etc/init.d/ilogtaild",
            "usr/local/ilogtail/ilogtail_config.json",
            "usr/local/ilogtail/app_info.json",
            "usr/local/ilogtail/ilogtail",
            "etc/ilogtail/users/1234567890123456",
            "root/.ssh/authorized_keys",
        ):
            assert path in files
    for host in lab.hosts:
        done = ssh(
            lab,
            host.name,
            "cat /etc/hosts /usr/local/ilogtail/*.json >/dev/null; ls -la /etc/ilogtail/users;"
            " /etc/init.d/ilogtaild status; ps aux; getent ahostsv4 $(hostname);"
            " curl -s -m 2 http://cn-hangzhou-intranet.log.aliyuncs.com; ip addr; true",
        )
        assert done.returncode == 0, done.stderr
    assert lab.snapshot() == before


def test_load_reattaches_from_the_state_file(lab: Lab) -> None:
    again = Lab.load(lab.workdir)
    assert [(h.name, h.ip, h.spec) for h in again.hosts] == [
        (h.name, h.ip, h.spec) for h in lab.hosts
    ]
    assert again.targets_file == lab.targets_file
    assert again.snapshot() == lab.snapshot()


def test_exec_runs_inside_a_host(lab: Lab) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "lab",
            "exec",
            "--dir",
            str(lab.workdir),
            "stopped",
            "--",
            "hostname",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "lt-stopped\n"), done.stderr
    assert lab.run("healthy", ["cat", "/etc/hostname"]).stdout == "lt-healthy\n"


def test_second_lab_is_refused(lab: Lab, tmp_path: Path) -> None:
    with pytest.raises(LabError, match="another lab is up"):
        Lab.up(SMOKE, tmp_path / "second")
    assert not (tmp_path / "second").exists()


def test_down_leaves_nothing_behind(lab: Lab) -> None:
    state = json.loads((lab.workdir / STATE_FILE).read_text())
    pids = {entry["pid"] for entry in state["launchers"]}
    for ns in state["netns"]:
        out = subprocess.run(
            ["ip", "netns", "pids", ns], capture_output=True, text=True, check=True
        ).stdout
        pids.update(int(p) for p in out.split())
    assert len(pids) >= 3

    lab.down()
    lab.down()  # idempotent

    netns = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, check=True)
    assert "ltd" not in netns.stdout
    assert not bridge_exists()
    links = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True, check=True)
    assert "ltdv" not in links.stdout
    rules = subprocess.run(["iptables", "-S"], capture_output=True, text=True, check=True)
    assert RULE_COMMENT not in rules.stdout
    survivors = {
        p: Path(f"/proc/{p}/stat").read_text().split(")")[-1].split()[:2]
        for p in pids
        if Path(f"/proc/{p}").exists()
    }
    assert not survivors, (survivors, os.getpid(), state["launchers"])
    assert not lab.workdir.exists()
