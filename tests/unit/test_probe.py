"""The probe's record format and parse_linux_probe.

tests/data/probe/not_installed.txt is a real run of linux.sh on a machine
without agent, framed with the fixed test nonce make_cases.NONCE, and
recorded_status_and_dns_hang.txt a real run where its bounded steps were cut;
the other *.txt files are built from the first by
tests/data/probe/make_cases.py (see its docstring).
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from logtail_doctor.catalogue import root_cause
from logtail_doctor.checks import Expectation
from logtail_doctor.facts import (
    BrokenLink,
    CommandFact,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    NicAddress,
    Process,
)
from logtail_doctor.outcome import Outcome, Status
from logtail_doctor.probe import (
    APP_INFO_PATH,
    CONFIG_PATH,
    NONCE_RE,
    PROBE_FORMAT,
    READABLE_FORMATS,
    VALUE_LIMIT,
    ProbeError,
    linux_probe_script,
    new_nonce,
    parse_linux_probe,
    split_records,
)
from logtail_doctor.targets import MachineGroup, Project
from tests.support.scripts import load_script
from tests.unit.test_checks import evaluate, expect, healthy

PROBE_DATA = Path(__file__).resolve().parent.parent / "data" / "probe"
# The real runs of linux.sh; make_cases.py builds the other *.txt files.
RECORDINGS = {
    "not_installed.txt",
    "recorded_status_and_dns_hang.txt",
    # Real runs of linux.sh by tests/data/probe/record_agent_env.sh (tests/unit/test_agent_env.py).
    "recorded_agent_env_full.txt",
    "recorded_agent_env_hostile.txt",
    "recorded_agent_env_moved.txt",
}
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


NONCE: str = make_cases.NONCE
OTHER_NONCE: str = make_cases.OTHER_NONCE
# POSIX shells to run linux.sh's code under: /bin/sh (dash on Debian) and
# BusyBox's ash where it is installed.
SHELLS = [
    pytest.param(["sh"], id="sh"),
    pytest.param(
        ["busybox", "sh"],
        id="busybox",
        marks=pytest.mark.skipif(not shutil.which("busybox"), reason="busybox is not installed"),
    ),
]


def probe(name: str) -> bytes:
    return (PROBE_DATA / name).read_bytes()


def parse(stdout: bytes) -> HostFacts:
    return parse_linux_probe(stdout, NONCE)


def without(stdout: bytes, *keys: str) -> bytes:
    """The probe output without the records of KEYS (a `run` record with its .rc)."""
    kept: bytes = make_cases.render([e for e in make_cases.entries(stdout) if e[0] not in keys])
    return kept


# --- the recording and the generated cases ------------------------------------------


def test_real_recording_not_installed() -> None:
    facts = parse(probe("not_installed.txt"))
    assert facts == HostFacts(
        hostname="vm",
        epoch=1795577905,
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
        # Recorded before the probe read the received configs: not probed, not absent.
        user_log_config=FileFact("/usr/local/ilogtail/user_log_config.json", FileState.NOT_PROBED),
    )


def test_generated_cases_are_what_make_cases_builds() -> None:
    built: dict[str, bytes] = make_cases.build_cases()
    on_disk = {p.name for p in PROBE_DATA.glob("*.txt")} - RECORDINGS
    assert set(built) == on_disk
    for name, data in built.items():
        assert probe(name) == data, f"{name} is stale: run tests/data/probe/make_cases.py"


def test_the_recording_uses_the_documented_test_nonce() -> None:
    assert NONCE_RE.fullmatch(NONCE)
    assert NONCE in (make_cases.__doc__ or "")
    assert probe("not_installed.txt").startswith(f"\n{NONCE} probe 0\n2\n{NONCE} ".encode())


def test_logtail_healthy() -> None:
    facts = parse(probe("logtail_healthy.txt"))
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
    facts = parse(probe("loongcollector_unreachable_endpoint.txt"))
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
    facts = parse(probe("curl_missing.txt"))
    assert facts.http == {
        CONFIG_URL: HttpAnswer(CONFIG_URL, 127, None, "", "curl is not installed")
    }


def test_odd_file_states() -> None:
    facts = parse(probe("odd_file_states.txt"))
    assert facts.config.state is FileState.UNREADABLE
    assert facts.app_info.state is FileState.NOT_REGULAR
    assert facts.etc_hosts.state is FileState.ABSENT
    assert facts.user_defined_id is not None
    assert facts.user_defined_id.state is FileState.UNREADABLE
    assert facts.user_ids is None  # /etc/ilogtail/users is not a directory
    assert not facts.config.present


def test_failed_commands_and_missing_exit_codes() -> None:
    facts = parse(probe("failed_commands.txt"))
    assert facts.epoch is None  # its exit-code line is missing
    assert facts.resolve_rc == 2
    assert facts.resolved == ()
    assert facts.nics == ()  # output present, but no exit code: not trusted
    assert facts.hostname == "vm"


# --- steps cut by their bound (record format 3) ---------------------------------------------

HTTPS_CONFIG_URL = CONFIG_URL.replace("http://", "https://")


def test_recording_of_a_hanging_status_and_dns_says_which_steps_were_cut() -> None:
    facts = parse(probe("recorded_status_and_dns_hang.txt"))
    assert facts.hostname == "vm-hang.lab"
    assert facts.status == {"ilogtaild": CommandFact(124, "", timed_out=True, limit=2)}
    error = "curl: (28) Resolving timed out after 2000 milliseconds"
    assert facts.http == {
        url: HttpAnswer(url, 28, None, "", error, limit=2) for url in (CONFIG_URL, HTTPS_CONFIG_URL)
    }
    # getent answered "not found" there at once: not cut.
    assert (facts.resolve_rc, facts.resolve_limit, facts.resolved) == (2, None, ())


def test_generated_cut_steps() -> None:
    facts = parse(probe("steps_timed_out.txt"))
    assert facts.status == {"ilogtaild": CommandFact(124, "", timed_out=True, limit=3)}
    assert (facts.resolve_rc, facts.resolve_limit, facts.resolved) == (124, 3, ())
    assert {url: (a.rc, a.limit) for url, a in facts.http.items()} == {
        CONFIG_URL: (28, 3),
        HTTPS_CONFIG_URL: (28, 3),
    }


def test_a_format_2_output_never_claims_a_cut() -> None:
    # Format 2 said nothing of cuts: its 124 stays the exit code it was read as then.
    base = probe("not_installed.txt")
    assert base.startswith(f"\n{NONCE} probe 0\n2\n".encode())
    assert "2" in READABLE_FORMATS
    status = make_cases.run("status.ilogtaild", 124, "")
    data = make_cases.render(
        make_cases.insert_after(make_cases.entries(base), "paths", "status.ilogtaild", status)
    )
    facts = parse(data)
    assert facts.status == {"ilogtaild": CommandFact(124, "")}
    assert not facts.status["ilogtaild"].timed_out
    assert facts.resolve_limit is None


def test_a_cut_record_counts_only_right_after_its_step() -> None:
    data = (
        make_cases.run("resolve", 124, "")
        + make_cases.cut("resolve", 7)
        + make_cases.run("nics", 0, "x\n")
        + make_cases.header("nics.timeout", "soon")  # not seconds: ignored
        + make_cases.record("paths", 0, "")
        + make_cases.cut("resolve", 9)  # after another record: not resolve's
    )
    records = split_records(data, NONCE)
    assert (records["resolve"].rc, records["resolve"].limit) == ("124", 7)
    assert (records["nics"].rc, records["nics"].limit) == ("0", None)
    assert "nics.timeout" not in records
    assert records["resolve.timeout"].rc == "9"  # a record of its own, judged by nobody


def _script_part(start: str, end: str) -> str:
    """The lines of linux.sh from the one starting with START to the next one that is END."""
    match = re.search(
        rf"^{re.escape(start)}.*?^{re.escape(end)}\n", SCRIPT.read_text(), re.S | re.M
    )
    assert match, start
    return match.group(0)


def _bounded_script(step: int, timeout_cmd: str | None = None) -> str:
    """linux.sh's framing, its timeout detection and `bounded`, LTD_STEP=step."""
    script = (
        f"LTD_NONCE={NONCE}\nLTD_MAX=65536\nLTD_STEP={step}\nexec 6>&1\n"
        + _shell_function("header")
        + _script_part("LTD_TIMEOUT=$(command -v timeout", "esac")
        + _shell_function("limit")
        + _shell_function("bounded")
    )
    if timeout_cmd is not None:
        script += f"LTD_TIMEOUT='{timeout_cmd}'\n"
    return script


