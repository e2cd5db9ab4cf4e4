"""The lab's agent flavours and "no heartbeat" causes, observed inside real lab hosts.

Builds one lab with a host per new scenario field (a second agent instance,
the community edition, agent_env, HTTPS, an unresolvable endpoint, a skewed
clock, a config touched after the start, config_extra, user_defined_id, the
-internal endpoints, Logtail 0.x) and looks at each from inside the host
(nsenter, and ssh where the login's PATH matters). Needs root.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lab import Lab
from tests.lab.support import need_root_and_no_lab, ssh

SCENARIO = """\
project: {name: web-logs, region: cn-hangzhou, network: intranet}
account_ids: ["1234567890123456"]
machine_groups:
  - name: web-servers
  - name: custom-group
    custom_ids: [web-custom-1]
hosts:
  - name: healthy
  - name: two
    agent_instances: 2
  - name: community
    agent: community
    agent_instances: 2
    config_format: new
    user_defined_id: "a\\nb"
    machine_group: custom-group
  - name: community-one
    agent: community
  - name: edited
    config_changed_after_start: true
  - name: nodns
    endpoint: unresolvable
  - name: nohttps
    https: blocked
  - name: env
    agent: loongcollector
    config_format: new
    agent_env:
      HTTPS_PROXY: "http://u:p@10.250.254.30:3128"
      WEIRD: "$(touch /tmp/ltd-owned-env1) `touch /tmp/ltd-owned-env2`; \\"q\\" 'q' \\\\ * $HOME"
  - name: ahead
    clock_offset: 1800
  - name: internal
    agent: loongcollector
    config_format: new
    config_network: internal
  - name: old
    agent: logtail0
    agent_version: "0.16.50"
    user_defined_id: web-custom-1
  - name: extra
    config_extra: {working_ip: 10.250.254.20, bind_interface: ens5, max_bytes_per_sec: 7,
                   enable_log_time_auto_adjust: true}
"""
SLS_BODY_PREFIX = '{"Error":{"Code":"OLSInvalidMethod","Message":"The script name is invalid : /"'
CONFIG_SERVER = "logtail.cn-hangzhou-intranet.log.aliyuncs.com"
CONFIG = "/usr/local/ilogtail/ilogtail_config.json"
COMMUNITY_CONFIG = "/opt/loongcollector/conf/instance_config/local/loongcollector_config.json"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    need_root_and_no_lab()
    base = tmp_path_factory.mktemp("causes")
    scenario = base / "causes-live.yaml"
    scenario.write_text(SCENARIO)
    built = Lab.up(scenario, base / "w")
    try:
        yield built
    finally:
        built.down()


def sh(lab: Lab, host: str, script: str) -> subprocess.CompletedProcess[str]:
    return lab.run(host, ["/bin/sh", "-c", script], timeout=30)


def agents(lab: Lab, host: str) -> list[tuple[int, int, str]]:
    """(pid, ppid, comm) of the host's agent processes."""
    done = sh(lab, host, "ps -eo pid=,ppid=,comm=")
    rows = [line.split() for line in done.stdout.splitlines()]
    return [
        (int(pid), int(ppid), comm)
        for pid, ppid, comm in rows
        if comm in ("ilogtail", "loongcollector")
    ]


def daemons_and_workers(procs: list[tuple[int, int, str]]) -> tuple[list[int], list[int]]:
    daemons = [pid for pid, ppid, _ in procs if ppid == 1]
    workers = [pid for pid, ppid, _ in procs if ppid in daemons]
    return daemons, workers


# ---------------------------------------------------------------- agent_instances


def test_second_instance_runs_and_status_says_abnormal(lab: Lab) -> None:
    procs = agents(lab, "two")
    daemons, workers = daemons_and_workers(procs)
    assert (len(daemons), len(workers), len(procs)) == (2, 2, 4), procs
    assert {comm for _, _, comm in procs} == {"ilogtail"}
    done = sh(lab, "two", "/etc/init.d/ilogtaild status")
    assert done.returncode == 1
    assert done.stdout.endswith("ilogtail running process is abnormal.\n"), done.stdout
    # the single instance next to it is fine
    done = sh(lab, "healthy", "/etc/init.d/ilogtaild status")
    assert (done.returncode, done.stdout) == (0, "ilogtail is running\n")


# ---------------------------------------------------------------- agent: community / logtail0


