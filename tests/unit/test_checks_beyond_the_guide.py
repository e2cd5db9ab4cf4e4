"""The checks beyond the guide's four steps, agent flavours and custom identifiers.

Same style as test_checks.py: start from its healthy host and change the one
fact a test is about.
"""

from __future__ import annotations

from email.utils import formatdate

import pytest

from logtail_doctor.catalogue import root_cause
from logtail_doctor.checks import Host
from logtail_doctor.checks.step2_install_parameters import redact_proxy, valid_proxy
from logtail_doctor.facts import (
    COMMUNITY_LAYOUT,
    CommandFact,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    Process,
    windows_layout,
)
from logtail_doctor.outcome import Status
from tests.unit.test_checks import (
    CUSTOM_GROUP,
    EPOCH,
    INTRANET_HTTPS_URL,
    INTRANET_URL,
    OLS_BODY,
    SLS_DATE,
    UDID_PATH,
    app_info,
    evaluate,
    expect,
    failed,
    healthy,
    loongcollector,
    passed,
    skipped,
)

# --- step1.instances -------------------------------------------------------------------------


def describe_agent(facts: HostFacts) -> str:
    """The agent the report names for a host."""
    return Host(facts, expect()).agent.display


def test_one_daemon_and_one_worker_pass() -> None:
    outcome = passed("step1.instances", healthy())
    assert outcome.found_text.startswith("1 daemon(s) and 1 worker(s)")


def test_two_instances_fail_naming_the_daemons() -> None:
    facts = healthy(
        processes=(
            Process(812, 1, "ilogtail", 3600),
            Process(813, 812, "ilogtail", 3599),
            Process(900, 1, "ilogtail_1.8.7", 60),
            Process(901, 900, "ilogtail_1.8.7", 59),
        )
    )
    outcome = failed("step1.instances", facts)
    assert outcome.found_text.startswith("2 daemon(s) and 2 worker(s)")
    assert "PIDs 812 900" in (outcome.fix_text or "")
    assert "sudo /etc/init.d/ilogtaild stop" in (outcome.fix_text or "")
    assert root_cause(evaluate(facts, expect())) == "step1.instances"


def test_a_daemon_without_its_worker_fails() -> None:
    failed("step1.instances", healthy(processes=(Process(812, 1, "ilogtail", 10),)))


def test_no_agent_process_leaves_the_count_to_step1_running() -> None:
    outcome = skipped("step1.instances", healthy(processes=()))
    assert "step1.running" in outcome.found_text


def test_unrelated_processes_do_not_count() -> None:
    facts = healthy(processes=(*healthy().processes, Process(999, 1, "ilogtail-helper", 5)))
    passed("step1.instances", facts)


# --- step1.running: what the exit code means ---------------------------------------------------


@pytest.mark.parametrize(
    ("rc", "text", "meaning"),
    [
        (3, "loongcollector is stopped\n", "3 (stopped)"),
        (1, "loongcollector running process is abnormal.\n", "1 (abnormal process count)"),
        (124, "", "exited 124 saying"),
    ],
)
def test_running_names_the_exit_code(rc: int, text: str, meaning: str) -> None:
    status = {
        "ilogtaild": CommandFact(rc, text),
        "loongcollectord": CommandFact(rc, text),
    }
    outcome = failed("step1.running", loongcollector(status=status))
    assert meaning in outcome.found_text


def test_a_status_cut_by_the_probe_did_not_answer_instead_of_exiting_124() -> None:
    status = {"ilogtaild": CommandFact(124, "", timed_out=True, limit=7)}
    outcome = failed("step1.running", healthy(status=status))
    assert outcome.found_text == (
        "`/etc/init.d/ilogtaild status` did not answer within 7 s (the probe's bound "
        "stopped it); 2 agent process(es)"
    )
    assert "124" not in outcome.message()
    fix = outcome.fix_text or ""
    assert "sudo timeout 30 sh -x /etc/init.d/ilogtaild status" in fix
    assert "sudo /etc/init.d/ilogtaild stop && sudo /etc/init.d/ilogtaild start" in fix


def test_a_cut_without_a_known_bound_still_names_the_exit_code() -> None:
    status = {"ilogtaild": CommandFact(124, "", timed_out=True, limit=None)}
    assert "exited 124 saying" in failed("step1.running", healthy(status=status)).found_text


# --- step2.config_loaded -----------------------------------------------------------------------