def _sh(shell: list[str], script: str) -> bytes:
    result = subprocess.run(
        [*shell, "-c", script],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
        timeout=20,
    )
    assert result.stderr == b""
    return result.stdout


@pytest.mark.parametrize("shell", SHELLS)
def test_bounded_records_that_timeout_cut_a_hanging_command(shell: list[str]) -> None:
    started = time.monotonic()
    out = _sh(shell, _bounded_script(1) + "bounded k sleep 30\n")
    assert time.monotonic() - started < 10
    assert out == make_cases.run("k", 124, "") + make_cases.cut("k", 1)  # GNU timeout's 124


@pytest.mark.skipif(not shutil.which("busybox"), reason="busybox is not installed")
def test_bounded_knows_busybox_timeouts_own_exit_code() -> None:
    out = _sh(["sh"], _bounded_script(1, "busybox timeout") + "bounded k sleep 30\n")
    # BusyBox 1.35's timeout exits 143 and says so on stderr, merged into the value.
    assert out == make_cases.run("k", 143, "Terminated\n") + make_cases.cut("k", 1)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    ("timeout_cmd", "command", "rc", "value"),
    [
        (None, "sh -c 'echo stopped; exit 3'", 3, "stopped\n"),
        (None, "sh -c 'exit 124'", 124, ""),  # exits as timeout would: still read as cut
        ("", "sh -c 'exit 124'", 124, ""),  # no timeout command: nothing can be cut
    ],
    ids=["finished", "exit-124", "no-timeout-command"],
)
def test_bounded_records_no_cut_when_nothing_was_cut(
    shell: list[str], timeout_cmd: str | None, command: str, rc: int, value: str
) -> None:
    out = _sh(shell, _bounded_script(5, timeout_cmd) + f"bounded k {command}\n")
    expected = make_cases.run("k", rc, value)
    if timeout_cmd is None and rc == 124:
        expected += make_cases.cut("k", 5)
    assert out == expected


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        yield listener.getsockname()[1]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_try_url_records_curls_own_timeout(shell: list[str], silent_port: int) -> None:
    url = f"http://127.0.0.1:{silent_port}"
    script = (
        f"LTD_NONCE={NONCE}\nLTD_MAX=65536\nLTD_STEP=1\nexec 6>&1\n"
        + _shell_function("header")
        + _shell_function("try_urls")
        + f"try_urls {url}\n"
    )
    out = _sh(shell, script)
    assert out.endswith(make_cases.header(f"http={url}.rc", 28) + make_cases.cut(f"http={url}", 1))
    record = split_records(out, NONCE)[f"http={url}"]
    assert (record.rc, record.limit) == ("28", 1)
    assert record.value.startswith("curl: (28) Operation timed out after 1")


