"""The probe's record format and parse_linux_probe.

tests/data/probe/not_installed.txt is a real run of linux.sh on a machine
without agent; the other *.txt files are built from it by
tests/data/probe/make_cases.py (see its docstring).
"""

from __future__ import annotations

import base64
import dataclasses
import re
import subprocess
from pathlib import Path

import pytest

from logtail_doctor.catalogue import Status, root_cause
from logtail_doctor.checks import Expectation, evaluate
from logtail_doctor.facts import (
    CommandFact,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    NicAddress,
    Process,
)
from logtail_doctor.probe import (
    APP_INFO_PATH,
    CONFIG_PATH,
    PROBE_FORMAT,
    VALUE_LIMIT,
    ProbeError,
    linux_probe_script,
    parse_linux_probe,
    split_records,
)
from logtail_doctor.targets import MachineGroup, Project
from tests.support.scripts import load_script

PROBE_DATA = Path(__file__).resolve().parent.parent / "data" / "probe"
SCRIPT = Path(__file__).resolve().parents[2] / "logtail_doctor" / "probe" / "linux.sh"

ETC_HOSTS = "127.0.0.1 localhost\n127.0.0.1 runsc\n127.0.0.1 vm\n"
RECORDED_NICS = (NicAddress("lo", "127.0.0.1", 8), NicAddress("eth0", "192.0.2.2", 24))
CONFIG_URL = "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
OLS_BODY = (
    '{"Error":{"Code":"OLSInvalidMethod","Message":"The script name is invalid : /",'
    '"RequestId":"6743A1F2B7C94D0E8A5F3C21"}}'
)


make_cases = load_script(PROBE_DATA / "make_cases.py", "make_cases")
# The body of tests/data/parsers/parse_curl/real_sls_like_answer_with_headers.json.
OLS_ANSWER_BODY = (
    '{"Error":{"Code":"OLSInvalidMethod","Message":"The script name is invalid : /",'
    '"RequestId":"ABC"}}'
)


def probe(name: str) -> str:
    return (PROBE_DATA / name).read_text(encoding="utf-8")


# --- the recording and the generated cases ------------------------------------------


def test_real_recording_not_installed() -> None:
    facts = parse_linux_probe(probe("not_installed.txt"))
    assert facts == HostFacts(
        hostname="vm",
        epoch=1795569322,
        install_paths={},
        status={},
        processes=(),
        config=FileFact(CONFIG_PATH, FileState.ABSENT),
        http={},
        app_info=FileFact(APP_INFO_PATH, FileState.ABSENT),
        etc_hosts=FileFact("/etc/hosts", FileState.PRESENT, ETC_HOSTS),
        resolved=("127.0.0.1",),
        resolve_rc=0,
        nics=RECORDED_NICS,
        user_ids=None,
        user_id_other_entries=(),
        user_defined_id=FileFact("/etc/ilogtail/user_defined_id", FileState.ABSENT),
    )


def test_generated_cases_are_what_make_cases_builds() -> None:
    built: dict[str, str] = make_cases.build_cases()
    on_disk = {p.name for p in PROBE_DATA.glob("*.txt")} - {"not_installed.txt"}
    assert set(built) == on_disk
    for name, text in built.items():
        assert probe(name) == text, f"{name} is stale: run tests/data/probe/make_cases.py"


def test_logtail_healthy() -> None:
    facts = parse_linux_probe(probe("logtail_healthy.txt"))
    assert facts.hostname == "vm"
    assert facts.install_paths == {
        "/usr/local/ilogtail": "d",
        "/usr/local/ilogtail/ilogtail": "f",
        "/etc/init.d/ilogtaild": "f",
    }
    assert facts.status == {"ilogtaild": CommandFact(0, "ilogtail is running\n")}
    assert facts.processes == (
        Process(32562, 32561, "ilogtail", elapsed=1),
        Process(32563, 32562, "ilogtail", elapsed=1),
    )
    assert facts.agent_env == {}
    assert facts.config_mtime == facts.epoch - 86400 if facts.epoch else False
    assert facts.config.state is FileState.PRESENT
    assert facts.config.path == CONFIG_PATH
    assert f'"config_server_address" : "{CONFIG_URL}"' in facts.config.content
    assert not facts.config.truncated
    https_url = CONFIG_URL.replace("http://", "https://")
    assert set(facts.http) == {CONFIG_URL, https_url}
    for url, answer in facts.http.items():
        assert (answer.url, answer.rc, answer.status) == (url, 0, 405)
        assert answer.body == OLS_ANSWER_BODY
        assert answer.date == "Wed, 25 Nov 2026 01:01:44 GMT"
    assert facts.app_info.state is FileState.PRESENT
    assert '"ip" : "192.0.2.2"' in facts.app_info.content
    assert facts.nics == RECORDED_NICS
    assert facts.user_ids == ("1234567890123456",)
    assert facts.user_id_other_entries == ("backup",)