def test_config_changed_after_start_asks_for_a_restart() -> None:
    outcome = failed("step2.config_loaded", healthy(config_mtime=EPOCH - 10))
    assert "PID 812" in outcome.found_text
    assert "sudo /etc/init.d/ilogtaild stop && sudo /etc/init.d/ilogtaild start" in (
        outcome.fix_text or ""
    )


def test_config_changed_within_the_slack_of_the_start_passes() -> None:
    # The daemon started 3600 s before the probe read the clock.
    passed("step2.config_loaded", healthy(config_mtime=EPOCH - 3600 + 2))


@pytest.mark.parametrize(
    "facts",
    [
        healthy(processes=()),
        healthy(processes=(Process(812, 1, "ilogtail"), Process(813, 812, "ilogtail"))),
        healthy(config_mtime=None),
        healthy(epoch=None),
    ],
    ids=["not running", "old ps", "no mtime", "no clock"],
)
def test_config_loaded_is_not_judged_without_times(facts: HostFacts) -> None:
    skipped("step2.config_loaded", facts)


# --- step2.dns and step2.https -----------------------------------------------------------------


def test_a_name_that_does_not_resolve_is_the_root_cause_before_the_endpoint() -> None:
    answer = HttpAnswer(INTRANET_URL, 6, None, "", "curl: (6) Could not resolve host: x")
    facts = healthy(http={INTRANET_URL: answer})
    outcome = failed("step2.dns", facts)
    assert "logtail.cn-hangzhou-intranet.log.aliyuncs.com does not resolve" in outcome.found_text
    assert "getent hosts logtail.cn-hangzhou-intranet.log.aliyuncs.com" in (outcome.fix_text or "")
    assert "100.100.2.136" in (outcome.fix_text or "")
    assert root_cause(evaluate(facts, expect())) == "step2.dns"


def test_a_refused_connection_is_not_a_dns_failure() -> None:
    answer = HttpAnswer(INTRANET_URL, 7, None, "", "curl: (7) Failed to connect")
    passed("step2.dns", healthy(http={INTRANET_URL: answer}))


def test_https_blocked_while_http_works() -> None:
    blocked = HttpAnswer(INTRANET_HTTPS_URL, 7, None, "", "curl: (7) Connection refused")
    http = {**healthy().http, INTRANET_HTTPS_URL: blocked}
    outcome = failed("step2.https", healthy(http=http))
    assert "curl: (7) Connection refused" in outcome.found_text
    assert "curl -k -sS https://logtail.cn-hangzhou-intranet.log.aliyuncs.com" in (
        outcome.fix_text or ""
    )
    assert root_cause(evaluate(healthy(http=http), expect())) == "step2.https"


def test_https_cut_by_curls_bound_says_it_did_not_answer_in_time() -> None:
    error = "curl: (28) Connection timed out after 5001 milliseconds"
    cut = HttpAnswer(INTRANET_HTTPS_URL, 28, None, "", error, limit=5)
    outcome = failed("step2.https", healthy(http={**healthy().http, INTRANET_HTTPS_URL: cut}))
    assert outcome.found_text == (
        f"{INTRANET_HTTPS_URL} did not answer within 5 s while HTTP works: {error}"
    )
    assert "exit code" not in outcome.found_text


@pytest.mark.parametrize(
    ("check_id", "error", "found"),
    [
        (
            "step2.endpoint",
            "curl: (28) Connection timed out after 5001 milliseconds",
            f"{INTRANET_URL} did not answer within 5 s: curl: (28) Connection timed out",
        ),
        (
            "step2.dns",
            "curl: (28) Resolving timed out after 5000 milliseconds",
            "resolving logtail.cn-hangzhou-intranet.log.aliyuncs.com did not answer within 5 s",
        ),
    ],
)
def test_http_cut_by_curls_bound_says_it_did_not_answer_in_time(
    check_id: str, error: str, found: str
) -> None:
    http = {
        INTRANET_URL: HttpAnswer(INTRANET_URL, 28, None, "", error, limit=5),
        INTRANET_HTTPS_URL: HttpAnswer(INTRANET_HTTPS_URL, 28, None, "", error, limit=5),
    }
    assert failed(check_id, healthy(http=http)).found_text.startswith(found)


def test_a_resolving_timeout_of_an_old_probe_still_fails_dns() -> None:
    # Format 2 did not record the bound: the error is shown as it is.
    error = "curl: (28) Resolving timed out after 15000 milliseconds"
    http = {INTRANET_URL: HttpAnswer(INTRANET_URL, 28, None, "", error)}
    outcome = failed("step2.dns", healthy(http=http))
    assert (
        outcome.found_text
        == f"logtail.cn-hangzhou-intranet.log.aliyuncs.com does not resolve: {error}"
    )