def test_community_edition_layout_and_processes(lab: Lab) -> None:
    procs = agents(lab, "community")
    assert [(ppid, comm) for _, ppid, comm in procs] == [(1, "loongcollector")] * 2, procs
    procs = agents(lab, "community-one")
    assert [(ppid, comm) for _, ppid, comm in procs] == [(1, "loongcollector")], procs
    done = sh(
        lab,
        "community",
        "ls /etc/init.d/loongcollectord /etc/init.d/ilogtaild /usr/local/ilogtail /etc/ilogtail"
        " 2>&1; readlink /proc/$(pgrep -o -x loongcollector)/exe;"
        f" cat /opt/loongcollector/run/app_info.json {COMMUNITY_CONFIG};"
        " echo ---; cat /opt/loongcollector/conf/user_defined_id",
    )
    out = done.stdout
    assert out.count("No such file or directory") == 4, out
    assert "/opt/loongcollector/loongcollector\n" in out
    app_info, _, rest = out.split("\n{\n", 1)[1].partition("\n}\n")
    info = json.loads("{\n" + app_info + "\n}")
    assert info["loongcollector_version"] == "3.0.12 Community Edition"
    assert {"git_hash", "build_date"} <= set(info)
    assert info["ip"] == lab.host("community").ip
    config_text, _, uid = rest.partition("---\n")
    assert json.loads(config_text)["config_servers"] == [f"http://{CONFIG_SERVER}"]
    assert uid == "a\nb\n"
    done = sh(lab, "community-one", f"cat {COMMUNITY_CONFIG}")
    config = json.loads(done.stdout)
    assert "config_servers" not in config
    assert "config_server_address" not in config


def test_logtail0_with_a_version_override(lab: Lab) -> None:
    done = sh(
        lab,
        "old",
        "cat /usr/local/ilogtail/app_info.json; /etc/init.d/ilogtaild status;"
        " cat /etc/ilogtail/user_defined_id",
    )
    app_info, _, rest = done.stdout.partition("}\n")
    assert json.loads(app_info + "}")["logtail_version"] == "0.16.50"
    assert rest == "ilogtail is running\nweb-custom-1\n"


# ---------------------------------------------------------------- agent_env


def test_agent_env_is_in_every_agent_process_environment(lab: Lab) -> None:
    procs = agents(lab, "env")
    assert len(procs) == 2, procs
    for pid, _, _ in procs:
        done = sh(lab, "env", f"cat /proc/{pid}/environ")
        env = dict(item.split("=", 1) for item in done.stdout.split("\0") if item)
        assert env["HTTPS_PROXY"] == "http://u:p@10.250.254.30:3128"
        assert env["WEIRD"] == (
            "$(touch /tmp/ltd-owned-env1) `touch /tmp/ltd-owned-env2`; \"q\" 'q' \\ * $HOME"
        )
    # Nothing in the value ran: no marker on the host, nor on this machine.
    done = sh(lab, "env", "ls /tmp /root /usr/local/ilogtail /")
    assert "ltd-owned" not in done.stdout
    assert not list(Path("/tmp").glob("ltd-owned-env*"))
    # A host without agent_env has none of it.
    pid = agents(lab, "healthy")[0][0]
    assert "HTTPS_PROXY" not in sh(lab, "healthy", f"cat /proc/{pid}/environ").stdout


# ---------------------------------------------------------------- https


