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
from logtail_doctor.checks import Expectation
from logtail_doctor.facts import HostFacts
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
from tests.unit.test_checks import evaluate


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


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# The Linux probe's record separator for this run (any 32 lowercase hex digits).
NONCE = "5eed" * 8
SEPARATOR = f"\n{NONCE} ".encode()


def _header(key: str, rc: str) -> bytes:
    return f"\n{NONCE} {key} {rc}\n".encode()


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
record_bytes = st.one_of(record_value.map(_utf8), st.binary(max_size=400))
record_chunk = st.one_of(
    # a record: a header, then the value's raw bytes
    st.builds(lambda k, rc, v: _header(k, rc) + v, st.sampled_from(KEYS), record_rc, record_bytes),
    # a header alone: an empty value (readfile's states, a `run`'s .rc)
    st.builds(_header, st.sampled_from(KEYS), record_rc),
    # a separator followed by anything: a header that may not parse
    st.binary(max_size=60).map(lambda junk: SEPARATOR + junk),
    # bytes that join the value before them (or the banner)
    record_bytes,
)

GROUP = MachineGroup("web-servers", ("10.0.0.1",))
EXPECTATION = Expectation(
    Project("web-logs", "cn-hangzhou", "intranet"), ("1234567890123456",), GROUP, (GROUP,)
)


@FUZZ
@given(st.lists(record_chunk, max_size=40), st.booleans(), st.booleans())
def test_probe_output_parses_or_raises_probe_error_and_checks_never_crash(
    chunks: list[bytes], framed: bool, terminal: bool
) -> None:
    if framed:
        chunks = [_header("probe", "0") + b"2", *chunks, _header("end", "0")]
    stdout = b"".join(chunks)
    if terminal:  # through a pty: every "\n" became "\r\n"
        stdout = stdout.replace(b"\n", b"\r\n")
    split_records(stdout, NONCE)
    facts = _facts_or_none(lambda: parse_linux_probe(stdout, NONCE))
    if facts is None:
        return
    outcomes = evaluate(facts, EXPECTATION)
    assert "host.reachable" in outcomes


@FUZZ
@given(st.one_of(st.binary(max_size=2000), hostile_text.map(_utf8)))
def test_raw_probe_output_parses_or_raises_probe_error(stdout: bytes) -> None:
    assert "\n" not in _error_of(ProbeError, parse_linux_probe, stdout, NONCE)


# Pieces of values that look like the framing without holding the nonce.
_LOOKALIKES = [
    b"\n",
    b"\r\n",
    b" ",
    b"end 0\n",
    b"probe 0\n2",
    b"hostname.rc 0\n",
    f"\n{'0bad' * 8} end 0\n".encode(),  # another run's nonce
    f"\n{NONCE.upper()} end 0\n".encode(),
    f"\n{NONCE[:-1]} end 0\n".encode(),
    f"\n{NONCE[1:]} ".encode(),
    NONCE[:16].encode(),
    NONCE[16:].encode() + b" ",
    b"\nprobe 0 MQ==\nend 0 MQ==\n",  # format 1
]
nonce_free_bytes = (
    st.lists(st.one_of(st.binary(max_size=40), st.sampled_from(_LOOKALIKES)), max_size=8)
    .map(b"".join)
    .filter(lambda value: NONCE.encode() not in value)
)
# Keys without ".rc": a `<key>.rc` record sets its key's rc by design.
_PLAIN_KEYS = [k for k in KEYS if not k.endswith(".rc")]


@FUZZ
@given(
    nonce_free_bytes,
    st.lists(
        st.tuples(
            st.sampled_from(_PLAIN_KEYS),
            st.sampled_from(["0", "1", "3", "127", "-", "x"]),
            nonce_free_bytes,
        ),
        unique_by=lambda r: r[0],
        max_size=12,
    ),
)
def test_no_value_without_the_nonce_can_add_or_change_a_record(
    banner: bytes, written: list[tuple[str, str, bytes]]
) -> None:
    """Whatever bytes a value (or the banner) holds, short of the nonce, the
    records are exactly those written: same keys, rcs and values, byte for byte."""
    stdout = banner + b"".join(_header(key, rc) + value for key, rc, value in written)
    records = split_records(stdout, NONCE)
    assert {key: (r.rc, r.value, r.size) for key, r in records.items()} == {
        key: (rc, value.decode("utf-8", "replace"), len(value)) for key, rc, value in written
    }


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
@given(st.text(alphabet=st.characters(blacklist_characters="\x00"), min_size=1, max_size=30))
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
    facts = _facts_or_none(lambda: parse_windows_probe(stdout))
    if facts is None:
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


def _facts_or_none(parse: Callable[[], HostFacts]) -> HostFacts | None:
    """The parsed facts, or None once the parser's ProbeError is checked to be one line."""
    message = ""
    try:
        return parse()
    except ProbeError as exc:
        message = str(exc)
    assert "\n" not in message
    return None
