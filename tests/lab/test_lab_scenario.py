"""The lab's scenario files and the files it renders from them (no root, no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lab import LabError, load_scenario
from lab.render import agent_config, app_info, etc_hosts, targets_yaml
from lab.scenario import HostSpec, parse_scenario

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "lab" / "scenarios"

# The diagnosis order; a host's root cause is the first check that fails.
CHECK_IDS = (
    "host.reachable",
    "step1.installed",
    "step1.running",
    "step2.config_valid",
    "step2.region",
    "step2.network",
    "step2.endpoint",
    "step3.ip_recorded",
    "step3.ip_in_group",
    "step3.ip_current",
    "step4.user_id",
)

MINIMAL = """\
project: {name: web-logs, region: cn-hangzhou, network: intranet}
account_ids: ["1234567890123456"]
machine_groups: [{name: web-servers}]
hosts:
  - name: healthy
"""


def _host(extra: str = "", *, project_network: str = "intranet") -> HostSpec:
    text = MINIMAL.replace("network: intranet", f"network: {project_network}") + extra
    return parse_scenario(text, Path("t.yaml")).hosts[0]


# ---------------------------------------------------------------- shipped scenarios


@pytest.mark.parametrize("name", ["demo.yaml", "smoke.yaml"])
def test_shipped_scenarios_are_valid(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    for host in scenario.hosts:
        assert isinstance(host.expect, dict), host.name
        assert host.expect["status"] in ("healthy", "unhealthy", "unreachable"), host.name
        cause = host.expect["root_cause"]
        assert cause is None or cause in CHECK_IDS, host.name
        assert (cause is None) == (host.expect["status"] == "healthy"), host.name
        assert (cause == "host.reachable") == (host.expect["status"] == "unreachable")


def test_demo_has_a_healthy_host_and_every_fault_class() -> None:
    scenario = load_scenario(SCENARIOS / "demo.yaml")
    causes = [h.expect["root_cause"] for h in scenario.hosts]
    assert set(causes) == {*CHECK_IDS, None}
    assert 15 <= len(scenario.hosts) <= 20
    loong = [h for h in scenario.hosts if h.agent == "loongcollector"]
    assert loong
    assert loong[0].config_format == "new"
    assert loong[0].expect["status"] == "healthy"


def test_smoke_is_healthy_plus_stopped() -> None:
    hosts = load_scenario(SCENARIOS / "smoke.yaml").hosts
    assert [(h.name, h.agent_state) for h in hosts] == [
        ("healthy", "running"),
        ("stopped", "stopped"),
    ]


def test_defaults_are_filled_in() -> None:
    host = _host()
    assert host.to_entry() == {
        "name": "healthy",
        "hostname": "lt-healthy",
        "sshd": True,
        "machine_group": "web-servers",
        "in_group": True,
        "same_account_ecs": False,
        "agent": "logtail",
        "agent_state": "running",
        "config": "ok",
        "config_format": "old",
        "config_region": "cn-hangzhou",
        "config_network": "intranet",
        "endpoint": "sls",
        "app_info": "ok",
        "app_info_ip": "auto",
        "hostname_binding": "own",
        "extra_nics": [],
        "user_ids": ["1234567890123456"],
        "expect": None,
        "ssh_fault": "none",
        "agent_status": "normal",
        "config_server_url_override": None,
    }
    assert HostSpec.from_entry(host.to_entry()) == host


# ---------------------------------------------------------------- bad scenario files

BAD = [
    ("unknown host key", "    agnet: logtail\n", "hosts[0].agnet"),
    ("bad name", "  - name: Bad_Name\n", "hosts[1].name"),
    ("duplicate name", "  - name: healthy\n", "hosts[1].name"),
    ("bad agent", "    agent: fluentd\n", "hosts[0].agent"),
    ("bad bool", "    sshd: maybe\n", "hosts[0].sshd"),
    ("bad binding", "    hostname_binding: somewhere\n", "hosts[0].hostname_binding"),
    ("unknown group", "    machine_group: nope\n", "hosts[0].machine_group"),
    ("bad nic", "    extra_nics: [{name: eth1, ip: 10.251.0.5}]\n", "hosts[0].extra_nics[0].ip"),
    ("numeric user id", "    user_ids: [123]\n", "hosts[0].user_ids[0]"),
    ("user id with a slash", "    user_ids: [a/b]\n", "hosts[0].user_ids[0]"),
    ("bad ssh fault", "    ssh_fault: sometimes\n", "hosts[0].ssh_fault"),
    ("bad status fault", "    agent_status: flaky\n", "hosts[0].agent_status"),
    (
        "empty url override",
        "    config_server_url_override: ''\n",
        "hosts[0].config_server_url_override",
    ),
    ("hostname with a newline", '    hostname: "a\\nb"\n', "hosts[0].hostname"),
]


@pytest.mark.parametrize(
    ("extra", "field"), [(e, f) for _, e, f in BAD], ids=[i for i, _, _ in BAD]
)
def test_bad_host_field_names_file_and_field(tmp_path: Path, extra: str, field: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL + extra)
    with pytest.raises(LabError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: "), message


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (MINIMAL + "extra_top: 1\n", "extra_top"),
        (MINIMAL.replace("network: intranet", "network: lan"), "project.network"),
        (MINIMAL.replace("region: cn-hangzhou", "region: cn-hangzhou, zone: a"), "project.zone"),
        (MINIMAL.replace('["1234567890123456"]', "[1234567890123456]"), "account_ids[0]"),
        (
            MINIMAL.replace("{name: web-servers}", "{name: g, extra_ips: [10.0.0.300]}"),
            "machine_groups[0].extra_ips[0]",
        ),
        (MINIMAL.replace("hosts:\n  - name: healthy\n", "hosts: []\n"), "hosts"),
        ("- just\n- a list\n", "document"),
    ],
)
def test_bad_document_names_file_and_field(tmp_path: Path, document: str, field: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(document)
    with pytest.raises(LabError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: "), message


def test_yaml_syntax_error_and_duplicate_key_are_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL + "    agent: [unclosed\n")
    with pytest.raises(LabError, match=r"^.*bad\.yaml: line \d+: invalid YAML"):
        load_scenario(path)
    path.write_text(MINIMAL + "    agent: logtail\n    agent: none\n")
    with pytest.raises(LabError, match=r"duplicate key 'agent'"):
        load_scenario(path)


def test_cli_reports_bad_scenario_in_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL + "    colour: blue\n")
    done = subprocess.run(
        [sys.executable, "-m", "lab", "up", str(path), "--dir", str(tmp_path / "lab")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert str(path) in done.stderr
    assert "hosts[0].colour" in done.stderr
    assert not (tmp_path / "lab").exists()


# ---------------------------------------------------------------- rendered files


@pytest.mark.parametrize(
    ("network", "config_server", "endpoint"),
    [
        (
            "intranet",
            "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com",
            "cn-hangzhou-intranet.log.aliyuncs.com",
        ),
        ("internet", "http://logtail.cn-hangzhou.log.aliyuncs.com", "cn-hangzhou.log.aliyuncs.com"),
        ("acceleration", "http://logtail.cn-hangzhou.log.aliyuncs.com", "log-global.aliyuncs.com"),
    ],
)
def test_agent_config_formats(network: str, config_server: str, endpoint: str) -> None:
    old = json.loads(agent_config(_host(f"    config_network: {network}\n")))
    assert old["config_server_address"] == config_server
    assert old["data_server_list"] == [{"cluster": "cn-hangzhou", "endpoint": endpoint}]
    assert old["cpu_usage_limit"] == 0.4

    new = json.loads(
        agent_config(_host(f"    config_network: {network}\n    config_format: new\n"))
    )
    assert new["primary_region"] == "cn-hangzhou"
    assert new["config_servers"] == [config_server]
    assert new["data_servers"] == [{"region": "cn-hangzhou", "endpoint_list": [endpoint]}]
    assert "config_server_address" not in new


def test_invalid_config_is_not_json() -> None:
    text = agent_config(_host("    config: invalid\n"))
    assert '"config_server_address"' in text
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)


def test_app_info_looks_like_jsoncpp_output() -> None:
    text = app_info(_host(), "10.250.0.2", 1_700_000_000.0)
    lines = text.splitlines()
    assert lines[0] == "{"
    assert lines[-1] == "}"
    assert all(ln.startswith('   "') and '" : ' in ln for ln in lines[1:-1])
    data = json.loads(text)
    assert list(data) == [
        "UUID",
        "hostname",
        "instance_id",
        "ip",
        "logtail_version",
        "os",
        "update_time",
    ]
    assert data["ip"] == "10.250.0.2"
    assert data["hostname"] == "lt-healthy"
    assert "_10.250.0.2_1700000000" in data["instance_id"]

    loong = json.loads(app_info(_host("    agent: loongcollector\n"), "10.250.0.3", 0.0))
    assert "loongcollector_version" in loong
    assert "logtail_version" not in loong
    assert json.loads(app_info(_host('    app_info_ip: ""\n'), "10.250.0.2", 0.0))["ip"] == ""


@pytest.mark.parametrize(
    ("binding", "line"),
    [
        ("own", "10.250.0.7\tlt-healthy"),
        ("loopback", "127.0.1.1\tlt-healthy"),
        ("10.250.254.77", "10.250.254.77\tlt-healthy"),
        ("none", None),
    ],
)
def test_etc_hosts_binding(binding: str, line: str | None) -> None:
    lines = etc_hosts(_host(f"    hostname_binding: {binding}\n"), "10.250.0.7", "web-logs")
    rows = lines.splitlines()
    assert rows[0] == "127.0.0.1\tlocalhost"
    assert (line in rows) if line else not any("lt-healthy" in r for r in rows)


@pytest.mark.parametrize(
    ("mode", "address"),
    [("sls", "10.250.255.254"), ("other_web", "10.250.255.253"), ("refused", "10.250.255.252")],
)
def test_etc_hosts_endpoint_names(mode: str, address: str) -> None:
    rows = etc_hosts(_host(f"    endpoint: {mode}\n"), "10.250.0.7", "web-logs").splitlines()
    names = rows[-1].split()
    assert names[0] == address
    assert "logtail.cn-hangzhou-intranet.log.aliyuncs.com" in names
    assert "cn-hangzhou-intranet.log.aliyuncs.com" in names


def test_targets_file_shape() -> None:
    scenario = load_scenario(SCENARIOS / "demo.yaml")
    ips = {h.name: f"10.250.0.{i + 2}" for i, h in enumerate(scenario.hosts)}
    text, data = targets_yaml(scenario, ips)
    assert text.startswith(
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        'account_ids: ["1234567890123456"]\n'
        "machine_groups:\n"
        "  - name: web-servers\n"
        "    ips: [10.250.0.2, 10.250.0.3, "
    )
    loaded = yaml.safe_load(text)
    assert loaded == data
    groups = {g["name"]: g["ips"] for g in loaded["machine_groups"]}
    not_in_group = ips["not-in-group"]
    assert not_in_group not in groups["web-servers"]
    assert groups["web-servers"][-1] == "10.250.254.9"
    assert groups["app-servers"] == [ips["loong"]]
    hosts = loaded["hosts"]
    assert len(hosts) == len(scenario.hosts)
    assert hosts[0] == {
        "url": "ssh://root@10.250.0.2",
        "machine_group": "web-servers",
        "same_account_ecs": False,
    }