def test_banner_and_noise_change_nothing() -> None:
    noisy = probe("banner_and_noise.txt")
    assert noisy.startswith(b"Welcome to Ubuntu")
    # The banner holds a probe framed with another nonce, hostname "forged".
    assert make_cases.header("hostname", "-", OTHER_NONCE) + b"forged\n" in noisy
    assert b"resolve\n127.0.0.9\n" in noisy  # a header without rc, with a value after it
    assert parse(noisy) == parse(probe("not_installed.txt"))


def test_the_banner_before_a_cut_off_probe_holds_end_records() -> None:
    data = probe("truncated_after_banner.txt")
    assert make_cases.header("end", 0, OTHER_NONCE) in data
    assert b"\nend 0 MQ==\n" in data  # format 1's end line
    assert make_cases.header("end", 0) not in data


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.txt", "stopped before its end"),
        ("truncated_after_banner.txt", "stopped before its end"),
        ("unknown_format.txt", "unknown probe format '5'"),
        ("no_records.txt", "printed nothing recognisable"),
    ],
)
def test_probe_errors(name: str, message: str) -> None:
    with pytest.raises(ProbeError) as caught:
        parse(probe(name))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_empty_output_is_a_probe_error() -> None:
    with pytest.raises(ProbeError, match="nothing recognisable"):
        parse(b"")


def test_missing_end_record_alone_is_a_probe_error() -> None:
    data = without(probe("not_installed.txt"), "end")
    assert data.startswith(make_cases.header("probe", 0))
    assert make_cases.header("end", 0) not in data
    with pytest.raises(ProbeError, match="end"):
        parse(data)


def test_output_framed_with_another_nonce_is_nothing_recognisable() -> None:
    # Another run's output, or one framed by a guess: none of it is ours.
    data = probe("not_installed.txt")
    with pytest.raises(ProbeError, match="nothing recognisable"):
        parse_linux_probe(data, OTHER_NONCE)


def test_output_cut_inside_the_end_header_is_a_probe_error() -> None:
    data = probe("not_installed.txt")
    assert data.endswith(f"\n{NONCE} end 0\n".encode())
    with pytest.raises(ProbeError, match="stopped before its end"):
        parse(data[: -len(" 0\n")])


def test_end_header_without_its_newline_still_ends() -> None:
    # ansible's command module strips the output's trailing newline.
    data = probe("not_installed.txt")
    assert parse(data.rstrip(b"\r\n")) == parse(data)


@pytest.mark.parametrize("name", ["not_installed.txt", "logtail_healthy.txt"])
def test_output_through_a_terminal_is_accepted(name: str) -> None:
    # A pty turns every "\n" into "\r\n", values' own included (curl -i's header
    # lines already end in "\r\n"); the parser undoes exactly that.
    data = probe(name)
    assert parse(data.replace(b"\n", b"\r\n")) == parse(data)


