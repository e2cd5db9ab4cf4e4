"""What a fix does on the host, as typed values: the fix plan's input.

A failing outcome may carry one action beside its fix message. The message
says the fix in words, in any language; the action holds the values a
machine needs to do it (the init script, the daemon's PID, the file), so
the playbook (logtail_doctor.outputs.playbook) never parses them back out of
text. A check declares, once, which of its fixes carry which kind of action
(logtail_doctor.checks.registry.Fix): those fixes are its automatable ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from logtail_doctor.plain import PlainError, from_plain, to_plain


@dataclass(frozen=True)
class StartAgent:
    """Start the agent unless it runs: its init script's status decides (or systemd does)."""

    init_script: str | None = None  # /etc/init.d/ilogtaild, ...
    unit: str | None = None  # systemd unit (the community edition)


@dataclass(frozen=True)
class RestartAgent:
    """Restart the agent once: only while the daemon the diagnosis saw still runs."""

    daemon_pid: str
    init_script: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class StartService:
    """Start a Windows service (the playbook leaves Windows hosts to a person)."""

    service: str


@dataclass(frozen=True)
class CreateFile:
    """Create an empty file if missing (an account ID under the users folder)."""

    path: str


@dataclass(frozen=True)
class AddLine:
    """Add a line to a file if it is not there (a custom identifier)."""

    path: str
    line: str


@dataclass(frozen=True)
class RolloutRestart:
    """Restart a Kubernetes DaemonSet's pods (kubectl, from the runner): a pod's agent."""

    namespace: str
    daemonset: str
    context: str | None = None  # the kubeconfig context the host spec named


FixAction = StartAgent | RestartAgent | StartService | CreateFile | AddLine | RolloutRestart
ACTION_KINDS: dict[str, type[FixAction]] = {
    kind.__name__: kind
    for kind in (StartAgent, RestartAgent, StartService, CreateFile, AddLine, RolloutRestart)
}


def action_json(action: FixAction) -> dict[str, object]:
    """An action as JSON: its kind and its values (summary.json, a check's cases)."""
    return {"kind": type(action).__name__, **to_plain(action)}


def action_from_json(document: object) -> FixAction:
    """The action action_json wrote; ValueError (one line) for anything else."""
    if not isinstance(document, dict) or document.get("kind") not in ACTION_KINDS:
        raise ValueError(f"not a fix action: {str(document)[:80]}")
    values = {k: v for k, v in document.items() if k != "kind"}
    try:
        return from_plain(ACTION_KINDS[str(document["kind"])], values, "action")
    except PlainError as exc:
        raise ValueError(str(exc)) from None
