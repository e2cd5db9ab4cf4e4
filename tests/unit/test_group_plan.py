"""The machine-group plan: what to add, what is stale, and the list to paste."""

from __future__ import annotations

from logtail_doctor.actions import AddLine
from logtail_doctor.facts import FileFact, FileState
from logtail_doctor.group_plan import Member, merge_plans, plan_groups, plan_lines
from logtail_doctor.sls.view import Identity
from logtail_doctor.targets import MachineGroup
from tests.unit.test_checks import evaluate, expect, healthy

WEB = MachineGroup("web-servers", ("10.0.0.11", "10.0.0.12", "10.0.9.9"))
CUSTOM = MachineGroup("custom-web", (), ("web-custom-1", "web-custom-2"))
UDID = "/etc/ilogtail/user_defined_id"


def agent(ip: str, *custom: str) -> Identity:
    return Identity(ip, "app_info.json", custom)


def test_a_missing_ip_is_added_and_an_ip_no_agent_records_is_stale() -> None:
    members = [
        Member("ssh://root@10.0.0.11", WEB, agent("10.0.0.11"), ("10.0.0.11",)),
        # Listed by its old address; its agent records its new NIC's address now.
        Member("ssh://root@10.0.0.12", WEB, agent("10.0.0.15"), ("10.0.0.12", "10.0.0.15")),
        Member("ssh://root@10.0.0.13", WEB, agent("10.0.0.13"), ("10.0.0.13",)),
        # Unreachable: the agent's IP is not known, only the address we tried.
        Member("ssh://root@10.0.0.14", WEB, Identity("10.0.0.14", "host address"), ("10.0.0.14",)),
    ]
    plan = plan_groups(members)["web-servers"]
    assert plan["add"] == ["10.0.0.13", "10.0.0.15"]  # natural order
    assert plan["stale"] == ["10.0.0.12"]  # 10.0.9.9 is no host of this run: kept
    assert plan["new_entries"] == ["10.0.0.11", "10.0.9.9", "10.0.0.13", "10.0.0.15"]
    assert plan["unknown"] == ["ssh://root@10.0.0.14"]
    assert plan["changed"] is True
    lines = plan_lines({"web-servers": plan}, "web-logs")
    assert lines == [
        "machine group web-servers (project web-logs): add 10.0.0.13, 10.0.0.15; "
        "remove (stale) 10.0.0.12",
        "  SLS console > project web-logs > Machine Groups > web-servers > Modify: set the IPs "
        "to: 10.0.0.11,10.0.9.9,10.0.0.13,10.0.0.15",
    ]


def test_a_custom_identifier_group_is_never_changed_for_what_a_host_holds() -> None:
    """issue 36: the plan said to add `web-custom-9` to the group while the host's own fix said
    to write the group's identifier on the host. One rule (MachineGroup.identifier_for): the
    host is fixed; the group stays as the targets file lists it."""
    members = [
        Member("ssh://root@10.0.1.1", CUSTOM, agent("10.0.1.1", "web-custom-2"), ("10.0.1.1",)),
        Member("ssh://root@10.0.1.2", CUSTOM, agent("10.0.1.2", "web-custom-9"), ("10.0.1.2",)),
        Member("ssh://root@10.0.1.3", CUSTOM, agent("10.0.1.3"), ("10.0.1.3",)),
    ]
    plan = plan_groups(members)["custom-web"]
    assert plan["identify_type"] == "userdefined"
    assert plan["add"] == []
    assert plan["stale"] == []
    assert plan["new_entries"] == ["web-custom-1", "web-custom-2"]
    assert plan["changed"] is False
    assert plan["unknown"] == ["ssh://root@10.0.1.3"]  # no user_defined_id at all
    assert plan["fix_on_host"] == ["ssh://root@10.0.1.2"]
    assert plan_lines({"custom-web": plan}, "web-logs") == [
        "machine group custom-web (project web-logs): no change; 1 host(s) hold an identifier "
        "it does not list, to fix on the host (step3.custom_id): ssh://root@10.0.1.2"
    ]
    # The host's own check says the same: write the group's identifier on the host.
    facts = healthy(user_defined_id=FileFact(UDID, FileState.PRESENT, "web-custom-9\n"))
    outcome = evaluate(facts, expect(group=CUSTOM, all_groups=(CUSTOM,)))["step3.custom_id"]
    assert outcome.failed
    assert outcome.action == AddLine(UDID, "web-custom-1")
    assert CUSTOM.identifier_for(("web-custom-9",)) == ("web-custom-1", False)
    assert CUSTOM.identifier_for(("web-custom-9", "web-custom-2")) == ("web-custom-2", True)


def test_a_group_that_lists_what_its_agents_record_needs_nothing() -> None:
    plan = plan_groups([Member("h", WEB, agent("10.0.0.11"), ("10.0.0.11",))])
    assert plan["web-servers"]["changed"] is False
    assert plan_lines(plan, "web-logs") == []


def test_shards_plans_merge_into_the_whole_fleets() -> None:
    one = plan_groups([Member("a", WEB, agent("10.0.0.15"), ("10.0.0.12", "10.0.0.15"))])
    two = plan_groups([Member("b", WEB, agent("10.0.0.13"), ("10.0.0.13",))])
    whole = plan_groups(
        [
            Member("a", WEB, agent("10.0.0.15"), ("10.0.0.12", "10.0.0.15")),
            Member("b", WEB, agent("10.0.0.13"), ("10.0.0.13",)),
        ]
    )
    assert merge_plans([one, two]) == whole


def test_a_huge_group_plan_holds_its_changes_not_its_lists() -> None:
    """issue 36: 22 hosts in a group of 1.3 million IPs wrote a 38 MB summary.json."""
    huge = MachineGroup("huge", tuple(f"10.1.{n // 250}.{n % 250 + 1}" for n in range(5000)))
    plan = plan_groups([Member("h", huge, agent("10.9.9.9"), ("10.9.9.9",))])["huge"]
    assert "entries" not in plan
    assert "new_entries" not in plan
    assert (plan["entries_count"], plan["add"], plan["changed"]) == (5000, ["10.9.9.9"], True)
    assert plan_lines({"huge": plan}, "web-logs")[1] == (
        "  SLS console > project web-logs > Machine Groups > huge > Modify: the group lists "
        "5000 IPs, too many to paste here: add and remove the ones above"
    )
    merged = merge_plans([{"huge": plan}, {"huge": plan}])["huge"]
    assert "entries" not in merged
    assert merged["add"] == ["10.9.9.9"]