def test_records_missing_from_an_older_probe_become_not_probed() -> None:
    data = probe("not_installed.txt")
    keep = {"probe", "hostname", "end"}
    gone = {key for key, _ in make_cases.entries(data)} - keep
    facts = parse(without(data, *gone))
    assert facts.hostname == "vm"
    assert facts.config.state is FileState.NOT_PROBED
    assert facts.app_info.state is FileState.NOT_PROBED
    assert facts.etc_hosts.state is FileState.NOT_PROBED
    assert facts.install_paths == {}
    assert facts.epoch is None
    assert facts.resolve_rc is None
    assert facts.nics == ()


def _with_config(value: str | bytes, rc: int = 0) -> bytes:
    base = make_cases.entries(probe("not_installed.txt"))
    data: bytes = make_cases.render(
        make_cases.replace(base, "config", make_cases.record("config", rc, value))
    )
    return data


@pytest.mark.parametrize(("size", "truncated"), [(VALUE_LIMIT - 1, False), (VALUE_LIMIT, True)])
def test_value_at_the_probe_limit_is_marked_truncated(size: int, truncated: bool) -> None:
    facts = parse(_with_config("x" * size))
    assert facts.config.present
    assert len(facts.config.content) == size
    assert facts.config.truncated is truncated


def test_truncation_counts_the_bytes_the_host_sent() -> None:
    # 65,536 bytes are 32,768 two-byte characters; a cap that cut a character
    # in two leaves a replacement character.
    facts = parse(_with_config("é" * (VALUE_LIMIT // 2)))
    assert (len(facts.config.content), facts.config.truncated) == (VALUE_LIMIT // 2, True)
    facts = parse(_with_config(b"x" * (VALUE_LIMIT - 1) + "é".encode()[:1]))
    assert facts.config.content == "x" * (VALUE_LIMIT - 1) + "\ufffd"
    assert facts.config.truncated
    facts = parse(_with_config(b"\xff\xfe{"))
    assert (facts.config.content, facts.config.truncated) == ("\ufffd\ufffd{", False)


def test_split_records_pairs_values_with_exit_codes() -> None:
    data = (
        make_cases.run("nics", 3, "a b\n\n")
        + make_cases.record("paths", 0, "")
        + make_cases.record("raw", 0, b"\r\n\x00no newline")
        + make_cases.header("lonely.rc", 9)
    )
    records = split_records(data, NONCE)
    assert (records["nics"].rc, records["nics"].value) == ("3", "a b\n\n")
    assert (records["paths"].rc, records["paths"].value) == ("0", "")
    assert (records["raw"].value, records["raw"].size) == ("\r\n\x00no newline", 13)
    assert "nics.rc" not in records
    assert "lonely" not in records


def test_split_records_wants_a_real_nonce() -> None:
    with pytest.raises(ValueError, match="nonce"):
        split_records(probe("not_installed.txt"), "")


def test_new_nonces_are_fresh_hex() -> None:
    nonces = {new_nonce() for _ in range(100)}
    assert len(nonces) == 100
    assert all(NONCE_RE.fullmatch(n) for n in nonces)


HEADER_LOOKALIKES = [
    make_cases.header("end", 0, OTHER_NONCE),  # another run's nonce
    make_cases.header("config", 0, OTHER_NONCE) + b"forged",
    f"\n{NONCE.upper()} end 0\n".encode(),  # not lowercase
    f"\n{NONCE[:-1]} end 0\n".encode(),  # one digit short
    f"\n{NONCE}0 end 0\n".encode(),  # one digit more
    f"\n{NONCE}\tend 0\n".encode(),  # no space after it
    f"\n {NONCE} end 0\n".encode(),  # not right after the newline
]


@pytest.mark.parametrize("fake", HEADER_LOOKALIKES)
def test_a_header_lookalike_in_a_value_stays_in_the_value(fake: bytes) -> None:
    value = b'{"config_server_address" : "http://x"}' + fake + b"tail\n"
    data = _with_config(value)
    facts = parse(data)
    assert facts.config.content == value.decode()
    recorded = parse(probe("not_installed.txt"))
    assert dataclasses.replace(facts, config=recorded.config) == recorded
    # ... and cannot stand in for a missing end record either.
    with pytest.raises(ProbeError, match="stopped before its end"):
        parse(without(data, "end"))


# --- the generator frames exactly like linux.sh -----------------------------------------


def _shell_function(name: str) -> str:
    match = re.search(rf"^{name}\(\) \{{\n.*?^\}}\n", SCRIPT.read_text(), re.S | re.M)
    assert match, name
    return match.group(0)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "value",
    [
        "",
        "ilogtail is running\n",
        "two words\nand a line\n\n",
        "ünïcödé ✓\n",
        "no newline",
        "crlf\r\n",
        f"\n{OTHER_NONCE} end 0\n",
    ],
    ids=["empty", "line", "lines", "utf8", "no-newline", "crlf", "other-nonce"],
)
def test_make_cases_frames_like_linux_sh(value: str, shell: list[str]) -> None:
    functions = (
        f"LTD_NONCE={NONCE}\nLTD_MAX=65536\nexec 6>&1\n"
        + _shell_function("header")
        + _shell_function("record")
        + _shell_function("run")
        + _shell_function("small")
    )
    script = (
        functions
        + 'printf %s "$V" | record k 0\n'
        + "run r sh -c 'printf %s \"$V\"; exit 3'\n"
        + "small s sh -c 'printf %s \"$V\"; exit 4'\n"
        + "header e 1\n"
    )
    result = subprocess.run(
        [*shell, "-c", script],
        env={"V": value, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
        timeout=10,
    )
    expected = (
        make_cases.record("k", 0, value)
        + make_cases.run("r", 3, value)
        + make_cases.run("s", 4, value)
        + make_cases.header("e", 1)
    )
    assert result.stdout == expected
    records = split_records(result.stdout, NONCE)
    assert [(k, r.rc, r.value) for k, r in records.items()] == [
        ("k", "0", value),
        ("r", "3", value),
        ("s", "4", value),
        ("e", "1", ""),
    ]


def test_script_matches_the_packaged_resource_and_format() -> None:
    script = linux_probe_script()
    assert f"record format {PROBE_FORMAT}." in SCRIPT.read_text(encoding="utf-8")
    assert f"header probe 0; printf {PROBE_FORMAT}" in script
    assert "base64" not in script
    assert "small nics ip " in script
    assert "bounded resolve getent ahostsv4 " in script
    assert "small epoch date " in script  # the host's clock as its own `date` tells it
    assert (
        'readfiles config "$CONFIG" app_info "$APP_INFO" etc_hosts /etc/hosts '
        'user_defined_id "$UDID"' in script
    )
    for fragment in (
        "header hostname -",
        "header paths 0",
        "header ps -",
        "header ps.rc",
        "header agent_env 0",
        "header users 0",
        "header config_mtime -",
        '"status.$svc"',
        "curl --stderr - ",
        'bounded "status.$svc" ',
        '"$LTD_HOST"',  # getent resolves the name read once, no second uname
    ):
        assert fragment in script, fragment
    code = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert sum("uname -n" in line for line in code) == 1  # the fallback only
    assert script.rstrip().splitlines()[-1] == "header end 0"


def test_script_has_nothing_ansible_takes_for_jinja2() -> None:
    # ansible's shell module splits its argument (`sh -c '<script>'`) with an
    # eye for jinja2 blocks and refuses one it finds unbalanced.
    script = linux_probe_script()
    for opening in ("{{", "{%", "{#"):
        assert opening not in script, opening


BAD_NONCES = [
    "",
    NONCE.upper(),
    NONCE[:-1],
    NONCE + "0",
    "g" * 32,
    NONCE[:16] + " " + NONCE[17:],
    NONCE[:31] + "\n",
    "$(id)" + NONCE[5:],
]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("nonce", BAD_NONCES)
def test_the_script_refuses_to_run_without_a_nonce(nonce: str, shell: list[str]) -> None:
    # It stops before it reads anything: nothing on stdout, an exit code.
    script = f"LTD_NONCE='{nonce}'\n{linux_probe_script()}"
    result = subprocess.run(
        [*shell, "-c", script],
        capture_output=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert b"LTD_NONCE" in result.stderr


def _probe_start(hostname_file: str) -> str:
    """linux.sh up to its hostname record, reading the host name from HOSTNAME_FILE."""
    script = linux_probe_script()
    cut = script.index("\nheader hostname -;")
    end = script.index("\n", cut + 1)
    start = script[: end + 1].replace("/proc/sys/kernel/hostname", hostname_file)
    assert start != script[: end + 1] or hostname_file == "/proc/sys/kernel/hostname"
    return f"LTD_NONCE={NONCE}\n{start}header end 0\n"


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("source", ["proc", "uname"])
def test_hostname_is_read_by_the_shell_or_else_from_uname(source: str, shell: list[str]) -> None:
    hostname_file = "/proc/sys/kernel/hostname" if source == "proc" else "/nonexistent/hostname"
    result = subprocess.run(
        [*shell, "-c", _probe_start(hostname_file)],
        capture_output=True,
        timeout=30,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    uname = subprocess.run(["uname", "-n"], capture_output=True, check=True, text=True).stdout
    records = split_records(result.stdout, NONCE)
    assert (records["hostname"].rc, records["hostname"].value) == ("0", uname)
    assert result.stderr == b""  # a missing file is not reported


@pytest.mark.parametrize("shell", SHELLS)
def test_the_whole_script_runs_and_parses_here(shell: list[str]) -> None:
    # Read-only, as on any host; this machine has no agent, so it curls nothing.
    nonce = new_nonce()
    script = f"LTD_STEP=5\nLTD_NONCE={nonce}\n{linux_probe_script()}"
    before = int(time.time())
    result = subprocess.run([*shell, "-c", script], capture_output=True, timeout=60, check=True)
    facts = parse_linux_probe(result.stdout, nonce)
    uname = subprocess.run(["uname", "-n"], capture_output=True, check=True, text=True).stdout
    assert facts.hostname == uname.strip()
    assert facts.epoch is not None
    assert before <= facts.epoch <= time.time() + 1
    assert facts.etc_hosts.state is FileState.PRESENT
    assert facts.nics


# --- from probe output to verdicts, no host involved ---------------------------------------


def test_healthy_recording_passes_every_check() -> None:
    facts = parse(probe("logtail_healthy.txt"))
    group = MachineGroup("web-servers", ("192.0.2.2",))
    expectation = Expectation(
        Project("web-logs", "cn-hangzhou", "intranet"), ("1234567890123456",), group, (group,)
    )
    outcomes = evaluate(facts, expectation)
    failing = {cid: o.found_text for cid, o in outcomes.items() if o.status is not Status.PASSED}
    assert failing == {}


def test_loongcollector_recording_fails_at_the_endpoint() -> None:
    facts = parse(probe("loongcollector_unreachable_endpoint.txt"))
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
    assert "loongcollectord" in (outcomes["step3.ip_current"].fix_text or "")


def _verdicts_of(name: str, ip: str) -> dict[str, Outcome]:
    facts = parse(probe(name))
    group = MachineGroup("web-servers", (ip,))
    expectation = Expectation(
        Project("web-logs", "cn-hangzhou", "intranet"), ("1234567890123456",), group, (group,)
    )
    return evaluate(facts, expectation)


def test_cut_steps_are_reported_as_no_answer_within_their_bound() -> None:
    outcomes = _verdicts_of("steps_timed_out.txt", "192.0.2.2")
    running = outcomes["step1.running"]
    assert running.status is Status.FAILED
    assert running.found_text.startswith("`/etc/init.d/ilogtaild status` did not answer within 3 s")
    assert "124" not in running.message()
    assert "sudo timeout 30 sh -x /etc/init.d/ilogtaild status" in (running.fix_text or "")
    endpoint = outcomes["step2.endpoint"]
    assert endpoint.status is Status.FAILED
    assert endpoint.found_text == (
        f"{CONFIG_URL} did not answer within 3 s: "
        "curl: (28) Operation timed out after 3000 milliseconds with 0 bytes received"
    )
    # The name resolved (curl waited for an answer): DNS is fine; HTTPS is not judged.
    assert outcomes["step2.dns"].status is Status.PASSED
    assert outcomes["step2.https"].status is Status.SKIPPED
    current = outcomes["step3.ip_current"]
    assert current.status is Status.FAILED
    assert current.found_text.startswith("`getent ahostsv4 vm` did not answer within 3 s")
    assert "192.0.2.2 vm' to /etc/hosts" in (current.fix_text or "")


def test_recorded_dns_hang_fails_dns_naming_the_bound() -> None:
    outcomes = _verdicts_of("recorded_status_and_dns_hang.txt", "192.0.2.2")
    dns = outcomes["step2.dns"]
    assert dns.status is Status.FAILED
    assert dns.found_text == (
        "resolving logtail.cn-hangzhou-intranet.log.aliyuncs.com did not answer within 2 s: "
        "curl: (28) Resolving timed out after 2000 milliseconds"
    )
    assert "getent hosts logtail.cn-hangzhou-intranet.log.aliyuncs.com" in (dns.fix_text or "")
    assert "did not answer within 2 s" in outcomes["step1.running"].found_text


def test_facts_are_frozen() -> None:
    facts = parse(probe("not_installed.txt"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.hostname = "other"  # type: ignore[misc]


# --- format 4: one cat for the files, one curl for the URLs, /proc for ps -------------------


def _readfiles_script(stats_paths: list[str]) -> str:
    return (
        f"LTD_NONCE={NONCE}\nLTD_MAX=65536\nLTD_NL='\n'\n"
        + _shell_function("header")
        + _shell_function("file_stat")
        + _shell_function("readfiles")
        + _shell_function("_header_or_nothing")
        + _shell_function("cat_records")
        + "LTD_STATS=$(stat -L -c '%s %Y %n' -- "
        + " ".join(stats_paths)
        + ")\n"
    )


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("present", [0, 1, 2, 3, 4, 5])
def test_readfiles_sends_what_one_head_per_file_would(
    shell: list[str], present: int, tmp_path: Path
) -> None:
    # Up to five small files in one cat, a big one capped by head, and the
    # other states; every record byte for byte what make_cases frames.
    values = [
        '{\n  "a" : 1\n}\n',
        "no newline",
        "",
        f"\n{OTHER_NONCE} end 0\n",
        '{"metrics" : {}}\n',
    ]
    files = []
    for i, value in enumerate(values[:present]):
        path = tmp_path / f"f{i}"
        path.write_text(value)
        files.append((f"k{i}", str(path), make_cases.record(f"k{i}", 0, value)))
    big = tmp_path / "big"
    big.write_bytes(b"x" * 70000)
    (tmp_path / "dir").mkdir()
    others = [
        ("big", str(big), make_cases.record("big", 0, b"x" * 65536)),
        ("absent", str(tmp_path / "none"), make_cases.header("absent", 1)),
        ("dir", str(tmp_path / "dir"), make_cases.header("dir", 2)),
    ]
    pairs = " ".join(f"{k} {p}" for k, p, _ in [*others, *files])
    script = _readfiles_script([p for _, p, _ in [*files, others[0]]]) + f"readfiles {pairs}\n"
    out = _sh(shell, script)
    assert out == b"".join(e for _, _, e in [*others, *files])


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize(
    "line",
    [
        '"config_server_address" : "http://a.example:80/x", "data": "https://b-c.d/" ,x',
        "xhttpshttp://a;b http://http://c https://third",
        "https://  http:// and nothing",
        "no url here",
    ],
)
def test_config_urls_finds_what_grep_o_and_head_2_find(
    shell: list[str], line: str, tmp_path: Path
) -> None:
    config = tmp_path / "config.json"
    config.write_text(f"{{\n{line}\n}}")
    script = f"CONFIG={config}\n" + _shell_function("config_urls") + 'config_urls "$CONFIG" 2\n'
    grep = subprocess.run(
        f"grep -o 'https\\{{0,1\\}}://[A-Za-z0-9._:/-]*' {config} | head -n 2",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert _sh(shell, script) == grep.stdout


def _agent_ps_table() -> dict[str, list[str]]:
    """ps's rows of processes named like the agent, by PID."""
    table = subprocess.run(
        ["ps", "-e", "-o", "pid=", "-o", "ppid=", "-o", "etimes=", "-o", "comm="],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = (line.split() for line in table.splitlines() if line.split())
    return {row[0]: row for row in rows if row[-1] == "ilogtail"}


@pytest.mark.parametrize("shell", SHELLS)
def test_agent_ps_reads_proc_as_ps_does(shell: list[str]) -> None:
    # A process named like the agent (the lab's agent is a copy of dash, renamed).
    with tempfile.TemporaryDirectory() as scratch:
        agent = Path(scratch) / "ilogtail"
        shutil.copy(shutil.which("dash") or "/bin/dash", agent)
        child = subprocess.Popen([str(agent), "-c", "sleep 30"])
        try:
            time.sleep(1.2)
            before = _agent_ps_table()
            ours = _sh(shell, _shell_function("agent_ps") + "agent_ps\n").decode()
            after = _agent_ps_table()
        finally:
            child.kill()
            child.wait()
    mine = {row[0]: row for row in (line.split() for line in ours.splitlines())}
    # A lab running beside this test starts and stops agents (all named
    # ilogtail; a fork keeps that name until it execs) meanwhile: the processes
    # ps saw both before and after must be in ours, exactly as ps shows them.
    stable = sorted(before.keys() & after.keys(), key=int)
    assert str(child.pid) in stable
    assert [pid for pid in stable if pid not in mine] == []
    assert [mine[pid][:2] + mine[pid][3:] for pid in stable] == [
        before[pid][:2] + before[pid][3:] for pid in stable
    ]
    assert list(mine) == sorted(mine, key=int)  # ps's numeric order
    for pid in stable:  # elapsed: a second may tick between
        assert abs(int(mine[pid][2]) - int(before[pid][2])) <= 1


OK_ANSWER = "HTTP/1.1 200 OK\r\n\r\nhi\nltd-http-code:200"


def test_format_4_http_records_without_rc_take_curls_own_message() -> None:
    # curl before 7.75 prints nothing for %{exitcode}: no ".rc" header is recognised.
    base = probe("logtail_healthy.txt")
    refused = "curl: (7) Failed to connect to x port 80: Connection refused\nltd-http-code:000"
    data = make_cases.render(
        make_cases.insert_after(
            make_cases.entries(base),
            "config",
            "http=http://x",
            make_cases.record("http=http://x", "-", refused)
            + make_cases.header("http=http://x.rc", "")
            + make_cases.record(
                "http=https://x", "-", "HTTP/1.1 200 OK\r\n\r\nhi\nltd-http-code:200"
            ),
        )
    )
    facts = parse(data.replace(b"\n2\n", b"\n4\n", 1))
    assert (facts.http["http://x"].rc, facts.http["https://x"].rc) == (7, 0)
    assert facts.http["https://x"].status == 200


def _slow_steps_script(init_dir: Path) -> str:
    """linux.sh's slow steps (getent, then each init script's status, under one head), with the
    init scripts looked for in INIT_DIR; a whole probe output around them."""
    part = _script_part("{", "} | head -c $((LTD_MAX * 2 + 1024))")
    assert part.splitlines()[1].strip().startswith("bounded resolve getent ahostsv4")
    part = part.replace("/etc/init.d/$svc", f"{init_dir}/$svc")
    return (
        _bounded_script(5) + "LTD_HOST=web-1\nheader probe 0; printf 4\n" + part + "header end 0\n"
    )


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("flooding", ["status", "getent"])
def test_a_flooding_status_or_getent_is_cut_on_the_host_and_said(
    shell: list[str], flooding: str, tmp_path: Path
) -> None:
    """issue 36: a `status` printing 10 MB cost the host its verdict (4 MiB read, "unreachable")."""
    flood = "yes 10.0.0.9 STREAM web-1 | head -c 10485760"
    getent = flood if flooding == "getent" else "echo '10.0.0.5      STREAM web-1'"
    status = flood if flooding == "status" else "echo 'ilogtail is running'"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "getent").write_text(f"#!/bin/sh\n{getent}\n")
    (tmp_path / "ilogtaild").write_text(f"#!/bin/sh\n{status}\n")
    for script in (tmp_path / "bin" / "getent", tmp_path / "ilogtaild"):
        script.chmod(0o755)
    result = subprocess.run(
        [*shell, "-c", _slow_steps_script(tmp_path)],
        env={"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"},
        capture_output=True,
        check=True,
        timeout=30,
    )
    assert len(result.stdout) < 3 * VALUE_LIMIT  # not 10 MB: cut on the host
    facts = parse_linux_probe(result.stdout, NONCE)
    status_fact = facts.status.get("ilogtaild")
    if flooding == "status":
        assert facts.resolved == ("10.0.0.5",)
        assert not facts.resolve_over_limit
        assert status_fact is not None
        assert status_fact.over_limit
        assert 0 < len(status_fact.output.encode()) <= VALUE_LIMIT
        # On an otherwise healthy host: the finding is step1.running's own.
        running = evaluate(healthy(status=facts.status), expect())["step1.running"]
        assert running.failed
        assert "printed more than 64 KiB" in running.message()
    else:
        assert facts.resolve_over_limit
        assert facts.resolved == ("10.0.0.9",)  # the addresses of its first 64 KiB
        assert status_fact is None  # the flood left no room: reported as not read


def _users_facts(shell: list[str], users: Path) -> HostFacts:
    part = _script_part('if [ -d "$USERS" ]; then', "fi")
    script = (
        f"LTD_NONCE={NONCE}\nLTD_MAX=65536\nUSERS='{users}'\n"
        + _shell_function("header")
        + "header probe 0; printf 4\n"
        + part
        + "header end 0\n"
    )
    return parse_linux_probe(_sh(shell, script), NONCE)


@pytest.mark.parametrize("shell", SHELLS)
def test_the_users_folder_is_counted_and_a_broken_link_said(
    shell: list[str], tmp_path: Path
) -> None:
    """issue 36: a symlink loop read as "does not exist"; 100,000 files showed 10 and no count."""
    many = tmp_path / "many"
    many.mkdir()
    for n in range(5000):
        (many / f"{n:016d}").touch()
    facts = _users_facts(shell, many)
    assert facts.user_ids is not None
    assert len(facts.user_ids) == 4096  # the names sent: bounded
    assert facts.user_ids_total == 5000
    assert facts.users_link is None
    few = tmp_path / "few"
    few.mkdir()
    (few / "1234567890123456").touch()
    facts = _users_facts(shell, few)
    assert (facts.user_ids, facts.user_ids_total) == (("1234567890123456",), None)
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    facts = _users_facts(shell, loop)
    assert facts.user_ids is None
    assert facts.users_link == BrokenLink("loop", loops=True)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    facts = _users_facts(shell, dangling)
    assert facts.users_link == BrokenLink(str(tmp_path / "nowhere"), loops=False)


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_sent_is_linux_sh_without_its_comment_lines(shell: list[str]) -> None:
    sent = linux_probe_script()
    source = SCRIPT.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in source if not line.lstrip(" \t").startswith("#")]
    assert sent == "".join(kept)
    assert len(sent) < len("".join(source)) * 0.7  # the comments were most of what went
    checked = subprocess.run(
        [*shell, "-n"], input=sent, text=True, capture_output=True, check=False, timeout=30
    )
    assert checked.returncode == 0, checked.stderr
