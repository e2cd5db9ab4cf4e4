"""The Windows probe: its command line, its script, and parse_windows_probe.

tests/data/probe/windows/*.txt are written by us in windows.ps1's exact output
format (no Windows host exists here; see the README.md there), by
tests/data/probe/windows/make_cases.py.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import tree_sitter
import tree_sitter_powershell

from logtail_doctor.facts import (
    CURL_CONNECT_FAILED,
    CURL_RESOLVE_FAILED,
    CURL_TIMEOUT,
    CURL_TLS_FAILED,
    FileFact,
    FileState,
    HostFacts,
    HttpAnswer,
    NicAddress,
    Process,
    windows_layout,
)
from logtail_doctor.probe import (
    ProbeError,
    parse_windows_probe,
    windows_probe_command,
    windows_probe_input,
)
from logtail_doctor.probe.windows import (
    POWERSHELL,
    WINDOWS_HOSTS_PATH,
    http_answer,
    minify,
    windows_bootstrap,
    windows_probe_script,
)
from tests.support.scripts import load_script

DATA = Path(__file__).resolve().parent.parent / "data" / "probe" / "windows"
SCRIPT = Path(__file__).resolve().parents[2] / "logtail_doctor" / "probe" / "windows.ps1"

X64 = "C:\\Program Files\\Alibaba\\Logtail"
X86 = "C:\\Program Files (x86)\\Alibaba\\Logtail"
URL = "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
HTTPS_URL = "https://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
ACCOUNT = "1559122535028493"
WIN_NICS = (
    NicAddress("Ethernet", "10.0.0.12", 24),
    NicAddress("Loopback Pseudo-Interface 1", "127.0.0.1", 8),
)


make_cases = load_script(DATA / "make_cases.py", "windows_make_cases")


def case(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def facts_of(name: str) -> HostFacts:
    return parse_windows_probe(case(name))


def frame(document: dict[str, Any]) -> str:
    return str(make_cases.frame(document))


def healthy_document() -> dict[str, Any]:
    document = make_cases.healthy()
    assert isinstance(document, dict)
    return document


# --- the written cases ---------------------------------------------------------------------


def test_cases_are_what_make_cases_builds() -> None:
    built: dict[str, str] = make_cases.build_cases()
    assert set(built) == {p.name for p in DATA.glob("*.txt")}
    for name, text in built.items():
        assert case(name) == text, f"{name} is stale: run tests/data/probe/windows/make_cases.py"


def test_the_cases_say_they_are_written_not_recorded() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "not recorded" in readme
    assert "make_cases.py" in readme


def test_every_case_is_one_line_in_the_scripts_frame() -> None:
    for path in DATA.glob("*.txt"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1
        assert re.fullmatch(r"LTD-WINDOWS-PROBE 1 [A-Za-z0-9+/]+=*", lines[0])


def test_logtail1_healthy() -> None:
    document = healthy_document()
    config_text = base64.b64decode(document["files"]["config"]["data"]).decode()
    app_info_text = base64.b64decode(document["files"]["app_info"]["data"]).decode()
    hosts_text = base64.b64decode(document["files"]["hosts"]["data"]).decode()
    facts = facts_of("logtail1_healthy.txt")
    layout = windows_layout(X64)
    date = make_cases.DATE
    assert facts == HostFacts(
        hostname="WIN-WEB-2",
        epoch=1795559772,
        install_paths={
            X64: "d",
            f"{X64}\\app_info.json": "f",
            f"{X64}\\ilogtail.exe": "f",
            f"{X64}\\ilogtail_config.json": "f",
            f"{X64}\\LogtailDaemon.exe": "f",
            f"{X64}\\checkpoint": "d",
        },
        status={},
        processes=(
            Process(2412, 684, "LogtailDaemon.exe", 3600),
            Process(2588, 2412, "ilogtail.exe", 3598),
        ),
        config=FileFact(layout.config_path, FileState.PRESENT, config_text),
        http={
            URL: HttpAnswer(URL, 0, 405, make_cases.SLS_BODY, "", date),
            HTTPS_URL: HttpAnswer(HTTPS_URL, 0, 405, make_cases.SLS_BODY, "", date),
        },
        app_info=FileFact(layout.app_info_path, FileState.PRESENT, app_info_text),
        etc_hosts=FileFact(WINDOWS_HOSTS_PATH, FileState.PRESENT, hosts_text),
        resolved=("10.0.0.12",),
        resolve_rc=0,
        nics=WIN_NICS,
        user_ids=(ACCOUNT,),
        user_id_other_entries=(),
        user_defined_id=FileFact("C:\\LogtailData\\user_defined_id", FileState.ABSENT),
        layout=layout,
        services={"LogtailDaemon": "Running"},
        config_mtime=1795559772 - 86400,
        agent_env=None,
        runner_epoch=None,
    )
    assert facts.os == "windows"
    assert facts.config.path == f"{X64}\\ilogtail_config.json"
    assert '"config_server_address"' in facts.config.content


def test_logtail0_healthy_in_the_x86_folder() -> None:
    facts = facts_of("logtail0_healthy_x86.txt")
    assert facts.layout == windows_layout(X86)
    assert facts.services == {"LogtailWorker": "Running"}
    assert facts.config.path == f"{X86}\\ilogtail_config.json"
    assert facts.app_info.path == f"{X86}\\app_info.json"
    assert '"logtail_version" : "0.16.60"' in facts.app_info.content
    assert facts.install_paths[X86] == "d"
    assert X64 not in facts.install_paths
    assert facts.processes == (Process(1948, 684, "ilogtail.exe", 86400),)


def test_not_installed() -> None:
    facts = facts_of("not_installed.txt")
    assert facts.layout == windows_layout(X64)  # the 64-bit folder when none exists
    assert facts.services == {}
    assert facts.install_paths == {}
    assert facts.processes == ()
    assert facts.config == FileFact(f"{X64}\\ilogtail_config.json", FileState.ABSENT)
    assert facts.app_info == FileFact(f"{X64}\\app_info.json", FileState.ABSENT)
    assert facts.user_ids is None
    assert facts.http == {}
    assert facts.config_mtime is None
    assert facts.nics == WIN_NICS  # the host's own facts are still there


def test_service_stopped() -> None:
    facts = facts_of("service_stopped.txt")
    assert facts.services == {"LogtailDaemon": "Stopped"}
    assert facts.processes == ()


@pytest.mark.parametrize("name", ["config_missing.txt", "config_invalid_json.txt"])
def test_config_missing_or_invalid_leaves_no_url_to_test(name: str) -> None:
    facts = facts_of(name)
    assert facts.http == {}
    if name == "config_missing.txt":
        assert facts.config.state is FileState.ABSENT
        assert facts.config_mtime is None
    else:
        assert facts.config.present
        with pytest.raises(json.JSONDecodeError):
            json.loads(facts.config.content)


def test_wrong_region_tests_the_configured_endpoint() -> None:
    facts = facts_of("wrong_region.txt")
    shanghai = URL.replace("cn-hangzhou", "cn-shanghai")
    assert set(facts.http) == {shanghai, shanghai.replace("http://", "https://")}
    assert facts.http[shanghai].rc == 0
    assert facts.http[shanghai].status == 405


def test_endpoint_not_resolving_is_curls_resolve_failure() -> None:
    facts = facts_of("endpoint_not_resolving.txt")
    for url in (URL, HTTPS_URL):
        answer = facts.http[url]
        assert answer.rc == CURL_RESOLVE_FAILED
        assert answer.status is None
        assert "No such host is known" in answer.error
        assert not answer.tcp_only


def test_tcp80_refused_is_curls_connect_failure() -> None:
    answer = facts_of("tcp80_refused.txt").http[URL]
    assert answer.rc == CURL_CONNECT_FAILED
    assert answer.status is None
    assert "ConnectionRefused" in answer.error
    assert ":80" in answer.error


def test_https_blocked_while_http_works() -> None:
    facts = facts_of("https443_blocked.txt")
    assert facts.http[URL].rc == 0
    assert facts.http[URL].status == 405
    blocked = facts.http[HTTPS_URL]
    assert blocked.rc == CURL_TIMEOUT
    assert blocked.status is None
    assert ":443" in blocked.error
    assert blocked.limit == make_cases.STEP  # the probe's own wait, 7000 ms
    assert facts.http[URL].limit is None


def test_app_info_missing_and_empty_ip() -> None:
    assert facts_of("app_info_missing.txt").app_info.state is FileState.ABSENT
    empty = facts_of("empty_ip.txt").app_info
    assert empty.present
    assert '"ip" : ""' in empty.content


def test_ip_not_in_group() -> None:
    facts = facts_of("ip_not_in_group.txt")
    assert '"ip" : "10.0.0.99"' in facts.app_info.content
    assert facts.resolved == ("10.0.0.99",)
    assert facts.nics[0] == NicAddress("Ethernet", "10.0.0.99", 24)


def test_no_user_id() -> None:
    facts = facts_of("no_user_id.txt")
    assert facts.user_ids is None
    assert facts.user_id_other_entries == ()


def test_custom_identifier() -> None:
    fact = facts_of("custom_id.txt").user_defined_id
    assert fact == FileFact(
        "C:\\LogtailData\\user_defined_id", FileState.PRESENT, "win-web-servers\r\n"
    )


# --- the frame: every way the output can be unusable is a one-line ProbeError ------------------


@pytest.mark.parametrize(
    ("stdout", "message"),
    [
        ("", "printed nothing recognisable"),
        ("#< CLIXML\r\n<Objs Version='1.1.0.1'></Objs>\r\n", "printed nothing recognisable"),
        ("LTD-WINDOWS-PROBE 2 e30=\n", "unknown Windows probe format '2'"),
        ("LTD-WINDOWS-PROBE 1\n", "is not '<marker> <format> <base64>'"),
        ("LTD-WINDOWS-PROBE 1 e30= extra\n", "is not '<marker> <format> <base64>'"),
        ("LTD-WINDOWS-PROBE 1 !!!\n", "cut off or damaged"),
        ("LTD-WINDOWS-PROBE 1 W10=\n", "cut off or damaged"),  # "[]": not an object
        ("LTD-WINDOWS-PROBE 1 bnVsbA==\n", "cut off or damaged"),  # "null"
    ],
)
def test_unusable_output_is_a_one_line_probe_error(stdout: str, message: str) -> None:
    with pytest.raises(ProbeError, match=re.escape(message)) as info:
        parse_windows_probe(stdout)
    assert "\n" not in str(info.value)


def test_a_cut_off_answer_is_a_probe_error() -> None:
    text = case("logtail1_healthy.txt").rstrip("\n")
    with pytest.raises(ProbeError, match="cut off or damaged"):
        parse_windows_probe(text[: len(text) // 2 + 1])


def test_banners_and_noise_around_the_line_are_ignored() -> None:
    noisy = (
        "Windows PowerShell\r\nCopyright (C) Microsoft Corporation. All rights reserved.\r\n\r\n"
        + case("logtail1_healthy.txt").replace("\n", "\r\n")
        + '#< CLIXML\r\n<Objs Version="1.1.0.1"></Objs>\r\n'
    )
    assert parse_windows_probe(noisy) == facts_of("logtail1_healthy.txt")


def test_a_line_wrapped_by_a_console_is_joined_again() -> None:
    line = case("logtail1_healthy.txt").rstrip("\n")
    wrapped = "\r\n".join(line[i : i + 120] for i in range(0, len(line), 120)) + "\r\nPS C:\\>"
    assert parse_windows_probe(wrapped) == facts_of("logtail1_healthy.txt")


def test_powershell_51_array_wrapping_is_unwrapped() -> None:
    # Windows PowerShell 5.1 serialises some arrays as {"value": [...], "Count": n}.
    document = healthy_document()
    for key in ("services", "nics", "processes", "net"):
        document[key] = {"value": document[key], "Count": len(document[key])}
    assert parse_windows_probe(frame(document)) == facts_of("logtail1_healthy.txt")


def test_single_values_where_arrays_are_expected_are_read() -> None:
    document = healthy_document()
    document["resolved"] = "10.0.0.12"
    document["users"]["files"] = ACCOUNT
    facts = parse_windows_probe(frame(document))
    assert facts.resolved == ("10.0.0.12",)
    assert facts.user_ids == (ACCOUNT,)


# --- hostile or odd values ------------------------------------------------------------------


def test_urls_of_other_characters_are_dropped() -> None:
    document = healthy_document()
    evil = make_cases.answered("http://x;touch /tmp/ltd-owned;", 80)
    document["net"] = [evil, *document["net"]]
    facts = parse_windows_probe(frame(document))
    assert set(facts.http) == {URL, HTTPS_URL}


def test_an_unknown_install_dir_falls_back_to_the_64_bit_layout() -> None:
    document = healthy_document()
    document["install_dir"] = "D:\\evil"
    facts = parse_windows_probe(frame(document))
    assert facts.layout == windows_layout(X64)
    assert not any(path.startswith("D:") for path in facts.install_paths)


def test_odd_names_and_values_are_dropped() -> None:
    document = healthy_document()
    document["users"] = {"state": 0, "files": [ACCOUNT, "a\\b", "", "x\ny", 5], "dirs": ["old"]}
    document["entries"] = [{"name": "..\\..\\x", "dir": False}, {"name": "ok.txt", "dir": "yes"}]
    document["processes"] = [
        {"name": "ilogtail.exe", "pid": True, "ppid": 1, "age": 5},
        {"name": "ilogtail.exe", "pid": 7, "ppid": -1, "age": 5},
        {"name": "ilogtail.exe", "pid": 8, "ppid": 1, "age": -5},
    ]
    document["nics"] = [{"nic": "x", "ip": "300.1.1.1", "prefix": 24}, {"ip": "10.0.0.1"}]
    document["services"] = [{"name": "Spooler", "exists": True, "status": "Running"}]
    facts = parse_windows_probe(frame(document))
    assert facts.user_ids == (ACCOUNT,)
    assert facts.user_id_other_entries == ("old",)
    assert facts.install_paths == {X64: "d", f"{X64}\\ok.txt": "f"}
    assert facts.processes == (Process(8, 1, "ilogtail.exe", None),)
    assert facts.nics == ()
    assert facts.services == {}


def test_file_states_and_truncation() -> None:
    document = healthy_document()
    files = document["files"]
    files["config"]["state"] = 3
    files["app_info"]["state"] = 2
    files["hosts"]["data"] = "not base64!"
    big = "x" * 65536
    files["user_defined_id"] = make_cases.present("C:\\LogtailData\\user_defined_id", big)
    files["user_defined_id"]["size"] = 1 << 30
    del document["users"]
    facts = parse_windows_probe(frame(document))
    assert facts.config.state is FileState.UNREADABLE
    assert facts.config_mtime is None
    assert facts.app_info.state is FileState.NOT_REGULAR
    assert facts.etc_hosts.state is FileState.UNREADABLE
    assert facts.user_defined_id is not None
    assert facts.user_defined_id.truncated
    assert facts.user_ids is None


def test_missing_sections_are_absent_facts() -> None:
    facts = parse_windows_probe(frame({"hostname": "WIN-1"}))
    assert facts.hostname == "WIN-1"
    assert facts.epoch is None
    assert facts.config.state is FileState.NOT_PROBED
    assert facts.resolve_rc is None
    assert facts.http == {}
    assert facts.services == {}


# --- HTTP answers in curl's terms ------------------------------------------------------------


def _entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = make_cases.answered(URL, 80)
    entry.update(changes)
    return entry


NO_HTTP: dict[str, Any] = {"status": None, "body": "", "date": None}


@pytest.mark.parametrize(
    ("changes", "rc", "tcp_only"),
    [
        ({"dns": [], "dns_error": "No such host is known"}, CURL_RESOLVE_FAILED, False),
        ({"dns": [], "dns_error": "timed out after 7000 ms"}, CURL_TIMEOUT, False),
        ({"tcp": "ConnectionRefused", **NO_HTTP}, CURL_CONNECT_FAILED, False),
        ({"tcp": "HostUnreachable", **NO_HTTP}, CURL_CONNECT_FAILED, False),
        ({"tcp": "NetworkUnreachable", **NO_HTTP}, CURL_CONNECT_FAILED, False),
        ({"tcp": "TimedOut", **NO_HTTP}, CURL_TIMEOUT, False),
        (
            {"tcp": "timeout", "tcp_error": "timed out after 7000 ms", **NO_HTTP},
            CURL_TIMEOUT,
            False,
        ),
        ({"tcp": "HostNotFound", **NO_HTTP}, CURL_RESOLVE_FAILED, False),
        ({"tcp": None, **NO_HTTP}, CURL_CONNECT_FAILED, False),
        ({"http": "Timeout", "http_error": "The operation has timed out.", **NO_HTTP}, 28, False),
        ({"http": "TrustFailure", **NO_HTTP}, CURL_TLS_FAILED, False),
        ({"http": "SecureChannelFailure", **NO_HTTP}, CURL_TLS_FAILED, False),
        ({"http": "ConnectFailure", **NO_HTTP}, CURL_CONNECT_FAILED, False),
        ({"http": "ReceiveFailure", **NO_HTTP}, 0, True),
        ({"http": "ConnectionClosed", **NO_HTTP}, 0, True),
        (
            {"http": "error", "http_error": "Invoke-WebRequest is not recognised", **NO_HTTP},
            0,
            True,
        ),
        ({"http": None, "http_error": "not tried: the probe ran out of time", **NO_HTTP}, 0, True),
        ({"status": 0}, 0, True),
        ({"status": 999}, 0, True),
        ({"status": 200, "http": "ok"}, 0, False),
        ({"status": 503, "http": "ProtocolError"}, 0, False),
    ],
)
def test_http_answers_use_curls_exit_codes(
    changes: dict[str, Any], rc: int, tcp_only: bool
) -> None:
    answer = http_answer(URL, _entry(**changes))
    assert answer.rc == rc
    assert answer.tcp_only is tcp_only
    if rc == 0 and not tcp_only:
        assert answer.status == changes["status"]
        assert answer.body == make_cases.SLS_BODY
        assert answer.error == ""
    else:
        assert answer.status is None
        assert answer.error
        assert "\n" not in answer.error


@pytest.mark.parametrize(
    ("changes", "step", "limit"),
    [
        ({"dns": [], "dns_error": "timed out after 7000 ms"}, 7, 7),
        ({"dns": [], "dns_error": "timed out after 2500 ms"}, 7, 3),  # the rest of the budget
        ({"tcp": "timeout", "tcp_error": "timed out after 7000 ms", **NO_HTTP}, 7, 7),
        ({"tcp": "TimedOut", "tcp_error": "A connection attempt failed", **NO_HTTP}, 7, None),
        ({"http": "Timeout", "http_wait": 4, **NO_HTTP}, 7, 4),
        ({"http": "Timeout", "http_wait": None, **NO_HTTP}, 7, 7),  # one step, as a rule
        ({"http": "Timeout", "http_wait": None, **NO_HTTP}, None, None),
        ({"http": "ConnectFailure", "http_wait": 7, **NO_HTTP}, 7, None),
        ({"dns": [], "dns_error": "No such host is known"}, 7, None),
    ],
    ids=[
        "dns",
        "dns-partial",
        "tcp",
        "os-timeout-is-not-ours",
        "http-wait",
        "http-step",
        "http-unknown",
        "not-a-timeout",
        "not-resolving",
    ],
)
def test_the_probes_own_waits_that_ran_out_are_the_limit(
    changes: dict[str, Any], step: int | None, limit: int | None
) -> None:
    answer = http_answer(URL, _entry(**changes), step)
    assert answer.limit == limit
    if limit is not None:
        assert answer.rc == CURL_TIMEOUT


def test_resolving_the_hostname_cut_by_the_probe_is_its_limit() -> None:
    document = healthy_document()
    document.update(resolved=[], resolve_error="timed out after 7000 ms")
    facts = parse_windows_probe(frame(document))
    assert (facts.resolved, facts.resolve_rc, facts.resolve_limit) == ((), 2, 7)
    document.update(resolve_error="No such host is known")
    assert parse_windows_probe(frame(document)).resolve_limit is None


def test_a_tcp_only_answer_says_why() -> None:
    answer = http_answer(
        URL,
        _entry(http="ReceiveFailure", http_error="The underlying connection was closed", **NO_HTTP),
    )
    assert answer.tcp_only
    assert "succeeded" in answer.error
    assert "connection was closed" in answer.error
    assert "ReceiveFailure" in answer.error


# --- the command line and the script -----------------------------------------------------------


def _decoded_bootstrap(command: str) -> str:
    prefix = POWERSHELL + " "
    assert command.startswith(prefix)
    return base64.b64decode(command[len(prefix) :]).decode("utf-16-le")


@pytest.mark.parametrize("step", [2, 7, 60, 3600])
def test_the_command_line_stays_far_below_cmd_exes_limit(step: int) -> None:
    command = windows_probe_command(step)
    assert len(command) < 8000  # cmd.exe: 8191 characters at most
    assert command.isascii()
    assert "\n" not in command
    bootstrap = _decoded_bootstrap(command)
    assert bootstrap == windows_bootstrap(step)
    assert bootstrap.startswith(f"$LtdStep={step}\n")
    assert "$input | Out-String" in bootstrap


def test_the_whole_script_could_not_be_the_command_line() -> None:
    # Why the script goes over stdin: as -EncodedCommand it would be far too long.
    encoded = base64.b64encode(windows_probe_input().encode("utf-16-le")).decode()
    assert len(f"{POWERSHELL} {encoded}") > 8191


@pytest.mark.parametrize("step", [0, -1, True, 2.5, "7"])
def test_the_step_must_be_a_positive_integer(step: Any) -> None:
    with pytest.raises(ValueError, match="step_seconds"):
        windows_probe_command(step)


def test_the_script_on_stdin_is_the_file_minified() -> None:
    script = windows_probe_script()
    sent = windows_probe_input()
    assert sent == minify(script)
    assert sent.isascii()  # stdin goes through the console's code page
    assert "#" not in sent  # no comment survives: none follows code on a line
    assert not any(line != line.strip() for line in sent.splitlines())
    assert len(sent) < len(script)
    assert len(sent.encode()) < 64 * 1024  # one WinRM Send, well inside its envelope


# Cmdlet verbs that change a system, and .NET calls that write: none may appear.
_FORBIDDEN = re.compile(
    r"\b(?:Set|New|Start|Stop|Restart|Remove|Rename|Move|Copy|Clear|Add|Install|Uninstall|"
    r"Register|Unregister|Enable|Disable|Suspend|Resume|Export|Out|Write|Update|Reset)-\w+"
    r"|\bInvoke-(?!WebRequest\b)\w+|\biex\b|\bsc(?:\.exe)?\s|\bnet\s+(?:start|stop)\b"
    r"|\.(?:Write|WriteAllText|WriteAllBytes|AppendAllText|Delete|Create|CreateText|Move|"
    r"Copy|SetAttributes|Kill|Start)\(",
    re.IGNORECASE,
)


def test_the_script_is_read_only() -> None:
    code = windows_probe_input()
    found = [m.group(0) for m in _FORBIDDEN.finditer(code)]
    # [Console]::Out.WriteLine prints the result line: the only write, to stdout.
    assert found == [], found
    assert "[IO.File]::Open($path, 'Open', 'Read', 'ReadWrite, Delete')" in code
    assert code.count("[Console]::Out.") == 2


def test_every_network_step_is_bounded() -> None:
    code = windows_probe_input()
    assert "-TimeoutSec $sec" in code
    assert code.count(".AsyncWaitHandle.WaitOne($wait)") == 2  # name resolution, TCP connect
    assert "-OperationTimeoutSec $LtdStep" in code
    unbounded = code.replace("BeginGetHostAddresses(", "").replace("EndGetHostAddresses(", "")
    assert "GetHostAddresses(" not in unbounded  # no resolution without a wait bound


def test_only_plain_urls_are_tested_at_most_four() -> None:
    code = windows_probe_input()
    assert "-cmatch '^https?://[A-Za-z0-9._:/-]+$'" in code
    assert "$Urls.Count -lt 4" in code


def _syntax_errors(source: str) -> list[str]:
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
    tree = parser.parse(source.encode("utf-8"))
    errors: list[str] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            line = source.splitlines()[node.start_point[0]] if source else ""
            errors.append(f"line {node.start_point[0] + 1}: {line.strip()[:80]}")
        stack.extend(node.children)
    return errors


def test_the_script_parses_as_powershell() -> None:
    # tree-sitter's PowerShell grammar: a syntax check, not PowerShell's own parser.
    assert _syntax_errors(windows_probe_script()) == []
    assert _syntax_errors(windows_probe_input()) == []
    assert _syntax_errors(windows_bootstrap(7)) == []


@pytest.mark.parametrize(
    "broken",
    [
        "if ($a { 'x' }\n",
        "$x = (1 + 2\n",
        'Get-Item -Path "x\n',
        "} \n",
        "foreach ($n in 1, 2 { $n }\n",
        "$o = @{ a = 1; b = }\n",
        "function F($x) { $x\n",
    ],
)
def test_the_syntax_check_finds_broken_powershell(broken: str) -> None:
    assert _syntax_errors(broken) != []


@pytest.mark.skipif(shutil.which("pwsh") is None, reason="pwsh (PowerShell) is not installed")
def test_pwsh_parses_the_script() -> None:  # pragma: no cover - no pwsh on this machine
    command = (
        "$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile("
        f"'{SCRIPT}', [ref]$null, [ref]$e); if ($e) {{ $e | ForEach-Object {{ $_.Message }}; "
        "exit 1 }"
    )
    subprocess.run(["pwsh", "-NoProfile", "-Command", command], check=True, timeout=60)
