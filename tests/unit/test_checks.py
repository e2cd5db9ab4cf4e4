"""Every check as a pure function: HostFacts x Expectation -> Outcome.

``healthy()`` builds the facts of a host on which every check passes; each
test changes the one fact it is about. Failures must name the host's real
values (account ID, IP, group, region, service) in `found` / `remediation`.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from logtail_doctor import outcome as outcomes_of
from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS, HOST_CHECK_IDS, root_cause, spec
from logtail_doctor.checks import Expectation, Host, detect_agent, evaluate_host, unreachable
from logtail_doctor.checks.host import APP_INFO_PATH, CONFIG_PATH, USERS_DIR
from logtail_doctor.facts import (
    CommandFact,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    NicAddress,
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


def run(check_id: str, facts: HostFacts, expectation: Expectation | None = None) -> Outcome:
    outcome = CHECKS[check_id](Host(facts, expectation or expect()))
    assert outcome.check_id == check_id
    if outcome.status is Status.FAILED:
        assert outcome.fix is not None, "a failure must say how to fix it"
        assert outcome.fix.key in spec(check_id).fixes, (
            f"{check_id}: fix {outcome.fix.key!r} is not among its declared fixes"
        )
    else:
        assert outcome.fix_text is None
    return outcome


def failed(check_id: str, facts: HostFacts, expectation: Expectation | None = None) -> Outcome:
    outcome = run(check_id, facts, expectation)
    assert outcome.status is Status.FAILED, outcome.found_text
    return outcome


def passed(check_id: str, facts: HostFacts, expectation: Expectation | None = None) -> Outcome:
    outcome = run(check_id, facts, expectation)
    assert outcome.status is Status.PASSED, outcome.found_text
    return outcome


def skipped(check_id: str, facts: HostFacts, expectation: Expectation | None = None) -> Outcome:
    outcome = run(check_id, facts, expectation)
    assert outcome.status is Status.SKIPPED, outcome.found_text
    return outcome


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


def test_installed_passes_for_both_flavours() -> None:
    assert "Logtail" in passed("step1.installed", healthy()).found_text
    assert "LoongCollector" in passed("step1.installed", loongcollector()).found_text


def test_installed_fails_without_agent_with_the_install_command() -> None:
    outcome = failed("step1.installed", healthy(install_paths={}))
    assert "no agent" in outcome.found_text
    fix = outcome.fix_text or ""
    assert "project region cn-hangzhou" in fix
    assert "aliyun-observability-release-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com" in fix
    assert fix.endswith("sudo ./loongcollector.sh install cn-hangzhou")


@pytest.mark.parametrize(
    ("network", "parameter"),
    [
        ("intranet", "ap-southeast-1"),
        ("internet", "ap-southeast-1-internet"),
        ("acceleration", "ap-southeast-1-acceleration"),
    ],
)
def test_install_command_uses_the_projects_install_parameter(network: str, parameter: str) -> None:
    expectation = expect(project=Project("web-logs", "ap-southeast-1", network))
    outcome = failed("step1.installed", healthy(install_paths={}), expectation)
    assert (outcome.fix_text or "").endswith(f"install {parameter}")


def test_installed_fails_when_partly_installed() -> None:
    outcome = failed("step1.installed", healthy(install_paths={"/etc/init.d/ilogtaild": "f"}))
    assert "missing /usr/local/ilogtail, /usr/local/ilogtail/ilogtail" in outcome.found_text
    assert "logtail-release-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/linux64/logtail.sh" in (
        outcome.fix_text or ""
    )
    assert "sudo ./logtail.sh install cn-hangzhou" in (outcome.fix_text or "")


# --- step1.running --------------------------------------------------------------------------


def test_running_passes() -> None:
    assert "2 agent process(es)" in passed("step1.running", healthy()).found_text
    passed("step1.running", loongcollector())


def test_running_accepts_a_versioned_comm() -> None:
    procs = (Process(812, 1, "ilogtail_1.8.7"), Process(813, 812, "ilogtail_1.8.7"))
    passed("step1.running", healthy(processes=procs))


def test_running_fails_when_stopped() -> None:
    facts = healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")}, processes=())
    outcome = failed("step1.running", facts)
    assert "exited 3" in outcome.found_text
    assert "ilogtail is stopped" in outcome.found_text
    assert "0 agent process(es)" in outcome.found_text
    assert (outcome.fix_text or "").startswith("Start the agent: sudo /etc/init.d/ilogtaild start")
    assert "$ /etc/init.d/ilogtaild status\nilogtail is stopped" in outcome.evidence


def test_running_fails_on_abnormal_loongcollector() -> None:
    facts = loongcollector(
        status={"loongcollectord": CommandFact(1, "loongcollector running process is abnormal.\n")}
    )
    outcome = failed("step1.running", facts)
    assert "exited 1" in outcome.found_text
    assert "sudo /etc/init.d/loongcollectord start" in (outcome.fix_text or "")


def test_running_fails_when_status_says_running_but_no_process() -> None:
    unrelated = (Process(1, 0, "systemd"), Process(77, 1, "ilogtail-helper"))
    outcome = failed("step1.running", healthy(processes=unrelated))
    assert "0 agent process(es)" in outcome.found_text


def test_running_fails_when_the_status_could_not_be_run() -> None:
    outcome = failed("step1.running", healthy(status={}))
    assert "nothing (the probe could not run it)" in outcome.found_text


def test_running_skipped_without_agent_or_init_script() -> None:
    skipped("step1.running", healthy(install_paths={}))
    binary_only = healthy(install_paths={"/usr/local/ilogtail/ilogtail": "f"})
    assert "init script" in skipped("step1.running", binary_only).found_text


# --- step2.config_valid ---------------------------------------------------------------------


def test_config_valid_passes_for_both_formats() -> None:
    assert (
        f"old format, config server {INTRANET_URL}"
        in passed("step2.config_valid", healthy()).found_text
    )
    new = json.dumps(
        {
            "primary_region": "cn-hangzhou",
            "config_servers": [INTRANET_URL],
            "data_servers": [
                {
                    "region": "cn-hangzhou",
                    "endpoint_list": ["cn-hangzhou-intranet.log.aliyuncs.com"],
                }
            ],
        }
    )
    facts = loongcollector(config=FileFact(CONFIG_PATH, FileState.PRESENT, new))
    assert "new format" in passed("step2.config_valid", facts).found_text


@pytest.mark.parametrize(
    ("state", "found"),
    [
        (FileState.ABSENT, f"{CONFIG_PATH} is absent"),
        (FileState.UNREADABLE, f"{CONFIG_PATH} is unreadable"),
        (FileState.NOT_REGULAR, f"{CONFIG_PATH} is not a regular file"),
        (FileState.NOT_PROBED, f"{CONFIG_PATH} is not probed"),
    ],
)
def test_config_valid_fails_when_the_file_is_not_there(state: FileState, found: str) -> None:
    outcome = failed("step2.config_valid", healthy(config=FileFact(CONFIG_PATH, state)))
    assert outcome.found_text == found
    assert "sudo ./logtail.sh install cn-hangzhou" in (outcome.fix_text or "")


def test_config_valid_fails_on_broken_json_showing_the_file() -> None:
    broken = old_config() + "}"
    outcome = failed(
        "step2.config_valid", healthy(config=FileFact(CONFIG_PATH, FileState.PRESENT, broken))
    )
    assert outcome.found_text.startswith(f"{CONFIG_PATH} is unusable: not valid JSON")
    assert "does not start with a broken config" in (outcome.fix_text or "")
    assert outcome.evidence == (broken.strip(),)


# --- step2.region / step2.network --------------------------------------------------------


def _config(text: str) -> FileFact:
    return FileFact(CONFIG_PATH, FileState.PRESENT, text)


def test_region_passes() -> None:
    assert "region cn-hangzhou" in passed("step2.region", healthy()).found_text


def test_region_fails_for_another_region() -> None:
    text = old_config(
        "http://logtail.cn-beijing-intranet.log.aliyuncs.com",
        "cn-beijing",
        "cn-beijing-intranet.log.aliyuncs.com",
    )
    outcome = failed("step2.region", healthy(config=_config(text)))
    assert outcome.found_text == (
        "region cn-beijing (config server logtail.cn-beijing-intranet.log.aliyuncs.com)"
    )
    fix = outcome.fix_text or ""
    assert fix.startswith("Reinstall for region cn-hangzhou over the intranet network: ")
    assert "sudo ./logtail.sh install cn-hangzhou" in fix
    assert LOGTAIL_RESTART in fix


def test_region_remediation_restarts_loongcollectord_on_loongcollector() -> None:
    text = old_config(
        "http://logtail.cn-beijing.log.aliyuncs.com", "cn-beijing", "cn-beijing.log.aliyuncs.com"
    )
    outcome = failed("step2.region", loongcollector(config=_config(text)))
    assert LOONG_RESTART in (outcome.fix_text or "")
    assert "sudo ./loongcollector.sh install cn-hangzhou" in (outcome.fix_text or "")


@pytest.mark.parametrize("check_id", ["step2.region", "step2.network"])
@pytest.mark.parametrize(
    "config",
    [FileFact(CONFIG_PATH, FileState.ABSENT), FileFact(CONFIG_PATH, FileState.PRESENT, "[]")],
    ids=["absent", "unusable"],
)
def test_region_and_network_skip_without_a_usable_config(check_id: str, config: FileFact) -> None:
    assert "missing or unusable" in skipped(check_id, healthy(config=config)).found_text


def test_network_passes() -> None:
    assert "network type intranet" in passed("step2.network", healthy()).found_text


def test_network_fails_for_an_internet_install_of_an_intranet_project() -> None:
    text = old_config(
        "http://logtail.cn-hangzhou.log.aliyuncs.com", "cn-hangzhou", "cn-hangzhou.log.aliyuncs.com"
    )
    outcome = failed("step2.network", healthy(config=_config(text)))
    assert outcome.found_text == (
        "network type internet (config server logtail.cn-hangzhou.log.aliyuncs.com, "
        "data endpoint cn-hangzhou.log.aliyuncs.com)"
    )
    assert "over the intranet network" in (outcome.fix_text or "")


def test_network_passes_for_acceleration() -> None:
    text = old_config(
        "http://logtail.cn-hangzhou.log.aliyuncs.com", "cn-hangzhou", "log-global.aliyuncs.com"
    )
    expectation = expect(project=Project("web-logs", "cn-hangzhou", "acceleration"))
    passed("step2.network", healthy(config=_config(text)), expectation)
    outcome = failed("step2.network", healthy(config=_config(text)))  # intranet expected
    assert "network type acceleration" in outcome.found_text
    assert "data endpoint log-global.aliyuncs.com" in outcome.found_text


# --- step2.endpoint -----------------------------------------------------------------------


def test_endpoint_passes_on_an_sls_error_body() -> None:
    outcome = passed("step2.endpoint", healthy())
    assert outcome.found_text == "HTTP 405 with SLS error code OLSInvalidMethod"
    assert outcome.evidence == (f"$ curl {INTRANET_URL}\n{OLS_BODY}",)


def test_endpoint_fails_without_an_http_answer() -> None:
    error = "curl: (6) Could not resolve host: logtail.cn-hangzhou-intranet.log.aliyuncs.com"
    facts = healthy(http={INTRANET_URL: HttpAnswer(INTRANET_URL, 6, None, "", error)})
    outcome = failed("step2.endpoint", facts)
    assert outcome.found_text == f"no HTTP answer: {error}"
    fix = outcome.fix_text or ""
    assert f"`curl {INTRANET_URL}`" in fix
    assert "logtail.cn-hangzhou-intranet.log.aliyuncs.com resolves" in fix
    assert "from an ECS in cn-hangzhou" in fix
    assert "reinstall with cn-hangzhou-internet" in fix


def test_endpoint_fails_when_something_else_answers() -> None:
    html = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>nginx</body></html>"
    facts = healthy(http={INTRANET_URL: HttpAnswer(INTRANET_URL, 0, 404, html, "")})
    outcome = failed("step2.endpoint", facts)
    assert outcome.found_text.startswith("HTTP 404 from something that is not SLS: '<html> <head>")


def test_endpoint_skipped() -> None:
    assert "did not request" in skipped("step2.endpoint", healthy(http={})).found_text
    missing_curl = {INTRANET_URL: HttpAnswer(INTRANET_URL, 127, None, "", "curl is not installed")}
    assert (
        "curl is not installed" in skipped("step2.endpoint", healthy(http=missing_curl)).found_text
    )
    no_config = healthy(config=FileFact(CONFIG_PATH, FileState.ABSENT))
    assert "missing or unusable" in skipped("step2.endpoint", no_config).found_text


def test_endpoint_uses_the_first_config_server() -> None:
    second = "http://logtail.cn-hangzhou.log.aliyuncs.com"
    text = json.dumps({"config_servers": [INTRANET_URL, second], "data_servers": []})
    refused = HttpAnswer(INTRANET_URL, 7, None, "", "curl: (7) Failed to connect")
    http = {INTRANET_URL: refused, second: HttpAnswer(second, 0, 405, OLS_BODY, "")}
    failed("step2.endpoint", healthy(config=_config(text), http=http))


# --- step3.ip_recorded --------------------------------------------------------------------


def _app_info(content: str) -> FileFact:
    return FileFact(APP_INFO_PATH, FileState.PRESENT, content)


def test_ip_recorded_passes() -> None:
    assert passed("step3.ip_recorded", healthy()).found_text == f"ip {HOST_IP}"


def test_ip_recorded_fails_when_the_file_is_absent() -> None:
    outcome = failed(
        "step3.ip_recorded", healthy(app_info=FileFact(APP_INFO_PATH, FileState.ABSENT))
    )
    assert outcome.found_text == f"{APP_INFO_PATH} is absent"
    assert LOGTAIL_RESTART in (outcome.fix_text or "")


def test_ip_recorded_fails_on_an_empty_ip_naming_working_ip() -> None:
    outcome = failed("step3.ip_recorded", loongcollector(app_info=_app_info(app_info(ip=""))))
    assert "'ip' is empty" in outcome.found_text
    fix = outcome.fix_text or ""
    assert '"working_ip"' in fix
    assert CONFIG_PATH in fix
    assert LOONG_RESTART in fix


def test_ip_recorded_fails_on_a_non_ipv4() -> None:
    outcome = failed("step3.ip_recorded", healthy(app_info=_app_info(app_info(ip="fe80::1"))))
    assert outcome.found_text == "'ip' is 'fe80::1', not an IPv4 address"


def test_ip_recorded_fails_on_broken_json() -> None:
    outcome = failed("step3.ip_recorded", healthy(app_info=_app_info('{"ip": "10.0.0.')))
    assert outcome.found_text.startswith(f"{APP_INFO_PATH} is unusable: not valid JSON")


# --- step3.ip_in_group --------------------------------------------------------------------


def test_ip_in_group_passes() -> None:
    assert passed("step3.ip_in_group", healthy()).found_text == f"{HOST_IP} is in web-servers"


def test_ip_in_group_fails_naming_ip_group_and_project() -> None:
    facts = healthy(app_info=_app_info(app_info(ip="10.0.0.99")))
    outcome = failed("step3.ip_in_group", facts)
    assert (
        outcome.found_text == "10.0.0.99 is not in web-servers (which lists 10.0.0.11, 10.0.0.12)"
    )
    assert (outcome.fix_text or "").startswith(
        "In the SLS console, project web-logs, machine group web-servers: add 10.0.0.99 "
    )


def test_ip_in_group_with_unknown_group_accepts_any_group() -> None:
    facts = healthy(app_info=_app_info(app_info(ip="10.0.1.21")))
    assert "db-servers" in passed("step3.ip_in_group", facts, expect(group=None)).found_text
    outcome = failed("step3.ip_in_group", facts)  # but not when the group is known
    assert "10.0.1.21 is not in web-servers" in outcome.found_text


def test_ip_in_group_with_unknown_group_fails_generically() -> None:
    facts = healthy(app_info=_app_info(app_info(ip="10.0.0.99")))
    outcome = failed("step3.ip_in_group", facts, expect(group=None))
    assert "web-servers, db-servers" in outcome.found_text
    assert "machine group the host's machine group: add 10.0.0.99" in (outcome.fix_text or "")


def test_ip_in_group_reports_an_empty_group() -> None:
    empty = MachineGroup("new-group", ())
    outcome = failed("step3.ip_in_group", healthy(), expect(group=empty, all_groups=(empty,)))
    assert outcome.found_text == (
        f"{HOST_IP} is not in new-group (which lists nothing: the targets file gives no ips "
        "(--sls reads them from SLS))"
    )


@pytest.mark.parametrize("check_id", ["step3.ip_in_group", "step3.ip_current"])
@pytest.mark.parametrize(
    "info",
    [FileFact(APP_INFO_PATH, FileState.ABSENT), _app_info(app_info(ip="")), _app_info("[]")],
    ids=["absent", "empty-ip", "unusable"],
)
def test_ip_checks_skip_without_a_recorded_ip(check_id: str, info: FileFact) -> None:
    assert "records no usable IP" in skipped(check_id, healthy(app_info=info)).found_text


# --- step3.ip_current ---------------------------------------------------------------------


def test_ip_current_passes_with_evidence() -> None:
    outcome = passed("step3.ip_current", healthy())
    assert outcome.found_text == f"app_info.json ip {HOST_IP}"
    assert "hostname: web-2" in outcome.evidence
    assert f"/etc/hosts: {HOST_IP} web-2" in outcome.evidence
    assert f"NICs: lo 127.0.0.1, eth0 {HOST_IP}" in outcome.evidence


def test_ip_current_fails_after_an_ip_change() -> None:
    # The agent started with 10.0.0.12; eth0 has 10.0.0.13 now and /etc/hosts
    # no longer names the host.
    facts = loongcollector(
        etc_hosts=FileFact("/etc/hosts", FileState.PRESENT, "127.0.0.1 localhost\n"),
        resolved=(),
        resolve_rc=2,
        nics=(NicAddress("lo", "127.0.0.1", 8), NicAddress("eth0", "10.0.0.13", 24)),
    )
    outcome = failed("step3.ip_current", facts)
    assert "10.0.0.13" in outcome.expected_text
    assert (
        outcome.found_text
        == f"app_info.json ip {HOST_IP}: the network changed since the agent started"
    )
    fix = outcome.fix_text or ""
    assert fix.startswith(f"Restart the agent so it takes the current IP: {LOONG_RESTART}; ")
    assert "put 10.0.0.13 (the new app_info.json ip) in machine group web-servers" in fix
    assert "/etc/hosts: (no line for web-2)" in outcome.evidence


def test_ip_current_follows_working_ip() -> None:
    extra = ',\n    "working_ip" : "10.0.0.11"'
    facts = healthy(
        config=_config(old_config(extra=extra)), app_info=_app_info(app_info(ip="10.0.0.11"))
    )
    assert "working_ip" in passed("step3.ip_current", facts).expected_text
    outcome = failed("step3.ip_current", healthy(config=_config(old_config(extra=extra))))
    assert "put 10.0.0.11" in (outcome.fix_text or "")


def test_ip_current_when_resolving_the_hostname_was_cut() -> None:
    facts = healthy(resolved=(), resolve_rc=124, resolve_limit=7)
    outcome = failed("step3.ip_current", facts)
    assert outcome.found_text.startswith("`getent ahostsv4 web-2` did not answer within 7 s")
    fix = outcome.fix_text or ""
    assert "add the line '10.0.0.12 web-2' to /etc/hosts" in fix
    assert "check: getent ahostsv4 web-2" in fix
    # A config that names the agent's IP needs no name: judged as ever.
    extra = ',\n    "working_ip" : "10.0.0.12"'
    passed("step3.ip_current", dataclasses.replace(facts, config=_config(old_config(extra=extra))))


def test_ip_current_on_a_stale_hosts_line_says_fix_etc_hosts_first() -> None:
    # /etc/hosts binds the hostname to an address no NIC has: a restart alone
    # would make the agent report that address, so the fix starts with the line.
    stale = "127.0.0.1 localhost\n10.9.9.9 web-2\n"
    facts = healthy(
        etc_hosts=FileFact("/etc/hosts", FileState.PRESENT, stale), resolved=("10.9.9.9",)
    )
    outcome = failed("step3.ip_current", facts)
    fix = outcome.fix_text or ""
    assert fix.startswith("First correct the stale line for web-2 in /etc/hosts")
    assert "10.9.9.9" in fix
    assert LOGTAIL_RESTART in fix
    assert "/etc/hosts: 10.9.9.9 web-2" in outcome.evidence


def test_ip_current_with_several_candidates() -> None:
    nics = (NicAddress("ens33", "10.1.0.7", 24), NicAddress("enp0s3", "10.2.0.9", 24))
    facts = healthy(resolved=(), nics=nics, app_info=_app_info(app_info(ip="10.2.0.9")))
    assert "10.1.0.7 or 10.2.0.9" in passed("step3.ip_current", facts).expected_text
    outcome = failed("step3.ip_current", healthy(resolved=(), nics=nics))
    assert "put the new IP" in (outcome.fix_text or "")
    outcome = failed("step3.ip_current", healthy(resolved=(), nics=nics), expect(group=None))
    assert "in machine group (its group)" in (outcome.fix_text or "")


# --- step4.user_id ------------------------------------------------------------------------


def test_user_id_passes_with_any_listed_account() -> None:
    assert passed("step4.user_id", healthy()).found_text == f"{USERS_DIR}/{ACCOUNT}"
    facts = healthy(user_ids=("999999999", OTHER_ACCOUNT))
    assert passed("step4.user_id", facts).found_text == f"{USERS_DIR}/{OTHER_ACCOUNT}"


def test_user_id_not_needed_on_same_account_ecs() -> None:
    outcome = passed("step4.user_id", healthy(user_ids=None), expect(same_account_ecs=True))
    assert "same_account_ecs" in outcome.found_text


def test_user_id_fails_without_the_directory_with_the_touch_command() -> None:
    outcome = failed("step4.user_id", healthy(user_ids=None))
    assert outcome.found_text == f"{USERS_DIR} does not exist"
    fix = outcome.fix_text or ""
    assert f"sudo mkdir -p {USERS_DIR} && sudo touch {USERS_DIR}/{ACCOUNT}" in fix
    assert "project web-logs" in fix
    assert "not a RAM user's" in fix


def test_user_id_fails_with_the_wrong_id_listing_what_is_there() -> None:
    facts = healthy(user_ids=("1111111111111111",), user_id_other_entries=(ACCOUNT,))
    outcome = failed("step4.user_id", facts)
    # An account-named *directory* does not count.
    assert outcome.found_text == f"{USERS_DIR} holds 1111111111111111, {ACCOUNT}/ (a directory)"
    assert f"sudo touch {USERS_DIR}/{ACCOUNT}" in (outcome.fix_text or "")


def test_user_id_fails_on_an_empty_directory() -> None:
    outcome = failed("step4.user_id", healthy(user_ids=()))
    assert outcome.found_text == f"{USERS_DIR} holds nothing"


def test_user_id_touch_names_the_first_account_of_the_targets_file() -> None:
    expectation = expect(account_ids=(OTHER_ACCOUNT,))
    outcome = failed("step4.user_id", healthy(user_ids=None), expectation)
    assert f"sudo touch {USERS_DIR}/{OTHER_ACCOUNT} " in (outcome.fix_text or "")


# --- every check, both ways ---------------------------------------------------------------

# For each check: facts that make it fail. Together with the healthy baseline,
# every check is seen passing and failing.
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
}


# --- step2.agent_version ------------------------------------------------------------------


def test_agent_version_passes_when_no_setting_needs_a_newer_agent() -> None:
    outcome = passed("step2.agent_version", healthy(app_info=_app_info(app_info(version="0.1"))))
    assert "no setting" in outcome.found_text


def test_agent_version_passes_when_the_agent_honours_the_setting() -> None:
    facts = healthy(config=_config(AUTO_ADJUST_CONFIG))
    outcome = passed("step2.agent_version", facts)
    assert outcome.found_text == "Logtail 1.8.7 honours enable_log_time_auto_adjust"
    exactly = healthy(
        config=_config(AUTO_ADJUST_CONFIG), app_info=_app_info(app_info(version="1.0.19"))
    )
    passed("step2.agent_version", exactly)


def test_agent_version_fails_for_an_agent_older_than_the_setting() -> None:
    facts = healthy(
        config=_config(AUTO_ADJUST_CONFIG), app_info=_app_info(app_info(version="1.0.18"))
    )
    outcome = failed("step2.agent_version", facts)
    assert outcome.found_text == (
        "Logtail 1.0.18 is older than 1.0.19: it ignores enable_log_time_auto_adjust"
    )
    assert outcome.fix is not None
    assert outcome.fix.commands() == [
        "wget http://logtail-release-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/linux64/logtail.sh "
        "-O logtail.sh && chmod 755 logtail.sh && sudo ./logtail.sh install cn-hangzhou"
    ]


def test_agent_version_is_not_judged_without_a_version_or_a_config() -> None:
    no_version = healthy(
        config=_config(AUTO_ADJUST_CONFIG), app_info=FileFact(APP_INFO_PATH, FileState.ABSENT)
    )
    assert "not known" in skipped("step2.agent_version", no_version).found_text
    skipped("step2.agent_version", healthy(config=FileFact(CONFIG_PATH, FileState.ABSENT)))


def test_failing_table_covers_every_check() -> None:
    assert set(FAILING) == set(CHECKS)


# The expectation each failing case is judged against (default: expect()).
FAILING_EXPECTATION = {"step3.custom_id": expect(group=CUSTOM_GROUP)}


@pytest.mark.parametrize("check_id", list(CHECKS))
def test_each_check_fails_on_its_own_fact(check_id: str) -> None:
    outcomes = evaluate(FAILING[check_id], FAILING_EXPECTATION.get(check_id, expect()))
    failing = [cid for cid, o in outcomes.items() if o.status is Status.FAILED]
    assert check_id in failing
    assert root_cause(outcomes) == failing[0]
    fix = outcomes[check_id].fix
    assert fix is not None
    assert fix.key in spec(check_id).fixes


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
    assert next(iter(reversed_outcomes)) == "step4.user_id"
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
        "step2.config_valid",
        "step2.config_loaded",
        "step2.region",
        "step2.network",
        "step2.dns",
        "step2.endpoint",
        "step2.https",
        "step2.proxy",
        "step2.clock",
        "step2.agent_version",
        "step3.ip_recorded",
        "step3.custom_id",
        "step3.ip_in_group",
        "step3.ip_current",
        "step4.user_id",
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
