"""The fix plan (logtail_doctor.outputs.playbook) from verdicts of real checks on synthetic facts.

Verdicts are built as tests/unit/test_report.py builds them: real outcomes
(tests.unit.test_checks' facts, the Windows probe recordings), what pytest
would say of their tests, conclude(). The playbook is then parsed back as
YAML and, where ansible-playbook is installed (the project's venv), checked
by ansible-playbook --syntax-check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from logtail_doctor.actions import (
    ACTION_KINDS,
    AddLine,
    CreateFile,
    FixAction,
    RestartAgent,
    RolloutRestart,
    StartAgent,
    StartService,
)
from logtail_doctor.catalogue import CATALOGUE, HOST_CHECK_IDS
from logtail_doctor.checks import unreachable
from logtail_doctor.facts import COMMUNITY_LAYOUT, CommandFact, ContainerFacts, Process
from logtail_doctor.i18n import text
from logtail_doctor.merge import merge
from logtail_doctor.outcome import Outcome
from logtail_doctor.outputs.playbook import (
    PlanGap,
    build_plan,
    inventory_path_for,
    render_inventory,
    render_playbook,
    tasks_for,
    write_remediation,
)
from logtail_doctor.outputs.summary_file import to_json
from logtail_doctor.targets import MachineGroup
from logtail_doctor.verdict import RunVerdict
from logtail_doctor.waivers import NO_WAIVERS, Waiver, Waivers
from tests.support.verdicts import conclude
from tests.unit.test_checks import (
    CUSTOM_GROUP,
    FAILING,
    evaluate,
    expect,
    healthy,
    loongcollector,
)
from tests.unit.test_report import pytest_results_for
from tests.unit.test_windows_checks import outcomes_of as windows_outcomes

TODAY = dt.date(2026, 12, 4)
STOPPED = healthy(status={"ilogtaild": CommandFact(3, "ilogtail is stopped\n")}, processes=())
LOONG_STOPPED = loongcollector(
    status={
        "ilogtaild": CommandFact(3, "loongcollector is stopped\n"),
        "loongcollectord": CommandFact(3, "loongcollector is stopped\n"),
    },
    processes=(),
)
ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"


def verdict_of(
    outcomes: dict[str, dict[str, Outcome]], waivers: Waivers = NO_WAIVERS
) -> RunVerdict:
    return conclude(
        outcomes,
        pytest_results_for(outcomes, HOST_CHECK_IDS, waivers),
        run_checks=HOST_CHECK_IDS,
        waivers=waivers,
        today=TODAY,
        fail_on=("unhealthy", "unreachable"),
        context={
            "targets_file": "fixtures/prod.yaml",
            "started": "2026-12-04T08:00:00+00:00",
            "project": {"name": "web-logs", "region": "cn-hangzhou", "network": "intranet"},
        },
    )


def fleet() -> dict[str, dict[str, Outcome]]:
    return {
        "ssh://root@10.0.0.11": evaluate(healthy(), expect()),
        "ssh://root@10.0.0.12": evaluate(STOPPED, expect()),
        "ssh://root@10.0.0.13": evaluate(healthy(status=STOPPED.status, processes=()), expect()),
        "ssh://admin@10.0.0.14:2222": evaluate(LOONG_STOPPED, expect()),
        "ssh://root@10.0.0.15": evaluate(FAILING["step2.config_loaded"], expect()),
        "ssh://root@10.0.0.16": evaluate(FAILING["step3.custom_id"], expect(group=CUSTOM_GROUP)),
        "ssh://root@10.0.0.17": evaluate(FAILING["step3.ip_current"], expect()),
        "ssh://root@10.0.0.18": evaluate(healthy(user_ids=(), status=STOPPED.status), expect()),
        "ssh://root@10.0.0.19": evaluate(FAILING["step2.region"], expect()),
        "ssh://root@10.0.0.20": unreachable("ssh: connect to host port 22: timed out", text("SSH")),
        "ansible://web-7": evaluate(FAILING["step4.user_id"], expect()),
        "winrm://Administrator@10.0.0.30": windows_outcomes("service_stopped.txt"),
    }


def plays_of(verdict: RunVerdict) -> list[dict[str, Any]]:
    document = yaml.safe_load(render_playbook(build_plan(verdict)))
    assert isinstance(document, list)
    return document


def by_check(plays: list[dict[str, Any]]) -> dict[str, list[list[str]]]:
    found: dict[str, list[list[str]]] = {}
    for play in plays:
        found.setdefault(play["name"].split(" ", 1)[0], []).append(play["hosts"])
    return found


# --- the declarations and the playbook agree ------------------------------------------------


ACTION_SAMPLES: dict[type[FixAction], FixAction] = {
    StartAgent: StartAgent(init_script="/etc/init.d/ilogtaild"),
    RestartAgent: RestartAgent("812", init_script="/etc/init.d/ilogtaild"),
    CreateFile: CreateFile("/etc/ilogtail/users/1559122535028493"),
    AddLine: AddLine("/etc/ilogtail/user_defined_id", "web-custom-1"),
    StartService: StartService("LogtailDaemon"),
    RolloutRestart: RolloutRestart("kube-system", "logtail-ds"),
}


def test_pods_whose_agent_stopped_get_one_kubectl_play_on_this_machine() -> None:
    """A rollout restart per DaemonSet, run here (localhost, local), however many pods."""
    pod = ContainerFacts("kubectl", "logtail-ds-a1", "logtail", "kube-system", "prod")
    image = {"/usr/local/ilogtail": "d", "/usr/local/ilogtail/ilogtail": "f"}
    stopped_pods = {
        f"kubectl://logtail-ds-{n}?namespace=kube-system&container=logtail&context=prod": evaluate(
            healthy(
                container=dataclasses.replace(pod, name=f"logtail-ds-{n}"),
                install_paths=image,
                status={},
                processes=(),
            ),
            expect(),
        )
        for n in ("a1", "b2")
    }
    verdict = verdict_of({**stopped_pods, "ssh://root@10.0.0.12": evaluate(STOPPED, expect())})
    plan = build_plan(verdict)
    plays = yaml.safe_load(render_playbook(plan))
    kubectl = [p for p in plays if p["hosts"] == ["localhost"]]
    assert len(kubectl) == 1, plays
    (task,) = kubectl[0]["tasks"]
    assert task["ansible.builtin.command"]["argv"] == [
        "kubectl",
        "--context=prod",
        "-n",
        "kube-system",
        "rollout",
        "restart",
        "ds/logtail-ds",
    ]
    assert "localhost ansible_connection=local" in render_inventory(plan)


def test_every_declared_action_has_its_tasks_or_says_why_not() -> None:
    declared = {f.action for s in CATALOGUE for f in s.fixes.values() if f.action is not None}
    assert declared == set(ACTION_KINDS.values())  # no kind of action nobody gives
    for kind in declared - {StartService}:
        assert tasks_for(ACTION_SAMPLES[kind]), kind
    with pytest.raises(PlanGap, match="Windows hosts are fixed by hand"):
        tasks_for(ACTION_SAMPLES[StartService])


# --- which host goes where ------------------------------------------------------------------


def test_a_play_per_cause_and_values_naming_every_host_that_failed_it() -> None:
    plays = by_check(plays_of(verdict_of(fleet())))
    assert plays == {
        # Hosts in the verdict's order (admin@ before root@). 10.0.0.14 runs
        # loongcollectord, the others ilogtaild: a play each.
        "step1.running": [["10.0.0.14_p2222"], ["10.0.0.12", "10.0.0.13", "10.0.0.18"]],
        "step2.config_loaded": [["10.0.0.15"]],
        "step3.custom_id": [["10.0.0.16"]],
        "step3.ip_current": [["10.0.0.17"]],
        # .18 is stopped too (its root cause is step1.running): one run fixes both.
        "step4.user_id": [["web-7", "10.0.0.18"]],
    }


def test_plays_come_in_catalogue_order_start_before_restart() -> None:
    names = [p["name"].split(" ", 1)[0] for p in plays_of(verdict_of(fleet()))]
    assert names == sorted(names, key=HOST_CHECK_IDS.index)
    assert names[0] == "step1.running"


def test_healthy_waived_and_manual_hosts_are_in_no_play() -> None:
    waivers = Waivers(
        None,
        (
            Waiver(
                "step4.user_id",
                "ssh://root@10.0.0.18",
                "CHG-1: moves in March",
                TODAY.replace(year=2027),
            ),
        ),
    )
    plays = plays_of(verdict_of(fleet(), waivers))
    hosts = {h for p in plays for h in p["hosts"]}
    assert "10.0.0.11" not in hosts  # healthy
    assert "10.0.0.19" not in hosts  # wrong region: manual
    assert "10.0.0.20" not in hosts  # unreachable: manual
    assert not [h for h in hosts if "10.0.0.30" in h]  # Windows: manual
    user_id_play = next(p for p in plays if p["name"].startswith("step4.user_id"))
    assert "10.0.0.18" not in user_id_play["hosts"]  # its waived failure is accepted


def test_manual_fixes_are_listed_in_the_header_with_their_commands_and_hosts() -> None:
    playbook = render_playbook(build_plan(verdict_of(fleet())))
    header = [line for line in playbook.splitlines() if line.startswith("#")]
    manual = header[
        header.index("# Manual (not in the plays), with the commands the report prints:") :
    ]
    region = next(i for i, ln in enumerate(manual) if ln.startswith("#   step2.region"))
    assert "ssh://root@10.0.0.19" in manual[region]
    assert "it needs a person" in manual[region]
    assert any("sudo ./logtail.sh install cn-hangzhou" in ln for ln in manual[region:])
    assert any(
        ln.startswith("#   host.reachable") and "ssh://root@10.0.0.20" in ln for ln in manual
    )
    windows = next(ln for ln in manual if ln.startswith("#   step1.running"))
    assert "winrm://Administrator@10.0.0.30" in windows
    assert "Windows" in windows
    assert any("$ Start-Service LogtailDaemon" in ln for ln in manual)
    # Every header line is a comment: nothing a host said can end it.
    assert all(ln.startswith("#") for ln in playbook.split("\n- name", 1)[0].splitlines())


def test_the_inventory_names_ssh_hosts_from_their_specs() -> None:
    outcomes = {**fleet(), "ssh://root@[fd00::7]:2200": evaluate(STOPPED, expect())}
    inventory = render_inventory(build_plan(verdict_of(outcomes)))
    lines = [ln for ln in inventory.splitlines() if not ln.startswith("#")]
    assert "10.0.0.12 ansible_host=10.0.0.12 ansible_user=root" in lines
    assert (
        "10.0.0.14_p2222 ansible_host=10.0.0.14 ansible_port=2222 ansible_user=admin "
        "ansible_become=true"
    ) in lines
    assert "fd00__7_p2200 ansible_host=fd00::7 ansible_port=2200 ansible_user=root" in lines
    assert not [ln for ln in lines if "web-7" in ln]  # ansible://: the operator's inventory
    assert not [ln for ln in lines if "10.0.0.19" in ln or "10.0.0.30" in ln]


# --- what the tasks do -----------------------------------------------------------------------


def tasks_of(plays: list[dict[str, Any]], check_id: str, index: int = 0) -> list[dict[str, Any]]:
    matching = [p for p in plays if p["name"].startswith(check_id + " ")]
    tasks: list[dict[str, Any]] = matching[index]["tasks"]
    return tasks


def test_start_asks_status_read_only_and_starts_with_the_init_script_only_if_needed() -> None:
    plays = plays_of(verdict_of(fleet()))
    status, start = tasks_of(plays, "step1.running", 1)
    assert status["ansible.builtin.command"] == {"argv": ["/etc/init.d/ilogtaild", "status"]}
    assert status["check_mode"] is False  # read-only: it runs in --check too
    assert status["changed_when"] is False
    assert status["failed_when"] is False
    assert start["ansible.builtin.command"] == {"argv": ["/etc/init.d/ilogtaild", "start"]}
    assert start["when"] == "agent_status.rc != 0"
    loong = tasks_of(plays, "step1.running", 0)
    assert loong[1]["ansible.builtin.command"]["argv"] == ["/etc/init.d/loongcollectord", "start"]
    assert all(t["timeout"] > 0 for t in (status, start))


def test_the_community_edition_is_started_through_its_systemd_unit() -> None:
    # No init script: the fix says `sudo systemctl start loongcollector`; the play does that.
    stopped = healthy(
        install_paths={"/opt/loongcollector": "d", "/opt/loongcollector/loongcollector": "f"},
        layout=COMMUNITY_LAYOUT,
        status={},
        processes=(),
    )
    plays = plays_of(verdict_of({"ssh://root@10.0.0.40": evaluate(stopped, expect())}))
    (task,) = tasks_of(plays, "step1.running")
    assert task["ansible.builtin.systemd_service"] == {"name": "loongcollector", "state": "started"}


def test_restart_runs_once_only_while_the_diagnosed_daemon_runs() -> None:
    plays = plays_of(verdict_of(fleet()))
    play = next(p for p in plays if p["name"].startswith("step2.config_loaded"))
    assert play["vars"] == {"daemon_pids": {"10.0.0.15": "812"}}  # the facts' daemon
    stop, start = play["tasks"]
    assert stop["ansible.builtin.command"] == {
        "argv": ["/etc/init.d/ilogtaild", "stop"],
        "removes": "/proc/{{ daemon_pids[inventory_hostname] }}",
    }
    assert start["ansible.builtin.command"] == {"argv": ["/etc/init.d/ilogtaild", "start"]}
    assert start["when"] == "agent_stopped is changed"
    ip_play = next(p for p in plays if p["name"].startswith("step3.ip_current"))
    assert ip_play["vars"] == {"daemon_pids": {"10.0.0.17": "812"}}


def test_the_user_id_file_and_user_defined_id_are_written_idempotently() -> None:
    plays = plays_of(verdict_of(fleet()))
    directory, touch = tasks_of(plays, "step4.user_id")
    assert directory["ansible.builtin.file"] == {
        "path": "/etc/ilogtail/users",
        "state": "directory",
    }
    assert touch["ansible.builtin.file"] == {
        "path": "/etc/ilogtail/users/1559122535028493",  # the targets' first account ID
        "state": "touch",
        "modification_time": "preserve",
        "access_time": "preserve",
    }
    (line,) = tasks_of(plays, "step3.custom_id")
    assert line["ansible.builtin.lineinfile"] == {
        "path": "/etc/ilogtail/user_defined_id",
        "line": "web-custom-1",
        "create": True,
    }


def test_a_restart_without_one_daemon_to_follow_is_left_manual() -> None:
    # Two daemons: which one the fix would follow is unknown (step1.instances fails too).
    two = dataclasses.replace(
        FAILING["step3.ip_current"],
        processes=(
            Process(1, 0, "systemd"),
            Process(812, 1, "ilogtail", elapsed=3600),
            Process(813, 812, "ilogtail", elapsed=3599),
            Process(912, 1, "ilogtail", elapsed=3600),
            Process(913, 912, "ilogtail", elapsed=3599),
        ),
    )
    plan = build_plan(verdict_of({"ssh://root@10.0.0.17": evaluate(two, expect())}))
    assert not [p for p in plan.plays if p.check_id == "step3.ip_current"]
    (entry,) = [m for m in plan.manual if m.check_id == "step3.ip_current"]
    assert entry.reason == "the diagnosis gave no values to automate it with"


# --- hostile values stay out of the plays --------------------------------------------------


def test_values_that_are_not_plain_never_reach_a_play() -> None:
    hostile = evaluate(
        FAILING["step3.custom_id"],
        expect(group=MachineGroup("custom-web", (), ("{{ lookup('pipe','id') }}",))),
    )
    verdict = verdict_of(
        {
            "ssh://root@10.0.0.16": hostile,
            "ssh://root@$(touch x)": evaluate(STOPPED, expect()),
            "docker://web": evaluate(STOPPED, expect()),
        }
    )
    plan = build_plan(verdict)
    assert plan.plays == ()
    reasons = {m.hosts[0]: m.reason for m in plan.manual if m.check_id != "step4.user_id"}
    assert "not a plain value" in reasons["ssh://root@10.0.0.16"]
    assert "not a plain host name" in reasons["ssh://root@$(touch x)"]
    assert "docker://" in reasons["docker://web"]
    playbook = render_playbook(plan)
    assert "lookup" not in yaml.safe_dump(yaml.safe_load(playbook))


def test_an_action_without_the_value_a_task_needs_is_manual() -> None:
    outcomes = evaluate(STOPPED, expect())
    outcomes["step1.running"] = dataclasses.replace(outcomes["step1.running"], action=StartAgent())
    (entry,) = build_plan(verdict_of({"ssh://root@h1": outcomes})).manual
    assert entry.reason == "its fix gives no init_script"


# --- YAML, Ansible, files -------------------------------------------------------------------


def test_no_automatable_failure_gives_a_playbook_that_does_nothing() -> None:
    plays = plays_of(verdict_of({"ssh://root@10.0.0.11": evaluate(healthy(), expect())}))
    assert plays == [
        {
            "name": "logtail-doctor: nothing to fix automatically",
            "hosts": "all:!all",
            "gather_facts": False,
            "tasks": [],
        }
    ]


@pytest.mark.skipif(not ANSIBLE_PLAYBOOK.exists(), reason="ansible-core is not installed")
def test_ansible_playbook_accepts_the_playbook(tmp_path: Path) -> None:
    playbook = tmp_path / "remediation.yml"
    write_remediation(verdict_of(fleet()), playbook)
    done = subprocess.run(
        [
            str(ANSIBLE_PLAYBOOK),
            "-i",
            "remediation.inventory.ini",
            "remediation.yml",
            "--syntax-check",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"ANSIBLE_HOME": str(tmp_path / "ansible"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_written_beside_each_other_and_by_merge_too(tmp_path: Path) -> None:
    assert inventory_path_for(Path("reports/remediation.yml")) == Path(
        "reports/remediation.inventory.ini"
    )
    verdict = verdict_of(fleet())
    shard = tmp_path / "shard1"
    shard.mkdir()
    (shard / "summary.json").write_text(json.dumps(to_json(verdict)))
    (shard / "junit.xml").write_text('<testsuite name="x" tests="0"/>')
    merge(tmp_path / "merged", [shard])
    merged = (tmp_path / "merged" / "remediation.yml").read_text()
    assert merged == render_playbook(build_plan(verdict))  # the same plan from summary.json
    assert (tmp_path / "merged" / "remediation.inventory.ini").read_text() == render_inventory(
        build_plan(verdict)
    )


@settings(max_examples=200, deadline=None)
# Host ids with digits that are not decimal ("²") are left out: verdict.host_order
# (int() of str.isdigit() runs) raises on them before a plan is built; not this module's.
@given(
    host_id=st.text(max_size=60).filter(
        lambda s: not any(c.isdigit() and not c.isdecimal() for c in s)
    ),
    custom_id=st.text(min_size=1, max_size=40),
)
def test_any_host_id_and_identifier_give_a_playbook_that_parses(
    host_id: str, custom_id: str
) -> None:
    # A merge reads host ids and fix values from summary.json files: anything at all.
    outcomes = evaluate(
        FAILING["step3.custom_id"], expect(group=MachineGroup("custom-web", (), (custom_id,)))
    )
    plan = build_plan(verdict_of({host_id: outcomes}))
    playbook = render_playbook(plan)
    playbook.encode("utf-8")  # writable as UTF-8: no lone surrogate
    plays = yaml.safe_load(playbook)
    assert isinstance(plays, list)
    assert all(ln.startswith("#") for ln in playbook.split("\n- name", 1)[0].splitlines())
    for play in plays:
        assert "{{" not in yaml.safe_dump(play["tasks"]).replace(
            "{{ daemon_pids[inventory_hostname] }}", ""
        )
    for line in render_inventory(plan).splitlines():
        assert line.startswith("#") or len(line.split()) >= 2