def test_https_works_with_verification_on_every_endpoint_name(lab: Lab) -> None:
    names = [
        CONFIG_SERVER,
        "cn-hangzhou-intranet.log.aliyuncs.com",
        "web-logs.cn-hangzhou-intranet.log.aliyuncs.com",
        "ali-cn-hangzhou-sls-admin.cn-hangzhou-intranet.log.aliyuncs.com",
    ]
    for name in names:
        done = sh(lab, "healthy", f"curl -sS -m 5 https://{name}/")
        assert done.returncode == 0, (name, done.stderr)
        assert done.stdout.startswith(SLS_BODY_PREFIX), (name, done.stdout)
    done = sh(lab, "healthy", f"curl -sS -m 5 -o /dev/null -D - https://{CONFIG_SERVER}/")
    assert done.stdout.startswith("HTTP/1.1 405 ")
    assert "\nDate: " in done.stdout
    # internal endpoint names are in the certificate too
    name = "logtail.cn-hangzhou-internal.log.aliyuncs.com"
    done = sh(lab, "internal", f"curl -sS -m 5 https://{name}/; curl -sS -m 5 http://{name}/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(SLS_BODY_PREFIX) == 2


def test_https_blocked_fails_fast_and_http_still_works(lab: Lab) -> None:
    started = time.monotonic()
    done = sh(lab, "nohttps", f"curl -sS -m 5 https://{CONFIG_SERVER}/")
    assert done.returncode == 7, done  # connection refused: the reset came at once
    assert time.monotonic() - started < 3
    done = sh(lab, "nohttps", f"curl -sS -m 5 http://{CONFIG_SERVER}/")
    assert done.stdout.startswith(SLS_BODY_PREFIX), done


# ---------------------------------------------------------------- endpoint: unresolvable


def test_unresolvable_endpoint_fails_fast(lab: Lab) -> None:
    started = time.monotonic()
    done = sh(lab, "nodns", f"getent hosts {CONFIG_SERVER}; echo rc=$?; cat /etc/hosts")
    assert time.monotonic() - started < 3
    assert "rc=2" in done.stdout
    assert "aliyuncs" not in done.stdout
    done = sh(lab, "nodns", f"curl -sS -m 5 http://{CONFIG_SERVER}/")
    assert done.returncode == 6, done  # could not resolve host


# ---------------------------------------------------------------- clock_offset


def test_clock_offset_shifts_date_only(lab: Lab) -> None:
    done = sh(lab, "ahead", "date +%s; /bin/date +%s; date -d @0 +%s")
    shifted, real, fixed = (int(x) for x in done.stdout.split())
    assert abs(shifted - real - 1800) <= 2
    assert abs(real - time.time()) < 5  # the machine's clock is untouched
    assert fixed == 0
    # An ssh login (the suite's way in) finds the fake date first on its PATH.
    done = ssh(lab, "ahead", "command -v date; date +%s")
    path, stamp = done.stdout.split()
    assert path == "/usr/local/bin/date"
    assert abs(int(stamp) - time.time() - 1800) <= 5
    done = ssh(lab, "healthy", "command -v date; date +%s")
    path, stamp = done.stdout.split()
    assert path == "/usr/bin/date"
    assert abs(int(stamp) - time.time()) <= 5


# ---------------------------------------------------------------- config_changed_after_start


def test_config_is_newer_than_the_agent(lab: Lab) -> None:
    for host, newer in (("edited", True), ("healthy", False)):
        daemon = daemons_and_workers(agents(lab, host))[0][0]
        done = sh(lab, host, f"stat -c %Y {CONFIG}; /bin/date +%s; ps -o etimes= -p {daemon}")
        mtime, now, elapsed = (int(x) for x in done.stdout.split())
        agent_start = now - elapsed
        if newer:
            # 5 s later; whole seconds measured at slightly different moments
            assert mtime - agent_start >= 3, (mtime, agent_start)
        else:
            assert mtime <= agent_start, (mtime, agent_start)


# ---------------------------------------------------------------- config_extra


def test_config_extra_keys_are_in_the_config(lab: Lab) -> None:
    config = json.loads(sh(lab, "extra", f"cat {CONFIG}").stdout)
    assert config["working_ip"] == "10.250.254.20"
    assert config["bind_interface"] == "ens5"
    assert config["max_bytes_per_sec"] == 7
    assert config["enable_log_time_auto_adjust"] is True
    assert config["config_server_address"] == f"http://{CONFIG_SERVER}"


# ---------------------------------------------------------------- snapshot


def test_snapshot_covers_the_new_files_and_reads_change_nothing(lab: Lab) -> None:
    before = lab.snapshot()
    for files in before.values():
        assert "etc/ssl/certs/ca-certificates.crt" in files
    assert "usr/local/bin/date" in before["ahead"]
    assert "usr/local/bin/date" not in before["healthy"]
    assert "etc/ilogtail/user_defined_id" in before["old"]
    assert "etc/ilogtail/user_defined_id" not in before["healthy"]
    community = before["community"]
    for path in (
        "opt/loongcollector/loongcollector",
        "opt/loongcollector/run/app_info.json",
        "opt/loongcollector/conf/user_defined_id",
        COMMUNITY_CONFIG.lstrip("/"),
    ):
        assert path in community, path
    assert not any(p.startswith(("usr/local/ilogtail", "etc/init.d")) for p in community)
    for host in ("healthy", "community", "ahead", "nohttps"):
        done = ssh(
            lab,
            host,
            f"date; curl -s -m 2 https://{CONFIG_SERVER}/ >/dev/null; cat /opt/*/run/*.json"
            " /usr/local/ilogtail/*.json >/dev/null 2>&1; ps aux >/dev/null; true",
        )
        assert done.returncode == 0, done.stderr
    assert lab.snapshot() == before
