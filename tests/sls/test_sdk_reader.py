"""The SDK adapter against the SLS API stand-in on loopback, over real HTTP.

The stand-in verifies the v1 signature with a known test key, so a passing
read proves the SDK signed what it sent; the error paths prove each failure is
one line within a bound, and that the SDK's own 10 x 1 s retry loop never runs.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from logtail_doctor import cli
from logtail_doctor.sls.api import GroupInfo, SdkReader
from logtail_doctor.sls.credentials import Credentials
from logtail_doctor.sls.errors import SlsApiError
from logtail_doctor.targets import Project, load_targets
from tests.support.sls_api_standin import SlsApiStandin, StandinGroup, machine, sign

PROJECT = "web-logs"
KEY_ID = "LTAI5tStandinKeyId"
SECRET = "PLANTED-secret-7f3a9c"


@pytest.fixture
def standin() -> Iterator[SlsApiStandin]:
    now = time.time()
    groups = {
        "web-servers": StandinGroup(
            ["10.0.0.11", "10.0.0.12"],
            machines=[machine("10.0.0.11", now - 30), machine("10.0.0.13", now - 900)],
        ),
        "big-group": StandinGroup(
            [], machines=[machine(f"10.1.{i // 250}.{i % 250}", now - i) for i in range(1234)]
        ),
        "bare-group": StandinGroup(
            ["10.0.0.21", "10.0.0.22"],
            machines=[
                {"ip": "10.0.0.21", "lastHeartbeatTime": int(now)},  # no userdefined-id
                {"ip": "10.0.0.22", "userdefined-id": ""},  # no lastHeartbeatTime
            ],
        ),
        "custom-group": StandinGroup(
            ["web-custom"],
            identify_type="userdefined",
            machines=[machine("192.168.0.5", now, user_defined_id="web-custom")],
        ),
    }
    with SlsApiStandin(PROJECT, groups, KEY_ID, SECRET) as server:
        yield server


def reader(
    standin: SlsApiStandin,
    secret: str = SECRET,
    request_timeout: float = 2,
    total_timeout: float = 8,
) -> SdkReader:
    return SdkReader(
        Credentials(KEY_ID, secret, None, "test"),
        standin.endpoint,
        request_timeout=request_timeout,
        total_timeout=total_timeout,
    )


def test_endpoint_with_a_port_reaches_the_standin(standin: SlsApiStandin) -> None:
    assert standin.endpoint.startswith("http://127.0.0.1:")
    info = reader(standin).get_group(PROJECT, "web-servers")
    assert info == GroupInfo("web-servers", "ip", ("10.0.0.11", "10.0.0.12"))
    [seen] = standin.seen
    # The URL went to the address itself; the project still rode in the Host header.
    assert seen.headers["Host"] == f"{PROJECT}.127.0.0.1"
    assert seen.path == "/machinegroups/web-servers"
    assert seen.headers["Authorization"].startswith(f"LOG {KEY_ID}:")
    assert seen.status == 200


def test_list_machines_reads_ip_and_heartbeat(standin: SlsApiStandin) -> None:
    machines = reader(standin).list_machines(PROJECT, "web-servers")
    assert [m.ip for m in machines] == ["10.0.0.11", "10.0.0.13"]
    assert all(isinstance(m.last_heartbeat, int) for m in machines)
    assert machines[0].unique_id == "UUID-10.0.0.11"
    custom = reader(standin).list_machines(PROJECT, "custom-group")
    assert custom[0].user_defined_id == "web-custom"
    assert reader(standin).get_group(PROJECT, "custom-group").identify_type == "userdefined"


def test_applied_configs_are_read_by_name_and_none_is_an_empty_list(
    standin: SlsApiStandin,
) -> None:
    assert reader(standin).applied_configs(PROJECT, "web-servers") == ["app-logs"]
    standin.groups["web-servers"].configs = []
    assert reader(standin).applied_configs(PROJECT, "web-servers") == []
    assert [s.path for s in standin.seen] == ["/machinegroups/web-servers/configs"] * 2
    with pytest.raises(SlsApiError, match=r"^SLS API: .*nope") as info:
        reader(standin).applied_configs(PROJECT, "nope")
    assert "\n" not in str(info.value)


def test_list_machines_pages_past_500(standin: SlsApiStandin) -> None:
    machines = reader(standin).list_machines(PROJECT, "big-group")
    assert len(machines) == 1234
    assert len({m.ip for m in machines}) == 1234
    pages = [(s.query["offset"], s.query["size"]) for s in standin.seen]
    assert pages == [("0", "500"), ("500", "500"), ("1000", "500")]


def test_the_standin_really_verifies_signatures(standin: SlsApiStandin) -> None:
    headers = {
        "Date": "Tue, 24 Nov 2026 22:00:00 GMT",
        "x-log-apiversion": "0.6.0",
        "x-log-signaturemethod": "hmac-sha1",
        "x-log-bodyrawsize": "0",
    }
    good = sign("GET", "/machinegroups/g", {"size": "5", "offset": "0"}, headers, SECRET)
    assert good != sign("GET", "/machinegroups/g", {"size": "5", "offset": "0"}, headers, "x")
    assert good != sign("GET", "/machinegroups/h", {"size": "5", "offset": "0"}, headers, SECRET)
    assert good != sign("GET", "/machinegroups/g", {"size": "6", "offset": "0"}, headers, SECRET)
    assert good == sign(
        "GET",
        "/machinegroups/g",
        {"offset": "0", "size": "5"},
        {**headers, "x-log-date": "z"},
        SECRET,
    )


def test_wrong_secret_is_one_line_without_secret_or_signature(standin: SlsApiStandin) -> None:
    started = time.monotonic()
    with pytest.raises(SlsApiError) as caught:
        reader(standin, secret="not-the-secret").get_group(PROJECT, "web-servers")
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert message.startswith("SLS API: credentials rejected (SignatureNotMatch")
    assert f"for project {PROJECT}" in message
    assert "\n" not in message
    signature = standin.seen[0].headers["Authorization"].rpartition(":")[2]
    assert signature not in message  # the server's message quotes it; we must not
    assert "not-the-secret" not in message
    assert SECRET not in message
    assert KEY_ID not in message  # only a masked key ID
    assert len(standin.seen) == 1  # no retries
    assert elapsed < 2
    assert caught.value.scope == "run"


def test_unknown_key_id(standin: SlsApiStandin) -> None:
    bad = SdkReader(Credentials("LTAI5tSomebodyElse", SECRET), standin.endpoint, 2, 8)
    with pytest.raises(SlsApiError, match=r"credentials rejected \(Unauthorized"):
        bad.get_group(PROJECT, "web-servers")


def test_unknown_project_and_group(standin: SlsApiStandin) -> None:
    with pytest.raises(SlsApiError) as caught:
        reader(standin).get_group("nope-project", "web-servers")
    assert "SLS API: project nope-project does not exist (ProjectNotExist" in str(caught.value)
    assert caught.value.scope == "run"
    with pytest.raises(SlsApiError) as caught:
        reader(standin).list_machines(PROJECT, "no-such-group")
    assert str(caught.value).startswith(
        "SLS API: machine group no-such-group does not exist in project web-logs"
    )
    assert caught.value.scope == "group"


def test_throttling_backs_off_then_succeeds(standin: SlsApiStandin) -> None:
    standin.throttle = 2
    slept: list[float] = []
    sdk = SdkReader(Credentials(KEY_ID, SECRET), standin.endpoint, 2, 20, sleep=slept.append)
    assert sdk.get_group(PROJECT, "web-servers").name == "web-servers"
    assert slept == [1.0, 2.0]
    assert [s.error_code for s in standin.seen] == ["ExceedQuota", "ExceedQuota", None]


def test_throttling_gives_up_within_the_cap(standin: SlsApiStandin) -> None:
    standin.throttle = True
    started = time.monotonic()
    with pytest.raises(SlsApiError) as caught:
        reader(standin, total_timeout=4).get_group(PROJECT, "web-servers")
    elapsed = time.monotonic() - started
    assert "SLS API: throttled (ExceedQuota)" in str(caught.value)
    assert "cap 4 s" in str(caught.value)
    assert elapsed <= 4
    assert 2 <= len(standin.seen) <= 3  # tries at 0 s, 1 s, 3 s: never the SDK's 10


def test_slow_server_times_out_within_the_bound(standin: SlsApiStandin) -> None:
    standin.delay = 5
    started = time.monotonic()
    with pytest.raises(SlsApiError) as caught:
        reader(standin, request_timeout=1).get_group(PROJECT, "web-servers")
    elapsed = time.monotonic() - started
    assert str(caught.value).startswith(f"SLS API: no answer from {standin.endpoint} within 1 s")
    assert elapsed < 2.5  # one attempt: the SDK would have made 10 (about 20 s)


def test_total_budget_bounds_a_slow_paging(standin: SlsApiStandin) -> None:
    standin.delay = 0.8
    started = time.monotonic()
    with pytest.raises(SlsApiError):
        reader(standin, request_timeout=5, total_timeout=2).list_machines(PROJECT, "big-group")
    assert time.monotonic() - started < 3.5


def test_refused_connection_is_immediate() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: refused
        sdk = SdkReader(Credentials(KEY_ID, SECRET), f"http://127.0.0.1:{port}", 2, 8)
        started = time.monotonic()
        with pytest.raises(SlsApiError, match="connection refused"):
            sdk.get_group(PROJECT, "web-servers")
    assert time.monotonic() - started < 1.5


def test_reader_repr_hides_the_secret(standin: SlsApiStandin) -> None:
    assert SECRET not in repr(reader(standin))


def test_expired_security_token_is_one_line(standin: SlsApiStandin) -> None:
    standin.security_token = "sts-token-current"
    sts = SdkReader(Credentials(KEY_ID, SECRET, "sts-token-old"), standin.endpoint, 2, 8)
    with pytest.raises(SlsApiError) as caught:
        sts.get_group(PROJECT, "web-servers")
    assert str(caught.value).startswith("SLS API: credentials expired (SecurityToken.Expired")
    assert "sts-token-old" not in str(caught.value)
    assert standin.seen[-1].headers["x-acs-security-token"] == "sts-token-old"
    good = SdkReader(Credentials(KEY_ID, SECRET, "sts-token-current"), standin.endpoint, 2, 8)
    assert good.get_group(PROJECT, "web-servers").name == "web-servers"


def test_answers_missing_fields(standin: SlsApiStandin) -> None:
    # The SDK indexes userdefined-id and lastHeartbeatTime with []: a missing
    # userdefined-id is tolerated (set empty), a missing heartbeat time is one line.
    standin.groups["bare-group"].machines.pop()
    [only] = reader(standin).list_machines(PROJECT, "bare-group")
    assert (only.ip, only.user_defined_id) == ("10.0.0.21", "")
    standin.groups["bare-group"].machines.append({"ip": "10.0.0.22", "userdefined-id": ""})
    with pytest.raises(SlsApiError) as caught:
        reader(standin).list_machines(PROJECT, "bare-group")
    assert str(caught.value) == (
        "SLS API: unexpected ListMachines answer for project web-logs (KeyError)"
    )
    assert caught.value.scope == "group"


def test_list_groups_reads_every_group_name_in_pages(standin: SlsApiStandin) -> None:
    many = {f"group-{i:03d}": StandinGroup([]) for i in range(1, 1203)}
    standin.groups.update(many)
    names = reader(standin).list_groups(PROJECT)
    assert names == sorted(standin.groups)
    pages = [s.query["offset"] for s in standin.seen if s.path == "/machinegroups"]
    assert pages == ["0", "500", "1000"]  # ListMachineGroup, 500 a page, signed like the rest
    assert all(s.status == 200 for s in standin.seen)


def test_init_from_sls_writes_a_targets_file_from_the_groups(
    standin: SlsApiStandin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`logtail-doctor init --from-sls` against the stand-in: IP groups give hosts."""
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
    out = tmp_path / "fleet.yaml"
    code = cli.main(
        [
            "init",
            str(out),
            "--from-sls",
            PROJECT,
            "--region",
            "cn-hangzhou",
            "--sls-endpoint",
            standin.endpoint,
            "--account-id",
            "1234567890123456",
        ]
    )
    assert code == 0
    targets = load_targets(out)
    assert targets.project == Project(PROJECT, "cn-hangzhou", "intranet")
    groups = {g.name: g for g in targets.machine_groups}
    assert groups["web-servers"].ips == ("10.0.0.11", "10.0.0.12")
    assert groups["custom-group"].custom_ids == ("web-custom",)
    assert groups["big-group"].ips == ()
    hosts = [(h.url, h.machine_group) for h in targets.hosts]
    assert hosts == [
        ("ssh://root@10.0.0.21", "bare-group"),
        ("ssh://root@10.0.0.22", "bare-group"),
        ("ssh://root@10.0.0.11", "web-servers"),
        ("ssh://root@10.0.0.12", "web-servers"),
    ]
    text = out.read_text()
    assert "# custom-group identifies machines by custom identifier" in text
    assert SECRET not in text


def test_init_from_sls_with_a_wrong_secret_is_one_line(
    standin: SlsApiStandin,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "PLANTED-wrong-secret")
    out = tmp_path / "fleet.yaml"
    args = ["init", str(out), "--from-sls", PROJECT, "--sls-endpoint", standin.endpoint]
    assert cli.main([*args, "--region", "cn-hangzhou"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("ERROR: SLS API:")
    assert "PLANTED" not in err
    assert not out.exists()
