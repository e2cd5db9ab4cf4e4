"""The server's view as pure functions: heartbeat judging, the group view, identities."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.checks import Expectation
from logtail_doctor.checks.host import APP_INFO_PATH
from logtail_doctor.checks.server_heartbeat import judge_heartbeat
from logtail_doctor.facts import FileFact, FileState
from logtail_doctor.fleet import FleetHost
from logtail_doctor.outcome import Outcome, Status, passed
from logtail_doctor.outputs.terminal import terminal_lines
from logtail_doctor.run_context import RunContext
from logtail_doctor.sls.api import GroupInfo, Machine, MachineGroupReader
from logtail_doctor.sls.errors import SlsApiError
from logtail_doctor.sls.fleet_view import apply_to_fleet
from logtail_doctor.sls.terminal_lines import group_lines, heartbeat_note
from logtail_doctor.sls.view import (
    GroupView,
    Heartbeat,
    Identity,
    ServerView,
    address_of,
    group_report,
    identity_of,
    merge_group_reports,
    read_server_view,
)
from logtail_doctor.targets import MachineGroup, Project
from logtail_doctor.transport import ConnectionOptions, expand_targets
from logtail_doctor.verdict import CheckResult, assemble, host_result
from tests.unit.test_checks import app_info, healthy

NOW = 1_800_000_000
IP = "10.0.0.12"


def view(
    *machines: Machine, entries: tuple[str, ...] = (IP, "10.0.0.99"), **changes: Any
) -> ServerView:
    group = GroupView("web-servers", "ip", "api", entries, tuple(machines))
    group = dataclasses.replace(group, **changes)
    return ServerView({"web-servers": group}, None, NOW, 300)


def hb(ip: str, age: int, custom: str = "") -> Machine:
    return Machine(ip, custom, f"UUID-{ip}", NOW - age)


ME = Identity(IP, "app_info.json")


def judge(
    v: ServerView, identity: Identity = ME, cause: tuple[str, str | None] | None = None
) -> tuple[Outcome, Heartbeat | None]:
    return judge_heartbeat(identity, v.groups["web-servers"], v, cause)


def test_fresh_heartbeat_passes_with_its_age() -> None:
    outcome, heartbeat = judge(view(hb(IP, 42), hb("10.0.0.99", 5000)))
    assert outcome.status is Status.PASSED
    assert "42 s ago" in outcome.found_text
    assert IP in outcome.found_text
    assert heartbeat is not None
    assert heartbeat.age_seconds == 42
    assert heartbeat.as_dict() == {
        "machine_group": "web-servers",
        "identity": IP,
        "last_heartbeat": datetime.fromtimestamp(NOW - 42, UTC).isoformat(timespec="seconds"),
        "heartbeat_age_seconds": 42,
    }


@pytest.mark.parametrize(("age", "status"), [(300, Status.PASSED), (301, Status.FAILED)])
def test_threshold_is_inclusive(age: int, status: Status) -> None:
    assert judge(view(hb(IP, age)))[0].status is status


def test_stale_heartbeat_within_the_backoff_points_to_the_backoff() -> None:
    outcome, heartbeat = judge(view(hb(IP, 600)))
    assert outcome.status is Status.FAILED
    assert "10 min ago" in outcome.found_text
    assert outcome.fix_text is not None
    assert "up to 12 minutes" in outcome.fix_text
    assert "apply a config to the group" in outcome.fix_text
    assert heartbeat is not None
    assert heartbeat.age_seconds == 600


@pytest.mark.parametrize("age", [None, 600, 1500])
def test_a_group_with_no_applied_config_is_the_fix_when_the_host_side_passes(
    age: int | None,
) -> None:
    machines = () if age is None else (hb(IP, age),)
    outcome, _ = judge(view(*machines, applied_configs=()))
    assert outcome.status is Status.FAILED
    assert outcome.fix is not None
    assert outcome.fix.key == "server.heartbeat.fix.no_configs"
    assert outcome.fix_text is not None
    assert "no collection config applied" in outcome.fix_text
    # Not read (None) or some applied: the usual causes, likeliest first.
    for configs in (None, ("app-logs",)):
        other, _ = judge(view(*machines, applied_configs=configs))
        assert other.fix is not None
        assert other.fix.key != "server.heartbeat.fix.no_configs"
    # A host-side cause stays the fix.
    sided, _ = judge(view(*machines, applied_configs=()), cause=("step1.running", None))
    assert sided.fix is not None
    assert sided.fix.key == "server.heartbeat.fix.host_side"


def test_heartbeats_stopped_long_ago_point_to_the_agent_log() -> None:
    outcome, _ = judge(view(hb(IP, 1500)))
    assert "25 min ago" in outcome.found_text
    assert outcome.fix_text is not None
    assert "stopped 25 min ago" in outcome.fix_text
    assert "ilogtail.LOG" in outcome.fix_text


def test_stale_heartbeat_points_to_the_host_side_root_cause() -> None:
    cause = ("step1.running", "Start the agent: sudo /etc/init.d/ilogtaild start")
    outcome, _ = judge(view(hb(IP, 1500)), cause=cause)
    assert outcome.fix_text is not None
    assert "step1.running" in outcome.fix_text
    assert "sudo /etc/init.d/ilogtaild start" in outcome.fix_text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ja", ("ハートビート",)), ("zh", ("心跳",))],
)
def test_server_heartbeat_texts_render_in_japanese_and_chinese(
    lang: str, words: tuple[str, ...]
) -> None:
    for v, cause in (
        (view(hb(IP, 600)), None),
        (view(hb(IP, 1500)), None),
        (view(hb("10.0.0.99", 5)), None),
        (view(entries=("10.0.0.99",)), None),
        (view(hb(IP, 1500)), ("step1.running", "sudo /etc/init.d/ilogtaild start")),
    ):
        outcome, _ = judge(v, cause=cause)
        assert outcome.fix is not None
        message, fix = outcome.message(lang), outcome.fix.render(lang)
        assert all(word in message + fix for word in words), (message, fix)
        assert "web-servers" in message
        assert IP in message
        assert message != outcome.message("en")
        assert fix != outcome.fix.render("en")
        assert outcome.fix_text is not None
        assert "heartbeat" not in fix, fix
        assert "host-side" not in fix, fix
    skipped_, _ = judge(view(error="SLS said: Unauthorized"))
    assert "SLS said: Unauthorized" in skipped_.message(lang)


def test_no_heartbeat_at_all_fails_and_says_whether_the_group_lists_it() -> None:
    outcome, heartbeat = judge(view(hb("10.0.0.99", 5)))
    assert outcome.status is Status.FAILED
    assert "no heartbeat from IP 10.0.0.12" in outcome.found_text
    assert "does not list" not in outcome.found_text
    assert outcome.fix_text is not None
    assert "first heartbeat takes about 2 minutes" in outcome.fix_text
    assert heartbeat is not None
    assert heartbeat.last_heartbeat is None
    outcome, _ = judge(view(entries=("10.0.0.99",)))
    assert "does not list it" in outcome.found_text
    assert outcome.fix_text is not None
    assert "Add 10.0.0.12" in outcome.fix_text


def test_latest_heartbeat_wins_when_an_ip_appears_twice() -> None:
    assert judge(view(hb(IP, 4000), hb(IP, 10)))[0].status is Status.PASSED


def test_custom_identifier_group_matches_the_custom_id() -> None:
    v = view(
        hb("192.168.0.5", 10, "web-custom"), identify_type="userdefined", entries=("web-custom",)
    )
    me = Identity(IP, "app_info.json", ("old-id", "web-custom"))
    assert judge(v, me)[0].status is Status.PASSED
    outcome, _ = judge(v, Identity(IP, "app_info.json"))
    assert outcome.status is Status.SKIPPED
    assert "user_defined_id" in outcome.found_text


def test_errors_skip_the_check_with_the_one_line_reason() -> None:
    line = "SLS API: credentials rejected (SignatureNotMatch) for project web-logs"
    v = view(error=line, machines=None, source="targets")
    outcome, heartbeat = judge(v)
    assert outcome.status is Status.SKIPPED
    assert outcome.found_text == line
    assert heartbeat is None


def test_unknown_group_skips() -> None:
    v = view(hb(IP, 1))
    outcome, _ = judge_heartbeat(ME, None, v, None)
    assert outcome.status is Status.SKIPPED
    assert "machine group is unknown" in outcome.found_text


def test_future_heartbeat_counts_as_now() -> None:
    outcome, heartbeat = judge(view(hb(IP, -30)))
    assert outcome.status is Status.PASSED
    assert heartbeat is not None
    assert heartbeat.age_seconds == 0


def test_group_report_not_checked_and_unexpected() -> None:
    v = view(hb(IP, 10), hb("10.0.0.50", 20), entries=(IP, "10.0.0.99"))
    report = group_report(v, [ME], ["web-servers"])
    group = report["web-servers"]
    assert group["not_checked"] == ["10.0.0.99"]
    assert group["source"] == "api"
    assert group["identify_type"] == "ip"
    unexpected = group["unexpected"]
    assert isinstance(unexpected, list)
    assert [m["ip"] for m in unexpected] == ["10.0.0.50"]
    assert unexpected[0]["heartbeat_age_seconds"] == 20
    lines = group_lines(report, v.errors())
    assert len(lines) == 1
    assert "not checked: 10.0.0.99" in lines[0]
    assert "heartbeating but not in the group: 10.0.0.50" in lines[0]


def test_group_lines_show_each_error_once() -> None:
    line = "SLS API: connection refused by http://127.0.0.1:1"
    groups = {name: GroupView(name, "ip", "targets", (), None, line) for name in ("a-grp", "b-grp")}
    v = ServerView(groups, line, NOW, 300)
    lines = group_lines(group_report(v, [], groups), v.errors())
    assert sum(line in text for text in lines) == 1
    assert len(lines) == 3


class FakeReader:
    def __init__(self, fail: dict[str, SlsApiError] | None = None) -> None:
        self.fail = fail or {}
        self.calls: list[str] = []

    def get_group(self, project: str, name: str) -> GroupInfo:
        self.calls.append(f"get {name}")
        if name in self.fail:
            raise self.fail[name]
        return GroupInfo(name, "ip", ("10.0.0.1",))

    def list_machines(self, project: str, name: str) -> list[Machine]:
        self.calls.append(f"list {name}")
        return [hb("10.0.0.1", 3)]

    def applied_configs(self, project: str, name: str) -> list[str]:
        self.calls.append(f"configs {name}")
        if f"configs {name}" in self.fail:
            raise self.fail[f"configs {name}"]
        return [] if name == "c-grp" else ["app-logs"]


GROUPS = (
    MachineGroup("a-grp", ("10.9.9.9",)),
    MachineGroup("b-grp", ()),
    MachineGroup("c-grp", ()),
)


def test_read_server_view_reads_each_group_once() -> None:
    reader = FakeReader(
        {"b-grp": SlsApiError("SLS API: machine group b-grp does not exist", "group")}
    )
    v = read_server_view(lambda: reader, "web-logs", GROUPS, lambda: NOW)
    assert reader.calls == [
        "get a-grp",
        "list a-grp",
        "configs a-grp",
        "get b-grp",
        "get c-grp",
        "list c-grp",
        "configs c-grp",
    ]
    assert v.error is None
    assert v.groups["a-grp"].source == "api"
    assert v.groups["a-grp"].entries == ("10.0.0.1",)
    assert v.groups["b-grp"].source == "targets"
    assert v.groups["b-grp"].error
    assert v.groups["c-grp"].machines == (hb("10.0.0.1", 3),)


def test_a_run_wide_error_stops_reading_and_is_said_once() -> None:
    reader = FakeReader({"b-grp": SlsApiError("SLS API: credentials rejected (SignatureNotMatch)")})
    v = read_server_view(lambda: reader, "web-logs", GROUPS, lambda: NOW)
    assert reader.calls == ["get a-grp", "list a-grp", "configs a-grp", "get b-grp"]
    assert v.error == "SLS API: credentials rejected (SignatureNotMatch)"
    assert v.groups["a-grp"].error is None  # read before the failure: still usable
    assert v.groups["c-grp"].error == v.error
    assert v.errors() == [v.error]


def test_missing_credentials_are_the_runs_error_line() -> None:
    def connect() -> MachineGroupReader:
        raise SlsApiError("SLS API: no credentials: set ...")

    v = read_server_view(connect, "web-logs", GROUPS, lambda: NOW)
    assert v.error == "SLS API: no credentials: set ..."
    assert all(
        g.source == "targets" and g.entries == t.ips
        for g, t in zip(v.groups.values(), GROUPS, strict=True)
    )


def test_identity_is_app_info_ip_else_the_host_address() -> None:
    assert identity_of(healthy(), "10.250.0.2") == Identity(IP, "app_info.json")
    no_app_info = healthy(app_info=FileFact(APP_INFO_PATH, FileState.ABSENT))
    assert identity_of(no_app_info, "10.250.0.2") == Identity("10.250.0.2", "host address")
    empty = healthy(app_info=FileFact(APP_INFO_PATH, FileState.PRESENT, app_info(ip="")))
    assert identity_of(empty, None) == Identity(None, "none")
    custom = healthy(
        user_defined_id=FileFact(
            "/etc/ilogtail/user_defined_id", FileState.PRESENT, "web-custom\n\nweb-2\n"
        )
    )
    assert identity_of(custom, None).custom_ids == ("web-custom", "web-2")
    assert identity_of(None, "10.250.0.3").ip == "10.250.0.3"


def test_address_of_host_specs() -> None:
    assert address_of("ssh://root@10.0.0.11") == "10.0.0.11"
    assert address_of("root@10.0.0.11") == "10.0.0.11"
    assert address_of("ssh://web-1.example.com") is None


def test_apply_to_fleet_takes_group_lists_from_the_api(tmp_path: Path) -> None:
    groups = (MachineGroup("a-grp", ()), MachineGroup("b-grp", ("10.1.1.1",)))
    expect = Expectation(Project("web-logs", "cn-hangzhou", "intranet"), ("1",), groups[0], groups)
    [target] = expand_targets(["ssh://root@10.0.0.1"], ConnectionOptions())
    fleet = [FleetHost(target, expect)]
    v = ServerView(
        {
            "a-grp": GroupView("a-grp", "ip", "api", ("10.0.0.1",), ()),
            "b-grp": GroupView("b-grp", "userdefined", "api", ("custom-b",), ()),
        },
        None,
        NOW,
        300,
    )
    [host] = apply_to_fleet(fleet, v)
    assert host.expectation.group == MachineGroup("a-grp", ("10.0.0.1",))
    # the API says b-grp identifies machines by custom identifier: its list is that
    assert host.expectation.all_groups[1] == MachineGroup("b-grp", (), ("custom-b",))


def test_a_custom_id_group_of_the_targets_file_is_judged_by_identifier() -> None:
    group = MachineGroup("c-grp", (), ("web-custom-1",))

    def no_credentials() -> MachineGroupReader:
        raise SlsApiError("SLS API: no credentials", "run")

    view = read_server_view(no_credentials, "web-logs", [group], lambda: NOW)
    assert view.groups["c-grp"].identify_type == "userdefined"
    assert view.groups["c-grp"].entries == ("web-custom-1",)


def test_merging_shards_keeps_entries_no_shard_covered() -> None:
    stranger = {"ip": "10.0.0.50", "heartbeat_age_seconds": 3}
    shard1 = {
        "web-servers": {
            "source": "api",
            "not_checked": ["10.0.0.2", "10.0.0.9"],
            "unexpected": [stranger],
        }
    }
    shard2 = {
        "web-servers": {
            "source": "api",
            "not_checked": ["10.0.0.1", "10.0.0.9"],
            "unexpected": [stranger],
        },
        "db-servers": {"source": "targets", "not_checked": ["10.0.1.1"], "unexpected": []},
    }
    merged = merge_group_reports([shard1, shard2])
    assert merged["web-servers"]["not_checked"] == ["10.0.0.9"]
    assert merged["web-servers"]["unexpected"] == [stranger]
    assert merged["db-servers"]["not_checked"] == ["10.0.1.1"]


def test_terminal_line_shows_the_server_view_beside_the_host_side() -> None:
    ok = {"host.reachable": CheckResult(passed("host.reachable", "an answer", "web-1"), "passed")}
    checks = ("host.reachable",)
    fresh = host_result("10.0.0.11", ok, checks, server={"heartbeat_age_seconds": 20})
    silent = host_result("10.0.0.12", ok, checks, server={})
    assert heartbeat_note({"heartbeat_age_seconds": 3700}) == "SLS: last heartbeat 61 min ago"
    [line1, line2] = terminal_lines(assemble([fresh, silent], checks, ["unhealthy"], RunContext()))
    assert line1.endswith("healthy      [SLS: last heartbeat 20 s ago]")
    assert line2.endswith("[SLS: no heartbeat]")
    plain = host_result("10.0.0.13", ok, checks)
    # without --sls: as before
    assert "SLS" not in terminal_lines(assemble([plain], checks, ["unhealthy"], RunContext()))[0]


def test_a_group_without_applied_configs_is_a_finding_and_unreadable_configs_are_not() -> None:
    denied = SlsApiError("SLS API: access denied for GetAppliedConfigs of group a-grp", "group")
    reader = FakeReader({"configs a-grp": denied})
    v = read_server_view(lambda: reader, "web-logs", GROUPS, lambda: NOW)
    # The group's machines are still read when its configs cannot be.
    assert v.groups["a-grp"].source == "api"
    assert v.groups["a-grp"].applied_configs is None
    assert v.groups["c-grp"].applied_configs == ()
    report = group_report(v, [], ["a-grp", "c-grp"])
    assert report["a-grp"]["applied_configs"] is None
    assert report["a-grp"]["applied_configs_error"] == str(denied)
    assert report["c-grp"]["applied_configs"] == []
    lines = group_lines(report, v.errors())
    c_line = next(line for line in lines if line.startswith("c-grp:"))
    assert "no collection config applied" in c_line
    assert "12 minutes" in c_line
    a_line = next(line for line in lines if line.startswith("a-grp:"))
    assert "no collection config" not in a_line