def test_https_is_not_judged_when_http_fails_too() -> None:
    down = {
        INTRANET_URL: HttpAnswer(INTRANET_URL, 7, None, "", "refused"),
        INTRANET_HTTPS_URL: HttpAnswer(INTRANET_HTTPS_URL, 7, None, "", "refused"),
    }
    skipped("step2.https", healthy(http=down))


def test_any_https_answer_passes() -> None:
    http = {
        **healthy().http,
        INTRANET_HTTPS_URL: HttpAnswer(INTRANET_HTTPS_URL, 0, 404, "not found", ""),
    }
    assert passed("step2.https", healthy(http=http)).found_text == "HTTP 404 over HTTPS"


# --- step2.proxy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "http://10.0.0.5:3128",
        "proxy.corp:3128",
        "https://user:p%40ss@proxy.corp:443/",
        "socks5h://[fd00::1]:1080",
    ],
)
def test_valid_proxy_values(value: str) -> None:
    assert valid_proxy(value)


@pytest.mark.parametrize(
    "value",
    ["proxy.corp:notaport", "http//proxy:3128", "ftp://proxy:21", "http://:3128", "", "a b:1"],
)
def test_invalid_proxy_values(value: str) -> None:
    assert not valid_proxy(value)


def test_invalid_proxy_fails_and_hides_passwords() -> None:
    env = {"HTTPS_PROXY": "proxy.corp:notaport", "http_proxy": "http://bob:s3cret@10.0.0.5:3128"}
    outcome = failed("step2.proxy", healthy(agent_env=env))
    assert "HTTPS_PROXY is not a valid proxy URL" in outcome.found_text
    assert "http_proxy=http://bob:***@10.0.0.5:3128" in outcome.found_text
    assert "s3cret" not in outcome.found_text + (outcome.fix_text or "")


def test_upper_case_proxy_variable_wins() -> None:
    env = {"HTTP_PROXY": "http://10.0.0.5:3128", "http_proxy": "garbage:x"}
    assert (
        passed("step2.proxy", healthy(agent_env=env)).found_text
        == "HTTP_PROXY=http://10.0.0.5:3128"
    )


def test_no_proxy_is_not_a_proxy() -> None:
    outcome = passed("step2.proxy", healthy(agent_env={"NO_PROXY": "localhost, 10.0.0.0/8"}))
    assert "connects directly" in outcome.found_text


def test_proxy_is_not_judged_without_the_environment() -> None:
    skipped("step2.proxy", healthy(agent_env=None))


def test_redact_proxy() -> None:
    assert redact_proxy("http://u:p@h:1") == "http://u:***@h:1"
    assert redact_proxy("u:p@h:1") == "u:***@h:1"
    assert redact_proxy("http://h:1") == "http://h:1"


# --- step2.clock -------------------------------------------------------------------------------


def test_clock_far_ahead_of_the_endpoint_fails() -> None:
    outcome = failed("step2.clock", healthy(epoch=EPOCH + 1800, config_mtime=EPOCH - 86400))
    assert outcome.found_text.endswith("+1797 s")
    assert "endpoint http://logtail.cn-hangzhou-intranet.log.aliyuncs.com" in outcome.found_text
    assert "RequestTimeExpired" in (outcome.fix_text or "")


def test_clock_within_fifteen_minutes_passes() -> None:
    passed("step2.clock", healthy(epoch=EPOCH - 890))


def test_clock_falls_back_to_the_runner() -> None:
    no_date = {INTRANET_URL: HttpAnswer(INTRANET_URL, 7, None, "", "refused")}
    facts = healthy(http=no_date, runner_epoch=float(EPOCH - 3600))
    outcome = failed("step2.clock", facts)
    assert "this runner" in outcome.found_text
    skipped("step2.clock", healthy(http=no_date))


def test_an_unparsable_date_header_is_ignored() -> None:
    odd = {INTRANET_URL: HttpAnswer(INTRANET_URL, 0, 405, OLS_BODY, "", "yesterday-ish")}
    skipped("step2.clock", healthy(http=odd))
    dated = {INTRANET_URL: HttpAnswer(INTRANET_URL, 0, 405, OLS_BODY, "", SLS_DATE)}
    passed("step2.clock", healthy(http=dated))
    assert formatdate(EPOCH + 3, usegmt=True) == SLS_DATE