def test_loongcollector_host() -> None:
    facts = parse_linux_probe(probe("loongcollector_unreachable_endpoint.txt"))
    assert facts.install_paths == {
        "/usr/local/ilogtail": "d",
        "/usr/local/ilogtail/loongcollector": "l -> /usr/local/ilogtail/loongcollector_3.0.9",
        "/etc/init.d/ilogtaild": "f",
        "/etc/init.d/loongcollectord": "f",
    }
    assert facts.status == {
        "ilogtaild": CommandFact(0, "loongcollector is running\n"),
        "loongcollectord": CommandFact(0, "loongcollector is running\n"),
    }
    assert [p.comm for p in facts.processes] == ["loongcollector_", "loongcollector_"]
    assert facts.processes[1].ppid == facts.processes[0].pid
    answer = facts.http[CONFIG_URL]
    assert (answer.rc, answer.status, answer.body) == (7, None, "")
    assert answer.error.startswith("curl: (7) Failed to connect")
    assert facts.user_ids is None
    assert facts.user_defined_id == FileFact(
        "/etc/ilogtail/user_defined_id", FileState.PRESENT, "user-defined-test-1\n"
    )


def test_curl_missing() -> None:
    facts = parse_linux_probe(probe("curl_missing.txt"))
    assert facts.http == {
        CONFIG_URL: HttpAnswer(CONFIG_URL, 127, None, "", "curl is not installed")
    }


def test_odd_file_states() -> None:
    facts = parse_linux_probe(probe("odd_file_states.txt"))
    assert facts.config.state is FileState.UNREADABLE
    assert facts.app_info.state is FileState.NOT_REGULAR
    assert facts.etc_hosts.state is FileState.ABSENT
    assert facts.user_defined_id is not None
    assert facts.user_defined_id.state is FileState.UNREADABLE
    assert facts.user_ids is None  # /etc/ilogtail/users is not a directory
    assert not facts.config.present


def test_failed_commands_and_missing_exit_codes() -> None:
    facts = parse_linux_probe(probe("failed_commands.txt"))
    assert facts.epoch is None  # its exit-code line is missing
    assert facts.resolve_rc == 2
    assert facts.resolved == ()
    assert facts.nics == ()  # output present, but no exit code: not trusted
    assert facts.hostname == "vm"


def test_banner_and_noise_change_nothing() -> None:
    noisy = probe("banner_and_noise.txt")
    assert noisy.startswith("Welcome to Ubuntu")
    assert parse_linux_probe(noisy) == parse_linux_probe(probe("not_installed.txt"))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.txt", "stopped before its end"),
        ("truncated_after_banner.txt", "stopped before its end"),
        ("unknown_format.txt", "unknown probe format '2'"),
        ("no_records.txt", "printed nothing recognisable"),
    ],
)
def test_probe_errors(name: str, message: str) -> None:
    with pytest.raises(ProbeError) as caught:
        parse_linux_probe(probe(name))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_empty_output_is_a_probe_error() -> None:
    with pytest.raises(ProbeError, match="nothing recognisable"):
        parse_linux_probe("")


def test_missing_end_record_alone_is_a_probe_error() -> None:
    lines = [ln for ln in probe("not_installed.txt").splitlines() if not ln.startswith("end ")]
    with pytest.raises(ProbeError, match="end"):
        parse_linux_probe("\n".join(lines))


def test_crlf_line_endings_are_accepted() -> None:
    text = probe("not_installed.txt").replace("\n", "\r\n")
    assert parse_linux_probe(text) == parse_linux_probe(probe("not_installed.txt"))


def test_records_missing_from_an_older_probe_become_not_probed() -> None:
    keep = ("probe ", "hostname", "end ")
    text = "\n".join(ln for ln in probe("not_installed.txt").splitlines() if ln.startswith(keep))
    facts = parse_linux_probe(text)
    assert facts.hostname == "vm"
    assert facts.config.state is FileState.NOT_PROBED
    assert facts.app_info.state is FileState.NOT_PROBED
    assert facts.etc_hosts.state is FileState.NOT_PROBED
    assert facts.install_paths == {}
    assert facts.epoch is None
    assert facts.resolve_rc is None
    assert facts.nics == ()


