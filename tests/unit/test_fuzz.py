"""Every parser of untrusted input, fuzzed: a parsed value or the project's own error.

Whatever a host prints, a config file holds or a targets file says, the
parsers either return a value or raise their own error class (ProbeError,
ConfigError, AppInfoError, TargetsError, LabError), never anything else. The
probe fuzz goes on through every check: a hostile host must not crash the
diagnosis either.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lab.errors import LabError
from lab.scenario import parse_scenario
from logtail_doctor.agent_config import ConfigError, install_parameters, parse_agent_config
from logtail_doctor.checks import Expectation, evaluate
from logtail_doctor.parsers import (
    AppInfoError,
    hosts_file_lines_for,
    parse_app_info,
    parse_curl,
    parse_getent_ahostsv4,
    parse_ip_addr,
    parse_ps,
    parse_sls_error,
    parse_user_defined_ids,
    parse_users_listing,
)
from logtail_doctor.probe import (
    ProbeError,
    parse_linux_probe,
    parse_windows_probe,
    split_records,
)
from logtail_doctor.targets import MachineGroup, Project, TargetsError, parse_targets
from logtail_doctor.transport import check_spec, redact


def _error_of(kind: type[Exception], call: Callable[..., object], *args: object) -> str:
    """The message of the project's own error, "" when call returns; other errors propagate."""
    try:
        call(*args)
    except kind as exc:
        return str(exc)
    return ""


FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # make test gives the same verdict every time
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Text as hosts send it: any unicode, plus the characters that matter to our formats.
hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(" \t\n\r{}[]\":,.$;`'\\/-=0123456789")),
    ),
    max_size=400,
)

KEYS = [
    "probe",
    "end",
    "hostname",
    "hostname.rc",
    "epoch",
    "epoch.rc",
    "paths",
    "status.ilogtaild",
    "status.ilogtaild.rc",
    "status.loongcollectord",
    "ps",
    "ps.rc",
    "config",
    "http=http://logtail.cn-hangzhou-intranet.log.aliyuncs.com",
    "http=http://logtail.cn-hangzhou-intranet.log.aliyuncs.com.rc",
    "app_info",
    "etc_hosts",
    "resolve",
    "resolve.rc",
    "nics",
    "nics.rc",
    "users",
    "user_defined_id",
]


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()


record_value = st.one_of(
    hostile_text,
    st.just("1"),
    st.sampled_from(
        [
            '{"config_server_address":"http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"}',
            '{"ip": "10.0.0.1"}',
            '{"ip": 5}',
            "d /usr/local/ilogtail\nf /usr/local/ilogtail/ilogtail\nl /x -> /y",
            "  12     1 ilogtail\n  13    12 ilogtail\n",
            "2: eth0    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0",
            "10.0.0.1        STREAM host\n",
            "ilogtail is running",
            "x\nltd-http-code:405",
            "[" * 5000,
        ]
    ),
)
record_rc = st.one_of(st.sampled_from(["0", "1", "2", "3", "124", "255", "-1", "x", ""]))
record_line = st.one_of(
    st.builds(
        lambda k, rc, v: f"{k} {rc} {_b64(v)}",
        st.sampled_from(KEYS),
        record_rc,
        record_value,
    ),
    st.builds(lambda k, rc: f"{k} {rc}", st.sampled_from(KEYS), record_rc),
    hostile_text,
)

GROUP = MachineGroup("web-servers", ("10.0.0.1",))
EXPECTATION = Expectation(
    Project("web-logs", "cn-hangzhou", "intranet"), ("1234567890123456",), GROUP, (GROUP,)
)


@FUZZ
@given(st.lists(record_line, max_size=40), st.booleans())
def test_probe_output_parses_or_raises_probe_error_and_checks_never_crash(
    lines: list[str], framed: bool
) -> None:
    if framed:
        lines = [f"probe 0 {_b64('1')}", *lines, f"end 0 {_b64('1')}"]
    stdout = "\n".join(lines)
    split_records(stdout)
    try:
        facts = parse_linux_probe(stdout)
    except ProbeError:
        return
    outcomes = evaluate(facts, EXPECTATION)
    assert "host.reachable" in outcomes


@FUZZ
@given(hostile_text)
def test_raw_probe_output_parses_or_raises_probe_error(stdout: str) -> None:
    with contextlib.suppress(ProbeError):
        parse_linux_probe(stdout)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                hostile_text,
                st.sampled_from(
                    [
                        "config_server_address",
                        "config_servers",
                        "data_server_list",
                        "data_servers",
                        "primary_region",
                        "cluster",
                        "endpoint",
                        "endpoint_list",
                        "region",
                        "working_ip",
                        "working_interface",
                        "bind_interface",
                        "ip",
                    ]
                ),
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=12,
)
config_text = st.one_of(hostile_text, json_values.map(json.dumps), st.just("[" * 100_000))


@FUZZ
@given(config_text)
def test_agent_config_parses_or_raises_config_error(text: str) -> None:
    try:
        config = parse_agent_config(text)
    except ConfigError:
        return
    install_parameters(config)


@FUZZ
@given(config_text)
def test_app_info_parses_or_raises_app_info_error(text: str) -> None:
    with contextlib.suppress(AppInfoError):
        parse_app_info(text)


