"""The lab's scenario files and the files it renders from them (no root, no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from lab import LabError, load_scenario
from lab.render import (
    agent_config,
    agent_layout,
    app_info,
    endpoint_names,
    etc_hosts,
    targets_yaml,
    tls_names,
    user_defined_id,
)
from lab.scenario import HostSpec, parse_scenario
from logtail_doctor.catalogue import HOST_CHECK_IDS

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "lab" / "scenarios"


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


@pytest.mark.parametrize(
    "name",
    [
        "demo.yaml",
        "smoke.yaml",
        "causes.yaml",
        "flavours.yaml",
        "remediation.yaml",
        "agent_env.yaml",
        "agent_log.yaml",
    ],
)
def test_shipped_scenarios_are_valid(name: str) -> None:
    scenario = load_scenario(SCENARIOS / name)
    for host in scenario.hosts:
        assert isinstance(host.expect, dict), host.name
        assert host.expect["status"] in ("healthy", "unhealthy", "unreachable"), host.name
        cause = host.expect["root_cause"]
        assert cause is None or cause in HOST_CHECK_IDS, host.name
        assert (cause is None) == (host.expect["status"] == "healthy"), host.name
        assert (cause == "host.reachable") == (host.expect["status"] == "unreachable")


def test_demo_and_causes_have_a_healthy_host_and_every_fault_class() -> None:
    scenario = load_scenario(SCENARIOS / "demo.yaml")
    causes = [h.expect["root_cause"] for h in scenario.hosts]
    more = [h.expect["root_cause"] for h in load_scenario(SCENARIOS / "causes.yaml").hosts]
    env = [h.expect["root_cause"] for h in load_scenario(SCENARIOS / "agent_env.yaml").hosts]
    # A Kubernetes pod's own cause (step1.pod) lives in the containers' scenario.
    pods = [h.expect["root_cause"] for h in load_scenario(SCENARIOS / "containers.yaml").hosts]
    assert None in causes
    assert None in more
    assert {*causes, *more, *env, *pods} == {*HOST_CHECK_IDS, None}
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
        "agent_version": None,
        "agent_instances": 1,
        "agent_env": {},
        "clock_offset": 0,
        "https": "ok",
        "config_changed_after_start": False,
        "agent_records_ip": False,
        "config_extra": {},
        "user_defined_id": None,
        "received_configs": "ok",
        "project": "web-logs",
        "ecs_metadata_cache": None,
        "config_d": {},
        "config_path": None,
        "container_agent": False,
        "users_folder": "plain",
        "agent_log": "ok",
        "agent_ca_bundle": "ok",
        "container": "none",
    }
    assert HostSpec.from_entry(host.to_entry()) == host


def test_flavours_scenario_names_every_agent() -> None:
    hosts = load_scenario(SCENARIOS / "flavours.yaml").hosts
    assert {h.agent for h in hosts} == {"logtail", "logtail0", "loongcollector", "community"}
    assert all(isinstance(h.expect.get("agent"), str) for h in hosts)
    community = next(h for h in hosts if h.agent == "community")
    assert community.config_format == "community"
    assert community.user_ids == ()


def test_new_fields_round_trip_through_the_entry() -> None:
    host = _host(
        "    agent: loongcollector\n"
        "    config_format: new\n"
        "    config_network: internal\n"
        "    agent_version: 3.1.0\n"
        "    agent_instances: 2\n"
        "    agent_env: {HTTPS_PROXY: 'http://u:p@h:1', no_proxy: '$(x) `y` \"q\"'}\n"
        "    clock_offset: -900\n"
        "    https: blocked\n"
        "    config_changed_after_start: true\n"
        "    config_extra: {working_ip: 10.0.0.1, max_bytes_per_sec: 5, streamlog_open: false}\n"
        '    user_defined_id: "a\\nb"\n'
    )
    entry = host.to_entry()
    assert entry["agent_env"] == {"HTTPS_PROXY": "http://u:p@h:1", "no_proxy": '$(x) `y` "q"'}
    assert entry["config_extra"] == {
        "working_ip": "10.0.0.1",
        "max_bytes_per_sec": 5,
        "streamlog_open": False,
    }
    assert entry["user_defined_id"] == "a\nb"
    assert (entry["clock_offset"], entry["https"], entry["agent_instances"]) == (-900, "blocked", 2)
    assert HostSpec.from_entry(json.loads(json.dumps(entry))) == host


def test_custom_id_group_is_parsed() -> None:
    text = MINIMAL.replace(
        "machine_groups: [{name: web-servers}]",
        "machine_groups: [{name: web-servers}, {name: c, custom_ids: [a-1, 'b.2:x']}]",
    )
    scenario = parse_scenario(text + "    machine_group: c\n", Path("t.yaml"))
    assert scenario.machine_groups[0].custom_ids is None
    assert scenario.machine_groups[1].custom_ids == ("a-1", "b.2:x")
    assert scenario.hosts[0].machine_group == "c"


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
    ("bad agent flavour", "    agent: logtail2\n", "hosts[0].agent"),
    ("bad agent version", "    agent_version: 1.0\n", "hosts[0].agent_version"),
    ("agent version newline", '    agent_version: "1\\n2"\n', "hosts[0].agent_version"),
    ("three instances", "    agent_instances: 3\n", "hosts[0].agent_instances"),
    ("boolean instances", "    agent_instances: true\n", "hosts[0].agent_instances"),
    ("float instances", "    agent_instances: 1.0\n", "hosts[0].agent_instances"),
    (
        "second instance of a stopped agent",
        "    agent_instances: 2\n    agent_state: stopped\n",
        "hosts[0].agent_instances",
    ),
    ("env not a mapping", "    agent_env: [A=b]\n", "hosts[0].agent_env"),
    ("bad env name", "    agent_env: {1A: b}\n", "hosts[0].agent_env"),
    ("env name with a dash", "    agent_env: {A-B: b}\n", "hosts[0].agent_env"),
    ("env value not a string", "    agent_env: {A: 1}\n", "hosts[0].agent_env.A"),
    ("env value with a newline", '    agent_env: {A: "x\\ny"}\n', "hosts[0].agent_env.A"),
    ("env value with a NUL", '    agent_env: {A: "x\\0y"}\n', "hosts[0].agent_env.A"),
    ("clock offset text", "    clock_offset: 1h\n", "hosts[0].clock_offset"),
    ("clock offset float", "    clock_offset: 1.5\n", "hosts[0].clock_offset"),
    ("clock offset huge", "    clock_offset: 99999999999\n", "hosts[0].clock_offset"),
    ("bad https", "    https: maybe\n", "hosts[0].https"),
    ("bad endpoint", "    endpoint: nxdomain\n", "hosts[0].endpoint"),
    ("bad config network", "    config_network: vpc\n", "hosts[0].config_network"),
    (
        "changed not a bool",
        "    config_changed_after_start: yes please\n",
        "hosts[0].config_changed_after_start",
    ),
    (
        "changed without a config",
        "    config_changed_after_start: true\n    config: missing\n",
        "hosts[0].config_changed_after_start",
    ),
    (
        "changed with a stopped agent",
        "    config_changed_after_start: true\n    agent_state: stopped\n",
        "hosts[0].config_changed_after_start",
    ),
    ("records ip not a bool", "    agent_records_ip: often\n", "hosts[0].agent_records_ip"),
    (
        "records ip without an init script",
        "    agent: community\n    agent_records_ip: true\n",
        "hosts[0].agent_records_ip",
    ),
    ("extra not a mapping", "    config_extra: working_ip\n", "hosts[0].config_extra"),
    ("extra bad key", "    config_extra: {working ip: x}\n", "hosts[0].config_extra"),
    ("extra list value", "    config_extra: {a: [1]}\n", "hosts[0].config_extra.a"),
    ("extra null value", "    config_extra: {a: null}\n", "hosts[0].config_extra.a"),
    ("extra float value", "    config_extra: {a: 0.5}\n", "hosts[0].config_extra.a"),
    ("user defined id number", "    user_defined_id: 12\n", "hosts[0].user_defined_id"),
    ("user defined id NUL", '    user_defined_id: "a\\0"\n', "hosts[0].user_defined_id"),
    ("env without agent", "    agent: none\n    agent_env: {A: b}\n", "hosts[0].agent_env"),
    ("config.d not a mapping", "    config_d: [a.json]\n", "hosts[0].config_d"),
    ("config.d name not json", "    config_d: {a.txt: x}\n", "hosts[0].config_d"),
    ("config.d name with a slash", "    config_d: {../a.json: x}\n", "hosts[0].config_d"),
    ("config.d text not a string", "    config_d: {a.json: 1}\n", "hosts[0].config_d.a.json"),
    (
        "config.d on community",
        "    agent: community\n    config_d: {a.json: x}\n",
        "hosts[0].config_d",
    ),
    ("config path outside", "    config_path: /root/x.json\n", "hosts[0].config_path"),
    ("config path climbing", "    config_path: /etc/ilogtail/../x.json\n", "hosts[0].config_path"),
    ("container not a bool", "    container_agent: maybe\n", "hosts[0].container_agent"),
    ("metadata cache not an id", "    ecs_metadata_cache: abc\n", "hosts[0].ecs_metadata_cache"),
    (
        "metadata cache without agent",
        "    agent: none\n    ecs_metadata_cache: true\n",
        "hosts[0].ecs_metadata_cache",
    ),
    (
        "user defined id without agent",
        "    agent: none\n    user_defined_id: x\n",
        "hosts[0].user_defined_id",
    ),
    (
        "status fault without init script",
        "    agent: community\n    agent_status: hang\n",
        "hosts[0].agent_status",
    ),
    (
        "community with user ids",
        "    agent: community\n    user_ids: ['1234567890123456']\n",
        "hosts[0].user_ids",
    ),
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
        (
            MINIMAL.replace(
                "{name: web-servers}", "{name: g, extra_ips: [10.0.0.1], custom_ids: [a]}"
            ),
            "machine_groups[0].custom_ids",
        ),
        (
            MINIMAL.replace("{name: web-servers}", "{name: g, custom_ids: []}"),
            "machine_groups[0].custom_ids",
        ),
        (
            MINIMAL.replace("{name: web-servers}", "{name: g, custom_ids: [a b]}"),
            "machine_groups[0].custom_ids[0]",
        ),
        (
            MINIMAL.replace("{name: web-servers}", "{name: g, custom_ids: [ok, 'x/y']}"),
            "machine_groups[0].custom_ids[1]",
        ),
        (
            MINIMAL.replace("{name: web-servers}", "{name: g, custom_ids: a}"),
            "machine_groups[0].custom_ids",
        ),
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
        (
            "internal",
            "http://logtail.cn-hangzhou-internal.log.aliyuncs.com",
            "cn-hangzhou-internal.log.aliyuncs.com",
        ),
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


def test_internal_endpoint_names_are_mapped_to_the_stand_in() -> None:
    host = _host(
        "    agent: loongcollector\n    config_format: new\n    config_network: internal\n"
    )
    assert endpoint_names(host, "web-logs") == [
        "logtail.cn-hangzhou-internal.log.aliyuncs.com",
        "cn-hangzhou-internal.log.aliyuncs.com",
        "web-logs.cn-hangzhou-internal.log.aliyuncs.com",
        "ali-cn-hangzhou-sls-admin.cn-hangzhou-internal.log.aliyuncs.com",
    ]
    rows = etc_hosts(host, "10.250.0.7", "web-logs").splitlines()
    assert rows[-1].split() == ["10.250.255.254", *endpoint_names(host, "web-logs")]


def test_unresolvable_endpoint_is_not_in_etc_hosts() -> None:
    text = etc_hosts(_host("    endpoint: unresolvable\n"), "10.250.0.7", "web-logs")
    assert text == "127.0.0.1\tlocalhost\n10.250.0.7\tlt-healthy\n"
    assert "aliyuncs" not in text


def test_community_config_names_no_sls_server() -> None:
    host = _host("    agent: community\n")
    assert host.config_format == "community"
    text = agent_config(host)
    assert json.loads(text) == {
        "enable_host_id": False,
        "cpu_usage_limit": 0.4,
        "mem_usage_limit": 384,
    }
    assert "aliyuncs" not in text
    sls = json.loads(agent_config(_host("    agent: community\n    config_format: new\n")))
    assert sls["config_servers"] == ["http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"]


def test_config_extra_adds_or_replaces_top_level_keys() -> None:
    host = _host(
        "    config_extra: {working_ip: 10.250.254.20, bind_interface: ens5,"
        " cpu_usage_limit: 2, enable_log_time_auto_adjust: true, quote: 'a\"b\\c'}\n"
    )
    text = agent_config(host)
    data = json.loads(text)
    assert data["working_ip"] == "10.250.254.20"
    assert data["bind_interface"] == "ens5"
    assert data["cpu_usage_limit"] == 2  # replaced in place, not given twice
    assert text.count('"cpu_usage_limit"') == 1
    assert data["enable_log_time_auto_adjust"] is True
    assert data["quote"] == 'a"b\\c'
    assert list(data)[-4:] == [
        "working_ip",
        "bind_interface",
        "enable_log_time_auto_adjust",
        "quote",
    ]
    assert '    "working_ip" : "10.250.254.20",' in text.splitlines()
    # still the hand-edit gone wrong when asked for
    broken = agent_config(
        _host("    config: invalid\n    config_extra: {working_ip: 10.250.254.20}\n")
    )
    assert broken.rstrip().endswith(",")
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken)


@pytest.mark.parametrize(
    ("extra", "key", "version"),
    [
        ("    agent: logtail\n", "logtail_version", "1.8.7"),
        ("    agent: logtail0\n", "logtail_version", "0.16.48"),
        ("    agent: loongcollector\n", "loongcollector_version", "3.0.12"),
        ("    agent: community\n", "loongcollector_version", "3.0.12 Community Edition"),
        ("    agent: logtail0\n    agent_version: 0.16.36\n", "logtail_version", "0.16.36"),
        (
            "    agent: community\n    agent_version: 3.1.0 Community Edition\n",
            "loongcollector_version",
            "3.1.0 Community Edition",
        ),
    ],
)
def test_app_info_version_per_flavour(extra: str, key: str, version: str) -> None:
    host = _host(extra)
    text = app_info(host, "10.250.0.2", 0.0)
    data = json.loads(text)
    assert data[key] == version
    assert list(data) == sorted(data)  # jsoncpp order
    other = {"logtail_version", "loongcollector_version"} - {key}
    assert not other & set(data)
    if host.agent == "community":
        assert {"git_hash", "build_date"} <= set(data)
        assert all(ln.startswith('   "') and '" : ' in ln for ln in text.splitlines()[1:-1])
    else:
        assert "git_hash" not in data


def test_agent_layouts() -> None:
    assert agent_layout(_host("    agent: none\n")) is None
    logtail0 = agent_layout(_host("    agent: logtail0\n"))
    assert logtail0 is not None
    assert (logtail0.binary, logtail0.init_scripts, logtail0.pair) == (
        "/usr/local/ilogtail/ilogtail",
        ("ilogtaild",),
        True,
    )
    assert logtail0.config == "/usr/local/ilogtail/ilogtail_config.json"
    community = agent_layout(_host("    agent: community\n"))
    assert community is not None
    assert community.binary == "/opt/loongcollector/loongcollector"
    assert community.init_scripts == ()
    assert not community.pair
    assert community.config == (
        "/opt/loongcollector/conf/instance_config/local/loongcollector_config.json"
    )
    assert community.app_info == "/opt/loongcollector/run/app_info.json"
    assert community.user_defined_id == "/opt/loongcollector/conf/user_defined_id"


def test_user_defined_id_file_text() -> None:
    assert user_defined_id("web-custom-2") == "web-custom-2\n"
    assert user_defined_id("a\nb") == "a\nb\n"
    assert user_defined_id("a\n") == "a\n"
    assert user_defined_id("") == ""


def test_targets_file_with_a_custom_id_group() -> None:
    scenario = load_scenario(SCENARIOS / "causes.yaml")
    ips = {h.name: f"10.250.0.{i + 2}" for i, h in enumerate(scenario.hosts)}
    text, data = targets_yaml(scenario, ips)
    assert "  - name: custom-group\n    custom_ids: [web-custom-1, web-custom-2]\n" in text
    loaded = yaml.safe_load(text)
    assert loaded == data
    groups = {g["name"]: g for g in loaded["machine_groups"]}
    assert groups["custom-group"] == {
        "name": "custom-group",
        "custom_ids": ["web-custom-1", "web-custom-2"],
    }
    web = groups["web-servers"]["ips"]
    # The extra IPs come last, as causes.yaml lists them (the last: working-ip's address).
    assert web[-3:] == ["10.250.254.20", "10.250.254.21", "10.250.0.14"]
    custom_hosts = [h.name for h in scenario.hosts if h.machine_group == "custom-group"]
    assert custom_hosts
    assert not {ips[n] for n in custom_hosts} & set(web)
    # in_group: false: the group lists what bind-if reports, not its own address
    assert ips["bind-if"] not in web
    # working-ip's own address is listed on purpose: a stale entry for the group plan
    assert ips["working-ip"] in web


def test_targets_file_quotes_custom_ids_yaml_would_misread() -> None:
    text = MINIMAL.replace(
        "machine_groups: [{name: web-servers}]",
        "machine_groups: [{name: web-servers},"
        " {name: c, custom_ids: ['1:30', 'true', '-x', '0x1f']}]",
    )
    scenario = parse_scenario(text, Path("t.yaml"))
    rendered, data = targets_yaml(scenario, {"healthy": "10.250.0.2"})
    assert yaml.safe_load(rendered)["machine_groups"][1]["custom_ids"] == [
        "1:30",
        "true",
        "-x",
        "0x1f",
    ]
    assert yaml.safe_load(rendered) == data


def test_tls_names_cover_every_endpoint_name() -> None:
    scenario = load_scenario(SCENARIOS / "demo.yaml")
    names = tls_names(scenario)
    for host in scenario.hosts:
        for name in endpoint_names(host, scenario.project.name):
            assert name in names, name
    assert "*.log.aliyuncs.com" in names
    assert "*.cn-hangzhou-intranet.log.aliyuncs.com" in names
    assert len(names) == len(set(names))


# ---------------------------------------------------------------- fuzz: the new fields

_NEW_HOST_KEYS = (
    "agent",
    "agent_version",
    "agent_instances",
    "agent_env",
    "clock_offset",
    "https",
    "endpoint",
    "config_network",
    "config_format",
    "config_changed_after_start",
    "config_extra",
    "user_defined_id",
    "agent_log",
    "agent_ca_bundle",
)
_yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "community",
            "logtail0",
            "internal",
            "unresolvable",
            "blocked",
            "new",
            "huge",
            "untrusting",
        ]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(st.sampled_from(_NEW_HOST_KEYS), _yaml_values, max_size=4))
def test_new_host_fields_parse_or_raise_one_line_lab_error(fields: dict[str, object]) -> None:
    document = yaml.safe_load(MINIMAL)
    document["hosts"][0].update(fields)
    document["machine_groups"].append({"name": "c", "custom_ids": fields.get("config_extra")})
    for doc in (document, {**document, "machine_groups": document["machine_groups"][:1]}):
        try:
            scenario = parse_scenario(yaml.safe_dump(doc), Path("f.yaml"))
        except LabError as exc:
            message = str(exc)
        else:
            message = ""
        if message:
            assert "\n" not in message
            assert message.startswith("f.yaml: ")
            continue
        host = scenario.hosts[0]
        assert HostSpec.from_entry(json.loads(json.dumps(host.to_entry()))) == host
        if host.agent != "none":
            text = agent_config(host)
            if host.config == "ok":
                json.loads(text)
            json.loads(app_info(host, "10.250.0.2", 0.0))
