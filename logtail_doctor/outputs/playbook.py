"""A run's verdict as a fix plan an SRE can run: an Ansible playbook and its inventory.

``write_remediation(verdict, path)`` writes ``remediation.yml`` (the playbook)
and ``remediation.inventory.ini`` beside it. Only failures whose fix carries
an action (logtail_doctor.actions; a check declares which of its fixes do)
become plays; the values are the action's own (the init script, the file to
create, the identifier, the daemon's PID), never a second judgement here.
Everything else (reinstall, network, DNS, console edits, Windows hosts, hosts
without an Ansible connection) is listed in the playbook's header as manual,
with the commands the report prints.

A play per cause: one check ID and one set of fix values (the same init
script, the same file), naming every host that failed that check, root cause
or not, so one run of the playbook does all the automatable work. Plays go in
catalogue order: the agent is started before a restart is considered.

Every task is idempotent and supports ``--check`` (which changes nothing):

- StartAgent: the init script's ``status`` (read-only, also in check mode)
  decides, then ``<init script> start`` only if it is not running;
- RestartAgent: the printed ``stop && start``, as two tasks, only while the
  daemon the diagnosis saw (its PID) still runs (``removes: /proc/<pid>``),
  so a second run does not restart again;
- CreateFile (an account ID): ``file`` state directory + touch with times
  preserved;
- AddLine (a custom identifier): ``lineinfile`` with ``create``;
- StartService (Windows): listed as manual;
- RolloutRestart (a Kubernetes pod's agent): ``kubectl rollout restart`` of its
  DaemonSet, run on this machine (``localhost``, a local connection) with the
  operator's kubeconfig, once per DaemonSet whatever the number of its pods;
  skipped in check mode. Not idempotent: a second run restarts the pods again.

Hosts and the inventory: an ``ssh://`` / ``safe-ssh://`` / ``paramiko://``
spec (or one without a scheme) becomes an inventory entry named after its
address (``10.0.0.11``, ``10.0.0.11_p2222`` with a port), with
``ansible_host``, ``ansible_port`` and ``ansible_user`` from the spec (and
``ansible_become=true`` for a user other than root). An ``ansible://NAME``
host is NAME in the operator's own inventory. Keys and ssh config are the
operator's (``--private-key``, ``--ssh-common-args='-F FILE'``), as for the
diagnosis. ``winrm://`` (Windows) and other backends: manual.

Everything written into the playbook is checked to be plain (no Jinja2
``{{``/``{%``, no newline, paths and names of safe characters): a value that
is not stays out of the plays and its host is listed as manual, saying why.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from logtail_doctor.actions import (
    AddLine,
    CreateFile,
    FixAction,
    RestartAgent,
    RolloutRestart,
    StartAgent,
    StartService,
)
from logtail_doctor.catalogue import position, spec, title
from logtail_doctor.outputs.files import write_text
from logtail_doctor.text import one_line
from logtail_doctor.transport.specs import address_of
from logtail_doctor.verdict import RunVerdict, host_order

INVENTORY_SUFFIX = ".inventory.ini"
# Schemes whose hosts Ansible reaches over ssh, as the diagnosis did.
SSH_SCHEMES = ("ssh", "safe-ssh", "paramiko")
# A start or stop waits at most this long on the host (Ansible's task timeout).
TASK_TIMEOUT = 120

_PLAIN_PATH = re.compile(r"/[A-Za-z0-9_./-]*")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_PID = re.compile(r"[1-9][0-9]{0,9}")
_HOST_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.%:-]*|\[[0-9A-Fa-f:.%]+\]")
_USER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_PORT = re.compile(r"[0-9]{1,5}")


class PlanGap(ValueError):
    """Why one fix cannot go into the playbook for one host (it is then listed as manual)."""


@dataclass(frozen=True)
class InventoryHost:
    name: str  # the name the plays' hosts: use
    host_id: str
    address: str | None = None  # None: the operator's own inventory has it (ansible://)
    user: str | None = None
    port: str | None = None
    local: bool = False  # this machine (kubectl runs here for Kubernetes hosts)

    def ini_line(self) -> str:
        if self.local:
            # The controller's own Python: interpreter discovery on a local connection
            # can pick a python3 that is not there (a pyenv shim, measured here).
            return (
                f"{self.name} ansible_connection=local "
                'ansible_python_interpreter="{{ ansible_playbook_python }}"'
            )
        words = [self.name, f"ansible_host={self.address}"]
        if self.port:
            words.append(f"ansible_port={self.port}")
        if self.user:
            words.append(f"ansible_user={self.user}")
            if self.user != "root":  # the fixes write under /etc and control the agent
                words.append("ansible_become=true")
        return " ".join(words)


@dataclass
class Play:
    check_id: str
    fix: str  # the fix message id
    tasks: list[dict[str, Any]]
    hosts: list[InventoryHost] = field(default_factory=list)
    daemon_pids: dict[str, str] = field(default_factory=dict)  # inventory name -> PID
    fix_texts: list[str] = field(default_factory=list)  # the fix in words, per distinct text


@dataclass
class Manual:
    check_id: str
    fix: str
    text: str  # the fix in words (English)
    commands: tuple[str, ...]
    reason: str  # why it is not in the plays
    hosts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RemediationPlan:
    plays: tuple[Play, ...]
    manual: tuple[Manual, ...]
    context: Mapping[str, Any]

    @property
    def inventory(self) -> list[InventoryHost]:
        seen: dict[str, InventoryHost] = {}
        for play in self.plays:
            for host in play.hosts:
                if host.address is not None:
                    seen.setdefault(host.name, host)
        return sorted(seen.values(), key=lambda h: host_order(h.host_id))


# --- what each kind of action does on the host, in Ansible's words -----------------------
#
# A check declares which of its fixes carry an action (logtail_doctor.checks.registry.Fix);
# the judge gives the action's values on each host (logtail_doctor.actions).


def _plain(name: str, value: str | None, pattern: re.Pattern[str]) -> str:
    if value is None:
        raise PlanGap(f"its fix gives no {name}")
    if not pattern.fullmatch(value) or "{" in value:
        raise PlanGap(f"{name} {one_line(value)[:80]!r} is not a plain value")
    return value


def _start_tasks(action: StartAgent) -> list[dict[str, Any]]:
    if action.unit is not None:
        unit = _plain("unit", action.unit, _PLAIN_NAME)
        return [
            {
                "name": f"start {unit} (systemd) unless it runs",
                "ansible.builtin.systemd_service": {"name": unit, "state": "started"},
                "timeout": TASK_TIMEOUT,
            }
        ]
    script = _plain("init_script", action.init_script, _PLAIN_PATH)
    return [
        {
            "name": f"ask {script} status (read-only, also in check mode)",
            "ansible.builtin.command": {"argv": [script, "status"]},
            "register": "agent_status",
            "changed_when": False,
            "failed_when": False,
            "check_mode": False,
            "timeout": TASK_TIMEOUT,
        },
        {
            "name": f"{script} start, unless status says it runs (exit 0)",
            "ansible.builtin.command": {"argv": [script, "start"]},
            "when": "agent_status.rc != 0",
            "timeout": TASK_TIMEOUT,
        },
    ]


def _restart_tasks(action: RestartAgent) -> list[dict[str, Any]]:
    _plain("daemon_pid", action.daemon_pid, _PID)  # the play's daemon_pids hold it, per host
    running = "/proc/{{ daemon_pids[inventory_hostname] }}"
    if action.unit is not None:
        unit = _plain("unit", action.unit, _PLAIN_NAME)
        return [
            {
                "name": "is the daemon the diagnosis saw still running?",
                "ansible.builtin.stat": {"path": running, "get_checksum": False},
                "register": "diagnosed_daemon",
            },
            {
                "name": f"restart {unit} (systemd), once: only while that daemon runs",
                "ansible.builtin.systemd_service": {"name": unit, "state": "restarted"},
                "when": "diagnosed_daemon.stat.exists",
                "timeout": TASK_TIMEOUT,
            },
        ]
    script = _plain("init_script", action.init_script, _PLAIN_PATH)
    return [
        {
            "name": f"{script} stop, once: only while the daemon the diagnosis saw runs",
            "ansible.builtin.command": {"argv": [script, "stop"], "removes": running},
            "register": "agent_stopped",
            "timeout": TASK_TIMEOUT,
        },
        {
            "name": f"{script} start (after that stop)",
            "ansible.builtin.command": {"argv": [script, "start"]},
            "when": "agent_stopped is changed",
            "timeout": TASK_TIMEOUT,
        },
    ]


def _create_file_tasks(action: CreateFile) -> list[dict[str, Any]]:
    path = _plain("path", action.path, _PLAIN_PATH)
    directory = path.rsplit("/", 1)[0]
    if not directory or directory == path:
        raise PlanGap(f"path {path!r} names no directory")
    return [
        {
            "name": f"directory {directory}",
            "ansible.builtin.file": {"path": directory, "state": "directory"},
        },
        {
            "name": f"identifier file {path} (created if missing, never rewritten)",
            "ansible.builtin.file": {
                "path": path,
                "state": "touch",
                "modification_time": "preserve",
                "access_time": "preserve",
            },
        },
    ]


def _add_line_tasks(action: AddLine) -> list[dict[str, Any]]:
    path = _plain("path", action.path, _PLAIN_PATH)
    line = _plain("custom_id", action.line, _PLAIN_NAME)
    return [
        {
            "name": f"{line} on a line of its own in {path}",
            "ansible.builtin.lineinfile": {"path": path, "line": line, "create": True},
        }
    ]


def _rollout_tasks(action: RolloutRestart) -> list[dict[str, Any]]:
    namespace = _plain("namespace", action.namespace, _PLAIN_NAME)
    daemonset = _plain("daemonset", action.daemonset, _PLAIN_NAME)
    argv = ["kubectl"]
    if action.context is not None:
        argv.append(f"--context={_plain('context', action.context, _PLAIN_NAME)}")
    argv += ["-n", namespace, "rollout", "restart", f"ds/{daemonset}"]
    return [
        {
            "name": f"restart the pods of DaemonSet {namespace}/{daemonset} (kubectl, here)",
            "ansible.builtin.command": {"argv": argv},
            "timeout": TASK_TIMEOUT,
        }
    ]


def tasks_for(action: FixAction) -> list[dict[str, Any]]:
    """The tasks that apply one action; PlanGap when a person must do it."""
    match action:
        case StartAgent():
            return _start_tasks(action)
        case RestartAgent():
            return _restart_tasks(action)
        case CreateFile():
            return _create_file_tasks(action)
        case AddLine():
            return _add_line_tasks(action)
        case RolloutRestart():
            return _rollout_tasks(action)
        case StartService():
            raise PlanGap("Windows hosts are fixed by hand (no ansible.windows plays)")


# --- the plan ------------------------------------------------------------------------------


def build_plan(verdict: RunVerdict) -> RemediationPlan:
    """The plays and the manual list for every failed check of the run (waived ones excluded)."""
    plays: dict[tuple[str, str, str], Play] = {}
    manual: dict[tuple[str, str, str, str], Manual] = {}
    names: dict[str, str] = {}  # inventory name -> host id, to keep names unique
    for host in verdict.hosts:
        target: InventoryHost | str = _inventory_host(host.host_id, names)
        for cid, check in host.checks.items():
            fix = check.outcome.fix
            # waived: accepted for now; error: a bug of the suite, not the host's.
            if check.result != "failed" or fix is None:
                continue
            action = check.outcome.action
            try:
                if action is None:
                    raise PlanGap(_no_action(cid, fix.key))
                tasks = tasks_for(action)  # a Windows action is manual whatever the host
                # kubectl runs here, not on the pod
                where = LOCALHOST if isinstance(action, RolloutRestart) else target
                if isinstance(where, str):
                    raise PlanGap(where)
            except PlanGap as gap:
                text = one_line(fix.render())
                key = (cid, fix.key, text, str(gap))
                entry = manual.setdefault(
                    key, Manual(cid, fix.key, text, tuple(fix.commands()), str(gap))
                )
                entry.hosts.append(host.host_id)
                continue
            signature = yaml.safe_dump(tasks, sort_keys=True)
            play = plays.setdefault((cid, fix.key, signature), Play(cid, fix.key, tasks))
            if where not in play.hosts:  # localhost once for all the pods of a DaemonSet
                play.hosts.append(where)
            if isinstance(action, RestartAgent):
                play.daemon_pids[where.name] = action.daemon_pid
            text = one_line(fix.render())
            if text not in play.fix_texts:
                play.fix_texts.append(text)
    ordered_plays = sorted(plays.values(), key=lambda p: position(p.check_id))
    ordered_manual = sorted(manual.values(), key=lambda m: position(m.check_id))
    return RemediationPlan(tuple(ordered_plays), tuple(ordered_manual), verdict.context)


# Where the plays for Kubernetes hosts run: kubectl on this machine.
LOCALHOST = InventoryHost("localhost", "localhost", "localhost", local=True)


def _no_action(check_id: str, fix_id: str) -> str:
    """Why a fix without an action is not in the plays."""
    if fix_id in spec(check_id).automatable:  # declared automatable, but this host gave no values
        return "the diagnosis gave no values to automate it with"
    return "it needs a person"


def _inventory_host(host_id: str, names: dict[str, str]) -> InventoryHost | str:
    """The host as an inventory entry, or why it cannot be one (a line for the manual list)."""
    scheme = host_id.split("://", 1)[0] if "://" in host_id else "ssh"
    if scheme == "winrm":
        return "Windows hosts are fixed by hand (no ansible.windows plays)"
    if scheme == "ansible":
        name = host_id.split("://", 1)[1]
        if not _PLAIN_NAME.fullmatch(name):
            return f"inventory name {one_line(name)[:80]!r} is not plain"
        return InventoryHost(name, host_id)
    if scheme not in SSH_SCHEMES:
        return f"no Ansible connection is written for {scheme}:// hosts"
    if "?" in host_id:
        return "a host spec with options (?sudo=...) is left to the operator's inventory"
    address, user, port = address_of(host_id)
    if not (_HOST_NAME.fullmatch(address) or _is_ip(address)) or address.startswith("-"):
        return f"{one_line(address)[:80]!r} is not a plain host name or address"
    if user is not None and not _USER.fullmatch(user):
        return f"user {one_line(user)[:80]!r} is not plain"
    if port is not None and not _PORT.fullmatch(port):
        return f"port {one_line(port)[:20]!r} is not a port number"
    base = re.sub(r"[^A-Za-z0-9_.-]", "_", address) + (f"_p{port}" if port else "")
    name, n = base, 1
    while names.get(name, host_id) != host_id:
        n += 1
        name = f"{base}_{n}"
    names[name] = host_id
    return InventoryHost(name, host_id, address.strip("[]"), user, port)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# --- rendering -----------------------------------------------------------------------------


def render_playbook(
    plan: RemediationPlan,
    inventory: str = "remediation.inventory.ini",
    playbook: str = "remediation.yml",
) -> str:
    """The playbook: a header of comments (how to run it, what is manual), then the plays."""
    lines = _header(plan, inventory, playbook)
    plays = [_play_document(play) for play in plan.plays]
    if not plays:
        # ansible-playbook refuses an empty playbook and an empty hosts list:
        # a play whose pattern matches no host does nothing, exit 0.
        plays = [
            {
                "name": "logtail-doctor: nothing to fix automatically",
                "hosts": "all:!all",
                "gather_facts": False,
                "tasks": [],
            }
        ]
    body = yaml.safe_dump(
        plays, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return "\n".join(lines) + "\n" + body


def _play_document(play: Play) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": f"{play.check_id} ({title(play.check_id)}): {len(play.hosts)} host(s)",
        "hosts": [host.name for host in play.hosts],
        "gather_facts": False,
    }
    if play.daemon_pids:
        document["vars"] = {"daemon_pids": dict(play.daemon_pids)}
    document["tasks"] = play.tasks
    return document


def _comment(text: str, indent: int = 0) -> str:
    """One comment line: whatever the text holds (a host's value), it cannot end the comment.

    Control characters (which YAML refuses even in a comment) and lone
    surrogates (which UTF-8 cannot write) show as "?".
    """
    shown = "".join(c if c.isprintable() else "?" for c in one_line(text))
    return f"# {' ' * indent}{shown}".rstrip()


def _header(plan: RemediationPlan, inventory: str, playbook: str) -> list[str]:
    context = plan.context
    project = context.get("project") or {}
    lines = [
        "# logtail-doctor fix plan: the host-side fixes that are safe to run unattended.",
        _comment(
            f"From the run of {context.get('started', '?')} on {context.get('targets_file', '?')}"
            + (
                f", project {project['name']}"
                if isinstance(project, dict) and "name" in project
                else ""
            )
            + ". The suite wrote this file; it never runs it."
        ),
        "#",
        "# Dry run first (changes nothing), then apply, from the folder of this file:",
        _comment(f"ansible-playbook -i {inventory} {playbook} --check --diff", 2),
        _comment(f"ansible-playbook -i {inventory} {playbook}", 2),
        "# (add --private-key KEY or",
        "# --ssh-common-args='-F SSH_CONFIG' as the diagnosis used, and -i YOUR_INVENTORY",
        "# for ansible:// hosts). Then run the diagnosis again.",
        "#",
    ]
    if plan.plays:
        lines.append("# Automated below (each play: one cause, one set of values):")
        for play in plan.plays:
            hosts = " ".join(h.host_id for h in play.hosts)
            lines.append(_comment(f"{play.check_id} on {len(play.hosts)} host(s): {hosts}", 2))
            for text in play.fix_texts:
                lines.append(_comment(f"fix: {text}", 4))
    else:
        lines.append("# Nothing to automate in this run.")
    lines.append("#")
    if plan.manual:
        lines.append("# Manual (not in the plays), with the commands the report prints:")
        for entry in plan.manual:
            hosts = " ".join(entry.hosts)
            lines.append(
                _comment(
                    f"{entry.check_id} on {len(entry.hosts)} host(s) ({entry.reason}): {hosts}", 2
                )
            )
            lines.append(_comment(f"fix: {entry.text}", 4))
            for command in entry.commands:
                lines.append(_comment(f"$ {command}", 4))
    else:
        lines.append("# Nothing to do by hand.")
    return [line[:2000] for line in lines]


def render_inventory(plan: RemediationPlan) -> str:
    lines = [
        "# logtail-doctor: the hosts remediation.yml names, from the run's host specs.",
        "# Keys and ssh options are yours: --private-key, --ssh-common-args='-F FILE'.",
    ]
    lines += [host.ini_line() for host in plan.inventory]
    return "\n".join(lines) + "\n"


def inventory_path_for(playbook: Path) -> Path:
    """reports/remediation.yml -> reports/remediation.inventory.ini."""
    return playbook.with_name(playbook.stem + INVENTORY_SUFFIX)


def write_remediation(verdict: RunVerdict, path: Path) -> RemediationPlan:
    """Write the playbook at PATH and its inventory beside it; the plan they hold."""
    plan = build_plan(verdict)
    inventory = inventory_path_for(path)
    write_text(inventory, render_inventory(plan))
    write_text(path, render_playbook(plan, inventory.name, path.name))
    return plan


__all__ = [
    "InventoryHost",
    "Manual",
    "PlanGap",
    "Play",
    "RemediationPlan",
    "build_plan",
    "inventory_path_for",
    "render_inventory",
    "render_playbook",
    "tasks_for",
    "write_remediation",
]
