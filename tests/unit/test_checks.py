"""Every check as a pure function: HostFacts x Expectation -> Outcome.

``healthy()`` builds the facts of a host on which every check passes; each
test changes the one fact it is about. Failures must name the host's real
values (account ID, IP, group, region, service) in `found` / `remediation`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor import outcome as outcomes_of
from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS, HOST_CHECK_IDS, root_cause, spec
from logtail_doctor.checks import Expectation, Host, detect_agent, evaluate_host, unreachable
from logtail_doctor.checks.host import APP_INFO_PATH, CONFIG_PATH
from logtail_doctor.facts import (
    ECS_METADATA_URL,
    CommandFact,
    ContainerFacts,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    NicAddress,
    PodStatus,
    Process,
)
from logtail_doctor.i18n import text
from logtail_doctor.outcome import Finding, Outcome, Status
from logtail_doctor.targets import MachineGroup, Project

ACCOUNT = "1559122535028493"
OTHER_ACCOUNT = "1234567890123456"
PROJECT = Project("web-logs", "cn-hangzhou", "intranet")
GROUP = MachineGroup("web-servers", ("10.0.0.11", "10.0.0.12"))
OTHER_GROUP = MachineGroup("db-servers", ("10.0.1.21",))
CUSTOM_GROUP = MachineGroup("custom-web", (), ("web-custom-1", "web-custom-2"))
UDID_PATH = "/etc/ilogtail/user_defined_id"
HOST_IP = "10.0.0.12"

INTRANET_URL = "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
INTRANET_HTTPS_URL = "https://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
EPOCH = 1795559772
# The endpoint's Date header 3 s after the host read its clock.
SLS_DATE = "Tue, 24 Nov 2026 22:36:15 GMT"
OLS_BODY = (
    '{"Error":{"Code":"OLSInvalidMethod","Message":"The script name is invalid : /",'
    '"RequestId":"5D3C0A9B1E2F"}}'
)

LOGTAIL_PATHS = {
    "/usr/local/ilogtail": "d",
    "/usr/local/ilogtail/ilogtail": "f",
    "/etc/init.d/ilogtaild": "f",
}
LOONG_PATHS = {
    "/usr/local/ilogtail": "d",
    "/usr/local/ilogtail/loongcollector": "l -> /usr/local/ilogtail/loongcollector_3.0.9",
    "/etc/init.d/ilogtaild": "f",
    "/etc/init.d/loongcollectord": "f",
}

OLD_CONFIG = """{
    "config_server_address" : "%s",
    "data_server_list" : [ { "cluster" : "%s", "endpoint" : "%s" } ]%s
}
"""


def old_config(
    url: str = INTRANET_URL,
    cluster: str = "cn-hangzhou",
    endpoint: str = "cn-hangzhou-intranet.log.aliyuncs.com",
    extra: str = "",
) -> str:
    return OLD_CONFIG % (url, cluster, endpoint, extra)


# A config that turns on a setting only Logtail 1.0.19 and later honour.
AUTO_ADJUST_CONFIG = old_config(extra=',\n    "enable_log_time_auto_adjust" : true')


def app_info(
    ip: str = HOST_IP, version_key: str = "logtail_version", version: str = "1.8.7"
) -> str:
    return (
        '{\n   "UUID" : "",\n   "hostname" : "web-2",\n'
        f'   "instance_id" : "C36692DC-0C6D-11EB-A61A-525400473BD9_{ip}_1795500000",\n'
        f'   "ip" : "{ip}",\n   "{version_key}" : "{version}",\n'
        '   "update_time" : "2026-11-24 09:10:11"\n}\n'
    )


ULC_PATH = "/usr/local/ilogtail/user_log_config.json"


# The agent's own log and CA bundle (tests/data/agent_log: lines in the agent's format).
AGENT_LOGS = Path(__file__).resolve().parents[1] / "data" / "agent_log"
LOG_PATH = "/usr/local/ilogtail/ilogtail.LOG"
CA_BUNDLE_PATH = "/usr/local/ilogtail/ca-bundle.crt"


def received_configs(*projects: str) -> str:
    """user_log_config.json with one collection config per project (the agent's own form)."""
    entries = ",\n".join(
        f'      "##1.0##{project}$nginx-access" : {{\n'
        f'         "aliuid" : "{ACCOUNT}",\n'
        f'         "defaultEndpoint" : "cn-hangzhou-intranet.log.aliyuncs.com",\n'
        f'         "project_name" : "{project}",\n'
        '         "region" : "cn-hangzhou"\n      }'
        for project in projects
    )
    return '{\n   "metrics" : {\n' + entries + "\n   }\n}\n"


def healthy(**changes: Any) -> HostFacts:
    """A Logtail host on which every check passes, with CHANGES applied."""
    facts = HostFacts(
        hostname="web-2",
        epoch=EPOCH,
        install_paths=dict(LOGTAIL_PATHS),
        status={"ilogtaild": CommandFact(0, "ilogtail is running\n")},
        processes=(
            Process(1, 0, "systemd"),
            Process(812, 1, "ilogtail", elapsed=3600),
            Process(813, 812, "ilogtail", elapsed=3599),
        ),
        config=FileFact(CONFIG_PATH, FileState.PRESENT, old_config()),
        config_mtime=EPOCH - 86400,  # installed a day before the agent's last start
        http={
            INTRANET_URL: HttpAnswer(INTRANET_URL, 0, 405, OLS_BODY, "", SLS_DATE),
            INTRANET_HTTPS_URL: HttpAnswer(INTRANET_HTTPS_URL, 0, 405, OLS_BODY, "", SLS_DATE),
        },
        agent_env={},
        app_info=FileFact(APP_INFO_PATH, FileState.PRESENT, app_info()),
        etc_hosts=FileFact(
            "/etc/hosts", FileState.PRESENT, f"127.0.0.1 localhost\n{HOST_IP} web-2\n"
        ),
        resolved=(HOST_IP,),
        resolve_rc=0,
        nics=(NicAddress("lo", "127.0.0.1", 8), NicAddress("eth0", HOST_IP, 24)),
        user_ids=(ACCOUNT,),
        user_defined_id=FileFact("/etc/ilogtail/user_defined_id", FileState.ABSENT),
        user_log_config=FileFact(ULC_PATH, FileState.PRESENT, received_configs(PROJECT.name)),
        agent_log=FileFact(LOG_PATH, FileState.PRESENT, (AGENT_LOGS / "healthy.LOG").read_text()),
        utc_offset=0,
        ca_bundle=FileFact(CA_BUNDLE_PATH, FileState.PRESENT),
        agent_tls=HttpAnswer(INTRANET_HTTPS_URL, 0, 405, OLS_BODY, "", SLS_DATE),
    )
    return dataclasses.replace(facts, **changes)


def loongcollector(**changes: Any) -> HostFacts:
    """A healthy LoongCollector host, with CHANGES applied."""
    facts = healthy(
        install_paths=dict(LOONG_PATHS),
        status={
            "ilogtaild": CommandFact(0, "loongcollector is running\n"),
            "loongcollectord": CommandFact(0, "loongcollector is running\n"),
        },
        processes=(
            Process(900, 1, "loongcollector_", elapsed=600),
            Process(901, 900, "loongcollector_", elapsed=599),
        ),
        app_info=FileFact(
            APP_INFO_PATH, FileState.PRESENT, app_info(version_key="loongcollector_version")
        ),
    )
    return dataclasses.replace(facts, **changes)


def expect(**changes: Any) -> Expectation:
    expectation = Expectation(
        project=PROJECT,
        account_ids=(ACCOUNT, OTHER_ACCOUNT),
        group=GROUP,
        all_groups=(GROUP, OTHER_GROUP),
    )
    return dataclasses.replace(expectation, **changes)


# Every host-side check's judge, from the checks' declarations.
CHECKS = {s.check_id: s.judge for s in CATALOGUE if s.judge is not None}


def evaluate(facts: HostFacts, expectation: Expectation) -> dict[str, Outcome]:
    """Every check on one host that answered, in catalogue order."""
    return evaluate_host(Host(facts, expectation))


LOGTAIL_RESTART = "sudo /etc/init.d/ilogtaild stop && sudo /etc/init.d/ilogtaild start"
LOONG_RESTART = "sudo /etc/init.d/loongcollectord stop && sudo /etc/init.d/loongcollectord start"


# --- the baseline ---------------------------------------------------------------------------


@pytest.mark.parametrize("build", [healthy, loongcollector], ids=["logtail", "loongcollector"])
def test_healthy_host_passes_every_check(build: Any) -> None:
    outcomes = evaluate(build(), expect())
    assert list(outcomes) == list(HOST_CHECK_IDS)
    assert {cid: o.status for cid, o in outcomes.items()} == dict.fromkeys(
        HOST_CHECK_IDS, Status.PASSED
    )
    assert root_cause(outcomes) is None


def test_detect_agent() -> None:
    assert detect_agent(healthy()).flavour == "logtail"
    assert detect_agent(loongcollector()).flavour == "loongcollector"
    assert detect_agent(loongcollector()).service == "loongcollectord"
    only_binary = healthy(install_paths={"/usr/local/ilogtail/loongcollector": "f"})
    assert detect_agent(only_binary).service == "loongcollectord"
    assert detect_agent(healthy(install_paths={})).flavour == "none"


# --- host.reachable -----------------------------------------------------------------------


def test_reachable_passes_naming_the_host() -> None:
    outcome = evaluate(healthy(hostname="web-2"), expect())["host.reachable"]
    assert outcome.status is Status.PASSED
    assert "web-2" in outcome.found_text


def test_unreachable_gives_one_failure_and_skips_the_rest() -> None:
    outcomes = unreachable(
        "ssh: connect to host 10.0.0.12 port 22: timed out", text("Open port 22")
    )
    assert list(outcomes) == list(HOST_CHECK_IDS)  # server.heartbeat: from the SLS API
    reach = outcomes["host.reachable"]
    assert reach.status is Status.FAILED
    assert reach.found_text == "ssh: connect to host 10.0.0.12 port 22: timed out"
    assert reach.fix_text == "Open port 22"
    others = [o for cid, o in outcomes.items() if cid != "host.reachable"]
    assert {o.status for o in others} == {Status.SKIPPED}
    assert all(o.message() == "not judged: the host is unreachable" for o in others)
    assert root_cause(outcomes) == "host.reachable"


# --- step1.installed ------------------------------------------------------------------------


# --- step1.running --------------------------------------------------------------------------


# --- step2.config_valid ---------------------------------------------------------------------


# --- step2.region / step2.network --------------------------------------------------------


# --- step2.endpoint -----------------------------------------------------------------------


# --- step3.ip_recorded --------------------------------------------------------------------


# --- step3.ip_in_group --------------------------------------------------------------------


# --- step3.ip_current ---------------------------------------------------------------------


# --- step4.user_id ------------------------------------------------------------------------


# --- every check, both ways ---------------------------------------------------------------


# For each check: facts that make it fail. Together with the healthy baseline,
# every check is seen passing and failing.
def _config(text: str) -> FileFact:
    return FileFact(CONFIG_PATH, FileState.PRESENT, text)


def _app_info(content: str) -> FileFact:
    return FileFact(APP_INFO_PATH, FileState.PRESENT, content)


FAILING: dict[str, HostFacts] = {
    "step1.installed": healthy(install_paths={}),
    "step1.instances": healthy(
        processes=(
            Process(812, 1, "ilogtail", elapsed=3600),
            Process(813, 812, "ilogtail", elapsed=3599),
            Process(900, 1, "ilogtail", elapsed=60),
            Process(901, 900, "ilogtail", elapsed=59),
        )
    ),
    "step1.running": healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")}),
    "step1.stable": healthy(
        agent_log=FileFact(
            LOG_PATH, FileState.PRESENT, (AGENT_LOGS / "ip_changed_restart.LOG").read_text()
        )
    ),
    "step2.config_valid": healthy(config=FileFact(CONFIG_PATH, FileState.ABSENT)),
    "step2.config_loaded": healthy(config_mtime=EPOCH - 60),
    "step2.dns": healthy(
        http={
            INTRANET_URL: HttpAnswer(INTRANET_URL, 6, None, "", "curl: (6) Could not resolve"),
        }
    ),
    "step2.https": healthy(
        http={
            INTRANET_URL: HttpAnswer(INTRANET_URL, 0, 405, OLS_BODY, "", SLS_DATE),
            INTRANET_HTTPS_URL: HttpAnswer(INTRANET_HTTPS_URL, 7, None, "", "curl: (7) refused"),
        }
    ),
    "step2.tls": healthy(
        agent_tls=HttpAnswer(INTRANET_HTTPS_URL, 60, None, "", "curl: (60) SSL certificate problem")
    ),
    "step2.proxy": healthy(agent_env={"HTTPS_PROXY": "proxy.corp:notaport"}),
    "step2.clock": healthy(epoch=EPOCH + 3600, config_mtime=EPOCH - 86400),
    "step2.region": healthy(
        config=_config(
            old_config(
                "http://logtail.cn-shanghai-intranet.log.aliyuncs.com",
                "cn-shanghai",
                "cn-shanghai-intranet.log.aliyuncs.com",
            )
        )
    ),
    "step2.network": healthy(
        config=_config(
            old_config(
                "http://logtail.cn-hangzhou-share.log.aliyuncs.com",
                "cn-hangzhou",
                "cn-hangzhou-share.log.aliyuncs.com",
            )
        )
    ),
    "step2.endpoint": healthy(http={INTRANET_URL: HttpAnswer(INTRANET_URL, 28, None, "", "t/o")}),
    "step3.ip_recorded": healthy(app_info=_app_info(app_info(ip=""))),
    "step3.custom_id": healthy(user_defined_id=FileFact(UDID_PATH, FileState.ABSENT)),
    "step3.ip_in_group": healthy(
        app_info=_app_info(app_info(ip="10.0.0.77")),
        resolved=("10.0.0.77",),
        nics=(NicAddress("eth0", "10.0.0.77", 24),),
    ),
    "step3.ip_current": healthy(app_info=_app_info(app_info(ip="10.0.0.11"))),
    "step2.agent_version": healthy(
        config=_config(AUTO_ADJUST_CONFIG), app_info=_app_info(app_info(version="0.16.48"))
    ),
    "step4.user_id": healthy(user_ids=()),
    "step4.ecs_metadata": healthy(
        user_ids=(),
        ecs_metadata=HttpAnswer(ECS_METADATA_URL, 28, None, "", "curl: (28) timed out"),
    ),
    "step4.configs_received": healthy(user_log_config=FileFact(ULC_PATH, FileState.ABSENT)),
    "step1.pod": healthy(
        container=ContainerFacts(
            "kubectl",
            "logtail-ds-7xk2p",
            container="logtail",
            namespace="kube-system",
            pod=PodStatus(
                "logtail-ds-7xk2p",
                "kube-system",
                "Running",
                ready=False,
                restarts=7,
                waiting_reason="CrashLoopBackOff",
                last_exit="Error, exit code 1",
                daemonset="logtail-ds",
            ),
        )
    ),
}


# --- step2.agent_version ------------------------------------------------------------------


def test_failing_table_covers_every_check() -> None:
    assert set(FAILING) == set(CHECKS)


# The expectation each failing case is judged against (default: expect()).
FAILING_EXPECTATION = {
    "step3.custom_id": expect(group=CUSTOM_GROUP),
    "step4.ecs_metadata": expect(same_account_ecs=True),
}


# --- root cause and catalogue ------------------------------------------------------------


def test_root_cause_is_the_first_failure_in_catalogue_order() -> None:
    facts = healthy(
        status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")},
        user_ids=(),
        app_info=_app_info(app_info(ip="10.0.0.99")),
    )
    outcomes = evaluate(facts, expect())
    assert root_cause(outcomes) == "step1.running"
    # Dict order does not matter, only the catalogue's.
    reversed_outcomes = dict(reversed(list(outcomes.items())))
    assert next(iter(reversed_outcomes)) == "step4.configs_received"
    assert root_cause(reversed_outcomes) == "step1.running"
    without_running = {k: v for k, v in outcomes.items() if k != "step1.running"}
    assert root_cause(without_running) == "step3.ip_in_group"


def test_root_cause_ignores_skips() -> None:
    outcomes = {
        "step1.running": outcomes_of.skipped("step1.running", "x", "no init script"),
        "step4.user_id": outcomes_of.failed("step4.user_id", "x", "y", "fix"),
    }
    assert root_cause(outcomes) == "step4.user_id"
    assert root_cause({}) is None


def test_catalogue_ids_and_order() -> None:
    assert CHECK_IDS == (
        "host.reachable",
        "step1.installed",
        "step1.instances",
        "step1.running",
        "step1.stable",
        "step1.pod",
        "step2.config_valid",
        "step2.config_loaded",
        "step2.region",
        "step2.network",
        "step2.dns",
        "step2.endpoint",
        "step2.https",
        "step2.tls",
        "step2.proxy",
        "step2.clock",
        "step2.agent_version",
        "step3.ip_recorded",
        "step3.custom_id",
        "step3.ip_in_group",
        "step3.ip_current",
        "step4.user_id",
        "step4.ecs_metadata",
        "step4.configs_received",
        "server.heartbeat",
    )
    assert CHECK_IDS[:-1] == HOST_CHECK_IDS
    assert len(set(CHECK_IDS)) == len(CHECK_IDS)
    assert [s.step for s in CATALOGUE] == [cid.split(".")[0] for cid in CHECK_IDS]
    assert list(CHECKS) == list(HOST_CHECK_IDS[1:])
    assert all(spec.title for spec in CATALOGUE)


def test_spec_lookup() -> None:
    assert spec("step2.region").step == "step2"
    with pytest.raises(KeyError, match=r"unknown check id 'step9\.nothing'"):
        spec("step9.nothing")


def test_outcome_message_and_finding() -> None:
    bad = outcomes_of.failed("step4.user_id", "an ID", "nothing", "touch it", "ev")
    assert bad.message() == "expected an ID; found nothing"
    assert bad.evidence == ("ev",)
    finding = Finding("web-2", bad)
    assert not finding.passed
    assert finding.explain() == "web-2: step4.user_id: expected an ID; found nothing\nFix: touch it"
    assert repr(finding) == "<step4.user_id on web-2: failed>"
    skip = outcomes_of.skipped("step1.running", "running", "no init script")
    assert skip.message() == "not judged: no init script"
    assert Finding("web-2", skip).explain() == "web-2: step1.running: not judged: no init script"
    assert Finding("web-2", outcomes_of.passed("step1.running", "a", "b")).passed