@pytest.mark.parametrize(("size", "truncated"), [(VALUE_LIMIT - 1, False), (VALUE_LIMIT, True)])
def test_value_at_the_probe_limit_is_marked_truncated(size: int, truncated: bool) -> None:
    base = make_cases.entries(probe("not_installed.txt"))
    grouped = make_cases.replace(base, "config", make_cases.record("config", 0, "x" * size))
    facts = parse_linux_probe(make_cases.render(grouped))
    assert facts.config.present
    assert len(facts.config.content) == size
    assert facts.config.truncated is truncated


def test_split_records_pairs_values_with_exit_codes() -> None:
    text = "".join(
        line + "\n"
        for line in make_cases.run("nics", 3, "a b\n")
        + make_cases.record("paths", 0, "")
        + ["lonely.rc 9"]
    )
    records = split_records(text)
    assert (records["nics"].rc, records["nics"].value) == ("3", "a b\n")
    assert (records["paths"].rc, records["paths"].value) == ("0", "")
    assert "nics.rc" not in records


# --- the generator encodes exactly like linux.sh -----------------------------------------


def _shell_function(name: str) -> str:
    match = re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", SCRIPT.read_text(), re.S | re.M)
    assert match, name
    return match.group(0)


@pytest.mark.parametrize("wrap_flag", ["1", "0"], ids=["base64-w", "base64-tr"])
@pytest.mark.parametrize(
    "value",
    ["", "ilogtail is running\n", "two words\nand a line\n", "ünïcödé ✓\n", "no newline"],
    ids=["empty", "line", "lines", "utf8", "no-newline"],
)
def test_make_cases_encodes_like_linux_sh(value: str, wrap_flag: str) -> None:
    functions = (
        f"LTD_MAX=65536\nLTD_B64W={wrap_flag}\nexec 6>&1\n"
        + _shell_function("record")
        + _shell_function("run")
    )
    script = functions + 'printf %s "$V" | record k 0\nrun r sh -c \'printf %s "$V"; exit 3\'\n'
    result = subprocess.run(
        ["sh", "-c", script],
        env={"V": value, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    )
    expected = make_cases.record("k", 0, value) + make_cases.run("r", 3, value)
    assert result.stdout.splitlines() == expected


def test_script_matches_the_packaged_resource_and_format() -> None:
    script = linux_probe_script()
    assert script == SCRIPT.read_text(encoding="utf-8")
    assert f"record format {PROBE_FORMAT}." in script
    encoded = base64.b64encode(PROBE_FORMAT.encode()).decode()
    assert f"echo 'probe 0 {encoded}'" in script
    for key in ("hostname", "epoch", "config_mtime", "resolve", "nics"):
        assert f"run {key} " in script, key
    for key in ("config", "app_info", "etc_hosts", "user_defined_id"):
        assert f"readfile {key} " in script, key
    for fragment in (
        "record paths 0",
        "record ps -",
        "record agent_env 0",
        "record users 0",
        '"status.$svc"',
        '"http=$u"',
        "'end 0",
    ):
        assert fragment in script, fragment


# --- from probe output to verdicts, no host involved ---------------------------------------


def test_healthy_recording_passes_every_check() -> None:
    facts = parse_linux_probe(probe("logtail_healthy.txt"))
    group = MachineGroup("web-servers", ("192.0.2.2",))
    expectation = Expectation(
        Project("web-logs", "cn-hangzhou", "intranet"), ("1234567890123456",), group, (group,)
    )
    outcomes = evaluate(facts, expectation)
    failing = {cid: o.found for cid, o in outcomes.items() if o.status is not Status.PASSED}
    assert failing == {}


def test_loongcollector_recording_fails_at_the_endpoint() -> None:
    facts = parse_linux_probe(probe("loongcollector_unreachable_endpoint.txt"))
    group = MachineGroup("web-servers", ("10.0.0.12",))
    expectation = Expectation(
        Project("web-logs", "cn-hangzhou", "intranet"), ("1234567890123456",), group, (group,)
    )
    outcomes = evaluate(facts, expectation)
    statuses = {cid: o.status for cid, o in outcomes.items()}
    assert root_cause(outcomes) == "step2.endpoint"
    assert statuses["step1.running"] is Status.PASSED
    assert statuses["step3.ip_in_group"] is Status.PASSED
    assert statuses["step3.ip_current"] is Status.FAILED  # eth0 has 192.0.2.2 now
    assert statuses["step4.user_id"] is Status.FAILED
    assert "loongcollectord" in (outcomes["step3.ip_current"].remediation or "")


def test_facts_are_frozen() -> None:
    facts = parse_linux_probe(probe("not_installed.txt"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.hostname = "other"  # type: ignore[misc]