# --- custom identifiers ------------------------------------------------------------------------


def _udid(text: str) -> FileFact:
    return FileFact(UDID_PATH, FileState.PRESENT, text)


def test_custom_id_on_a_line_of_its_own_passes() -> None:
    facts = healthy(user_defined_id=_udid("other\n  web-custom-2  \n"))
    outcome = passed("step3.custom_id", facts, expect(group=CUSTOM_GROUP))
    assert outcome.found_text == "web-custom-2"


def test_another_custom_id_fails_with_the_command_that_adds_it() -> None:
    facts = healthy(user_defined_id=_udid("someone-else\n"))
    outcome = failed("step3.custom_id", facts, expect(group=CUSTOM_GROUP))
    assert outcome.found_text == f"{UDID_PATH} holds 'someone-else'"
    assert f"echo 'web-custom-1' | sudo tee -a {UDID_PATH}" in (outcome.fix_text or "")


def test_custom_group_does_not_look_at_ips() -> None:
    facts = healthy(
        user_defined_id=_udid("web-custom-1\n"),
        app_info=FileFact(
            "/usr/local/ilogtail/app_info.json", FileState.PRESENT, app_info(ip="10.9.9.9")
        ),
    )
    outcomes = evaluate(facts, expect(group=CUSTOM_GROUP))
    assert root_cause(outcomes) is None
    assert "custom identifier" in outcomes["step3.ip_in_group"].found_text
    assert "custom identifier" in outcomes["step3.ip_current"].found_text


def test_ip_group_needs_no_custom_id() -> None:
    outcome = passed("step3.custom_id", healthy())
    assert outcome.found_text.startswith("not needed")


def test_empty_ip_suggests_working_ip_with_this_hosts_address() -> None:
    facts = healthy(
        app_info=FileFact("/usr/local/ilogtail/app_info.json", FileState.PRESENT, app_info(ip=""))
    )
    fix = failed("step3.ip_recorded", facts).fix_text or ""
    assert '"working_ip": "10.0.0.12"' in fix
    assert '"working_interface": "eth0"' in fix


# --- agent flavours ------------------------------------------------------------------------


def test_report_names_flavour_and_version() -> None:
    assert describe_agent(healthy()) == "Logtail 1.8.7"
    assert describe_agent(loongcollector()) == "LoongCollector 1.8.7"
    assert describe_agent(healthy(install_paths={}, layout=COMMUNITY_LAYOUT)) == (
        "LoongCollector community 1.8.7"
    )
    missing = FileFact("/usr/local/ilogtail/app_info.json", FileState.ABSENT)
    assert describe_agent(healthy(app_info=missing)) == "Logtail"
    assert describe_agent(healthy(install_paths={})) == "none"


def test_community_edition_runs_as_one_process_and_says_it_cannot_heartbeat() -> None:
    facts = healthy(
        install_paths={"/opt/loongcollector": "d", "/opt/loongcollector/loongcollector": "f"},
        layout=COMMUNITY_LAYOUT,
        status={},
        processes=(Process(700, 1, "loongcollector", 100),),
        config=FileFact(
            COMMUNITY_LAYOUT.config_path, FileState.PRESENT, '{"enable_host_id": false}'
        ),
    )
    outcomes = evaluate(facts, expect())
    assert outcomes["step1.installed"].status is Status.PASSED
    assert outcomes["step1.instances"].status is Status.PASSED
    assert outcomes["step1.running"].status is Status.PASSED
    assert root_cause(outcomes) == "step2.config_valid"
    found = outcomes["step2.config_valid"].found_text
    assert found.startswith(COMMUNITY_LAYOUT.config_path)
    assert "does not heartbeat to SLS machine groups" in found
    assert "loongcollector.sh install cn-hangzhou" in (
        outcomes["step2.config_valid"].fix_text or ""
    )


def test_windows_agent_is_told_by_its_service() -> None:
    layout = windows_layout("C:\\Program Files\\Alibaba\\Logtail")
    facts = healthy(
        layout=layout, install_paths={}, status={}, services={"LogtailDaemon": "Stopped"}
    )
    host = Host(facts, expect())
    assert host.agent.display == "Logtail 1.8.7"
    assert host.agent.restart == "Restart-Service LogtailDaemon"
    outcome = failed("step1.running", facts)
    assert outcome.found_text == "service LogtailDaemon is Stopped"
    assert "Start-Service LogtailDaemon" in (outcome.fix_text or "")