@FUZZ
@given(hostile_text, hostile_text, st.integers(-1000, 1000))
def test_line_parsers_never_raise(text: str, name: str, rc: int) -> None:
    parse_ps(text)
    parse_ip_addr(text)
    parse_getent_ahostsv4(text)
    parse_users_listing(text)
    parse_user_defined_ids(text)
    parse_curl("http://x", rc, text)
    parse_curl("http://x", rc, text + "\nltd-http-code:" + name)
    parse_sls_error(text)
    hosts_file_lines_for(name, text)


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), hostile_text
)
yaml_docs = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    [
                        "project",
                        "name",
                        "region",
                        "network",
                        "account_ids",
                        "machine_groups",
                        "ips",
                        "hosts",
                        "url",
                        "machine_group",
                        "same_account_ecs",
                    ]
                ),
                hostile_text,
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=15,
)
VALID_TARGETS = {
    "project": {"name": "web-logs", "region": "cn-hangzhou", "network": "intranet"},
    "account_ids": ["1234567890123456"],
    "machine_groups": [{"name": "web-servers", "ips": ["10.0.0.1"]}],
    "hosts": [{"url": "ssh://root@10.0.0.1"}],
}


@FUZZ
@given(yaml_docs, st.sampled_from(sorted(VALID_TARGETS)))
def test_targets_document_parses_or_raises_targets_error(value: object, key: str) -> None:
    for document in (value, {**VALID_TARGETS, key: value}):
        message = _error_of(TargetsError, parse_targets, document, Path("fuzz.yaml"))
        assert "\n" not in message


@FUZZ
@given(yaml_docs)
def test_scenario_text_parses_or_raises_lab_error(value: object) -> None:
    text = yaml.safe_dump(value)
    assert "\n" not in _error_of(LabError, parse_scenario, text, Path("fuzz.yaml"))


@FUZZ
@given(hostile_text)
def test_scenario_raw_text_parses_or_raises_lab_error(text: str) -> None:
    assert "\n" not in _error_of(LabError, parse_scenario, text, Path("fuzz.yaml"))


@FUZZ
@given(hostile_text)
def test_host_spec_check_accepts_or_raises_value_error(spec: str) -> None:
    assert "\n" not in _error_of(ValueError, check_spec, spec)


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_characters="@/\x00"), min_size=1, max_size=30))
def test_redact_removes_any_password(password: str) -> None:
    assert redact(f"ssh://root:{password}@10.0.0.1") == "ssh://root:***@10.0.0.1"


# --- the Windows probe: one base64 JSON line ---------------------------------------------------

_WINDOWS_HEALTHY = (
    Path(__file__).resolve().parent.parent / "data/probe/windows/logtail1_healthy.txt"
)
WINDOWS_DOCUMENT = json.loads(
    base64.b64decode(_WINDOWS_HEALTHY.read_text(encoding="utf-8").split()[2])
)
WINDOWS_KEYS = sorted(WINDOWS_DOCUMENT)
_WINDOWS_ENTRY_KEYS = sorted(
    {k for e in WINDOWS_DOCUMENT["net"] for k in e}
    | {k for f in WINDOWS_DOCUMENT["files"].values() for k in f}
    | {"name", "exists", "status", "pid", "ppid", "age", "nic", "ip", "prefix", "dir", "value"}
)
windows_value = st.one_of(
    json_values,
    st.sampled_from(
        [
            0,
            1,
            2,
            3,
            -1,
            True,
            65536,
            "ok",
            "timeout",
            "ConnectionRefused",
            "TrustFailure",
            "ReceiveFailure",
            "Running",
            "LogtailDaemon",
            "LogtailWorker",
            "10.0.0.12",
            "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com",
            "https://logtail.cn-hangzhou-intranet.log.aliyuncs.com",
            "C:\\Program Files (x86)\\Alibaba\\Logtail",
            _b64('{"Error":{"Code":"OLSInvalidMethod"}}'),
            _b64("{\n"),
            "Tue, 24 Nov 2026 09:16:15 GMT",
        ]
    ),
)
windows_entry = st.dictionaries(st.sampled_from(_WINDOWS_ENTRY_KEYS), windows_value, max_size=8)
windows_section = st.one_of(
    windows_value,
    st.lists(windows_entry, max_size=4),
    st.dictionaries(
        st.sampled_from(["config", "app_info", "user_defined_id", "hosts", "files", "dirs"]),
        st.one_of(windows_entry, windows_value),
        max_size=4,
    ),
)


def _windows_line(document: object) -> str:
    text = json.dumps(document, ensure_ascii=False)
    return f"LTD-WINDOWS-PROBE 1 {_b64(text)}"


@FUZZ
@given(st.dictionaries(st.sampled_from(WINDOWS_KEYS), windows_section, max_size=6))
def test_windows_probe_parses_or_raises_probe_error_and_checks_never_crash(
    changes: dict[str, object],
) -> None:
    stdout = _windows_line({**WINDOWS_DOCUMENT, **changes})
    try:
        facts = parse_windows_probe(stdout)
    except ProbeError as exc:
        message = str(exc)
    else:
        message = ""
    assert "\n" not in message
    if message:
        return
    assert facts.os == "windows"
    outcomes = evaluate(facts, EXPECTATION)
    assert "host.reachable" in outcomes


@FUZZ
@given(st.one_of(json_values, windows_section), hostile_text, st.booleans())
def test_windows_probe_raw_output_parses_or_raises_probe_error(
    document: object, noise: str, framed: bool
) -> None:
    stdout = f"{noise}\n{_windows_line(document)}\n{noise}" if framed else noise
    assert "\n" not in _error_of(ProbeError, parse_windows_probe, stdout)
