"""What the agent runs with (issue 33), from real runs of linux.sh.

tests/data/probe/recorded_agent_env_*.txt are recorded by
tests/data/probe/record_agent_env.sh, in private namespaces set up as a real
install has them: "full" an agent started with the variables it reads (and one
it does not), the config file ALIYUN_LOGTAIL_CONFIG names, two config.d files,
the ECS metadata cache, and a second agent in a PID namespace of its own (a
container); "hostile" thousands of variables, a newline in a value posing as a
variable, a LOONG_CONFIG of odd characters, the folder moved by
ALIYUN_LOGTAIL_SYS_CONF_DIR, and config.d holding a file that is not JSON, binary
bytes, a symlink loop, a folder and a name with a space.
"""

from __future__ import annotations

from pathlib import Path

from logtail_doctor.agent_config import merge_config_d
from logtail_doctor.catalogue import CATALOGUE, spec
from logtail_doctor.checks.cases import _read
from logtail_doctor.checks.host import Expectation, Host
from logtail_doctor.facts import FileState, HostFacts
from logtail_doctor.outcome import Status
from logtail_doctor.plain import from_plain
from logtail_doctor.probe.linux import parse_linux_probe

DATA = Path(__file__).resolve().parents[1] / "data"
NONCE = "7e57da7a" * 4
SHANGHAI = "/etc/ilogtail/conf/cn-shanghai/ilogtail_config.json"


def recorded(name: str) -> HostFacts:
    return parse_linux_probe(
        (DATA / "probe" / f"recorded_agent_env_{name}.txt").read_bytes(), NONCE
    )


def host_of(facts: HostFacts) -> Host:
    expectation = from_plain(Expectation, _read(DATA / "checks" / "_base" / "expect.json"))
    return Host(facts, expectation)


def test_only_the_variables_the_agent_reads_leave_the_host() -> None:
    facts = recorded("full")
    assert facts.agent_env == {
        "ALIYUN_LOGTAIL_CONFIG": SHANGHAI,
        "ALIYUN_LOGTAIL_USER_ID": "1559122535028493,1234567890123456",
        "ALIYUN_LOGTAIL_USER_DEFINED_ID": "k8s-group-c1",
        "ALIYUN_LOGTAIL_WORKING_IP": "10.0.0.11",
        "https_proxy": "http://proxy.lab:3128",
    }


def test_the_config_the_environment_names_is_the_one_read_and_named() -> None:
    facts = recorded("full")
    assert facts.config_override is not None
    assert (facts.config_override.variable, facts.config_override.read) == (
        "ALIYUN_LOGTAIL_CONFIG",
        True,
    )
    assert facts.config.path == SHANGHAI
    assert facts.config.present
    assert "cn-shanghai" in facts.config.content


def test_config_d_is_read_in_order_and_merged_over_the_config() -> None:
    host = host_of(recorded("full"))
    files = host.facts.config_d
    assert files is not None
    assert [f.path for f in files] == [
        "/etc/ilogtail/config.d/10-limits.json",
        "/etc/ilogtail/config.d/20-region.json",
    ]
    assert files[0].content == '{"cpu_usage_limit": 2}\n'
    assert host.facts.config_d_problem is None
    assert host.config is not None
    # 20-region.json's config server wins over the named config's.
    assert host.config.config_server_url == "http://logtail.cn-beijing.log.aliyuncs.com"
    assert host.config_set_by("config_server_address") == "/etc/ilogtail/config.d/20-region.json"
    # ... and the probe asked that config server, first.
    assert next(iter(host.facts.http)) == "http://logtail.cn-beijing.log.aliyuncs.com"
    region = spec("step2.region").judge
    assert region is not None
    outcome = region(host)
    assert outcome.status is Status.FAILED
    english = outcome.message("en")
    assert "cn-beijing" in english
    assert "20-region.json" in english
    assert SHANGHAI in english


def test_agents_in_a_container_are_reported_not_counted() -> None:
    host = host_of(recorded("full"))
    facts = host.facts
    assert facts.own_pid_ns is not None
    host_ns = {pid for pid, ns in facts.agent_pid_ns.items() if ns == facts.own_pid_ns}
    assert len(facts.processes) == 4
    assert len(host_ns) == 2
    assert {str(p.pid) for p in host.processes} == host_ns
    assert len(host.container_processes) == 2
    instances = spec("step1.instances").judge
    assert instances is not None
    outcome = instances(host)
    assert outcome.status is Status.PASSED
    assert "containers" in outcome.message("en")


