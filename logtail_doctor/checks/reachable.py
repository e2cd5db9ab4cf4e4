"""Before the guide's steps: the host answers over its connection.

Judged by the probe itself (logtail_doctor.transport): a host that answered
passes; one that did not fails once, and its other checks are skipped, so the
report shows one clear cause.
"""

from __future__ import annotations

from logtail_doctor.checks.registry import Fix, declare, registered
from logtail_doctor.checks.step1_agent import check_pod, judge_pod
from logtail_doctor.facts import ContainerFacts
from logtail_doctor.i18n import M, Msg
from logtail_doctor.outcome import Outcome, Status
from logtail_doctor.transport import (
    WINRM_BACKEND,
    ConnectionOptions,
    container_check_command,
    missing_program,
    ssh_check_command,
    wsman_check_command,
)

REACHABLE = declare(
    "host.reachable",
    "The host answers over its connection",
    test="test_host_answers_the_probe",
    fixes={
        "fix.auth": Fix(
            "Check the SSH user and key for {host} (--ssh-identity-file, --ssh-config); the "
            "suite logs in non-interactively (BatchMode)"
        ),
        "fix.network": Fix(
            "Check that {host} is up and that its SSH port is reachable from this runner "
            "(try: {ssh_cmd})"
        ),
        "fix.container": Fix(
            "Check that the agent's container {host} runs and has /bin/sh (the probe needs a "
            "POSIX shell in it), and that this runner may use its engine: {check_cmd}"
        ),
        "fix.program": Fix(
            "Install {program} on this runner (Debian/Ubuntu: apt-get install {package}), then "
            "run again"
        ),
        "fix.auth.winrm": Fix(
            "Check the Windows user and password in {host} (NTLM; DOMAIN\\user or "
            "user@domain) and that the user may use WinRM (Administrators or Remote "
            "Management Users)"
        ),
        "fix.network.winrm": Fix(
            "Check that {host} is up and that its WinRM listener (5985 HTTP, 5986 HTTPS) is "
            "enabled and reachable from this runner (try: {check_cmd}; 401 or 405 means it "
            "answers)"
        ),
    },
    texts={
        "expected": "an answer to the probe",
        "found.ok": "answered as {hostname}",
        "skip.pod": "the pod's agent container gave no answer ({error}): its cause is the pod's",
    },
    waivable=False,  # a host that gives no answer cannot be accepted as healthy
    doc=(
        "The host answers the probe within the bound (connect timeout + command timeout). "
        "An unreachable host gets this one failure and its other checks are skipped; the "
        "other hosts are unaffected. It cannot be waived."
    ),
)


def reachable(hostname: str) -> Outcome:
    return REACHABLE.passed(REACHABLE.msg("expected"), REACHABLE.msg("found.ok", hostname=hostname))


def unreachable(reason: str, fix: Msg) -> dict[str, Outcome]:
    """The outcomes of a host the probe could not reach: one failure, the rest skipped."""
    outcomes = {REACHABLE.check_id: REACHABLE.failed(REACHABLE.msg("expected"), reason, fix)}
    for spec in registered():
        if spec.judge is not None:  # the host-side checks; the server's view has its own
            outcomes[spec.check_id] = spec.not_judged(M("host.skip.unreachable"))
    return outcomes


def unreachable_pod(error: str, container: ContainerFacts) -> dict[str, Outcome] | None:
    """A pod that gave no answer because it does not run: step1.pod is its cause, not the network.

    None when the pod's status does not explain it (it runs and is ready, or is unknown).
    """
    pod_outcome = judge_pod(check_pod, container)
    if pod_outcome.status is not Status.FAILED:
        return None
    outcomes = {
        REACHABLE.check_id: REACHABLE.skipped(
            REACHABLE.msg("expected"), REACHABLE.msg("skip.pod", error=error)
        )
    }
    for spec in registered():
        if spec.judge is not None:
            outcomes[spec.check_id] = spec.not_judged(M("host.skip.unreachable"))
    outcomes[check_pod.check_id] = pod_outcome
    return outcomes


def unreachable_remediation(
    target_id: str, error: str, options: ConnectionOptions | None = None
) -> Msg:
    """The fix for a host that gave no answer; options: the run's (its ssh config and key)."""
    winrm = target_id.startswith(f"{WINRM_BACKEND}://")
    missing = missing_program(error)
    if missing is not None:  # the runner lacks a program: nothing about the host to check
        return REACHABLE.msg("fix.program", program=missing[0], package=missing[1])
    container_cmd = container_check_command(target_id)
    if container_cmd is not None:
        return REACHABLE.msg("fix.container", host=target_id, check_cmd=container_cmd)
    if "Permission denied" in error or "Authentication" in error or (winrm and "401" in error):
        return REACHABLE.msg("fix.auth.winrm" if winrm else "fix.auth", host=target_id)
    if winrm:
        return REACHABLE.msg(
            "fix.network.winrm", host=target_id, check_cmd=wsman_check_command(target_id)
        )
    return REACHABLE.msg(
        "fix.network",
        host=target_id,
        ssh_cmd=ssh_check_command(target_id, options or ConnectionOptions()),
    )