def test_ids_of_the_environment_count() -> None:
    host = host_of(recorded("full"))
    user_id = spec("step4.user_id").judge
    assert user_id is not None
    outcome = user_id(host)
    assert outcome.status is Status.PASSED
    assert "ALIYUN_LOGTAIL_USER_ID" in outcome.message("en")


def test_the_metadata_cache_is_read() -> None:
    facts = recorded("full")
    assert facts.instance_identity is not None
    assert facts.instance_identity.path == "/etc/ilogtail/checkpoint/instance_identity"
    assert '"owner-account-id": "1559122535028493"' in facts.instance_identity.content


def test_thousands_of_variables_and_a_forged_line_keep_only_the_agents() -> None:
    facts = recorded("hostile")
    # 3000 FILLER_n variables and NOTE, whose value holds a newline and then
    # "ALIYUN_LOGTAIL_USER_ID=666": none of them is kept, nor is the forged line.
    assert facts.agent_env == {
        "LOONG_CONFIG": "/etc/ilogtail/my config.json",
        "ALIYUN_LOGTAIL_SYS_CONF_DIR": "/etc/ilogtail/moved/",
    }


def test_a_config_path_of_odd_characters_is_named_not_read() -> None:
    host = host_of(recorded("hostile"))
    override = host.facts.config_override
    assert override is not None
    assert not override.read
    assert host.facts.config.state is FileState.NOT_PROBED
    valid = spec("step2.config_valid").judge
    assert valid is not None
    outcome = valid(host)
    assert outcome.status is Status.SKIPPED
    assert "LOONG_CONFIG" in outcome.message("en")


def test_the_folder_moved_by_the_environment_is_where_ids_are_read() -> None:
    facts = recorded("hostile")
    assert (facts.sys_conf_dir, facts.sys_conf_from) == (
        "/etc/ilogtail/moved",
        "ALIYUN_LOGTAIL_SYS_CONF_DIR",
    )
    assert facts.user_ids == ("1111111111111111",)
    assert facts.user_defined_id is not None
    assert facts.user_defined_id.path == "/etc/ilogtail/moved/user_defined_id"
    outcome = spec("step4.user_id").judge(host_of(facts))  # type: ignore[misc]
    assert outcome.status is Status.FAILED
    assert "ALIYUN_LOGTAIL_SYS_CONF_DIR" in outcome.message("en")


def test_hostile_config_d_entries_are_each_named_and_bounded() -> None:
    host = host_of(recorded("hostile"))
    files = host.facts.config_d
    assert files is not None
    states = {f.path.rsplit("/", 1)[1]: f.state for f in files}
    assert states == {
        "a-not-json.json": FileState.PRESENT,
        "b-binary.json": FileState.PRESENT,
        "c-loop.json": FileState.NOT_REGULAR,  # a symlink to itself
        "d-dir.json": FileState.NOT_REGULAR,
    }
    assert host.facts.config_d_problem == "a file name of other than plain characters was not read"
    # The agent skips what does not parse as one JSON object; so does the merge.
    merged = merge_config_d({}, [(f.path, f.content) for f in files if f.present])
    assert [path.rsplit("/", 1)[1] for path, _ in merged.skipped] == [
        "a-not-json.json",
        "b-binary.json",
    ]
    assert merged.document == {}


def test_the_configs_sys_conf_dir_wins_over_the_environments() -> None:
    # recorded_agent_env_moved.txt: logtail_sys_conf_dir in the config names
    # /etc/ilogtail/alt/, ALIYUN_LOGTAIL_SYS_CONF_DIR names /etc/ilogtail/env.
    host = host_of(recorded("moved"))
    facts = host.facts
    assert (facts.sys_conf_dir, facts.sys_conf_from) == ("/etc/ilogtail/alt", "config")
    assert facts.user_ids == ("1234567890123456",)
    assert facts.user_defined_id is not None
    assert facts.user_defined_id.content == "web-custom-1\n"
    assert facts.instance_identity is not None
    assert facts.instance_identity.path == "/etc/ilogtail/alt/checkpoint/instance_identity"
    files = facts.config_d
    assert files is not None
    assert [f.path for f in files] == ["/etc/ilogtail/alt/config.d/30-region.json"]
    assert host.config is not None
    assert host.config.config_server_url == "http://logtail.cn-beijing.log.aliyuncs.com"
    user_id = spec("step4.user_id").judge
    assert user_id is not None
    assert user_id(host).status is Status.PASSED


def test_every_check_judges_each_recording_without_breaking() -> None:
    for name in ("full", "hostile", "moved"):
        host = host_of(recorded(name))
        for check in CATALOGUE:
            if check.judge is None:
                continue
            outcome = check.judge(host)
            assert outcome.message("en"), (name, check.check_id)
