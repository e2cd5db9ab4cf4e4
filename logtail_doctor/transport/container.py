"""The probe in a container: testinfra's podman, docker and kubectl command lines, bounded.

testinfra's container backends run `podman exec NAME /bin/sh -c CMD` (docker
alike) and `kubectl -n NS -c C exec POD -- /bin/sh -c CMD` through a local
shell with no time bound. We take the very command line the backend builds and
run it as our own process (no shell in between), killed at the bound like ssh.
For a pod, the runner also asks the API for the pod's status (phase, readiness,
restarts): kubectl get, read-only, bounded the same way.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import time
from dataclasses import replace
from typing import Any

from logtail_doctor.facts import ContainerFacts
from logtail_doctor.kube import load_json, pod_status
from logtail_doctor.text import one_line
from logtail_doctor.transport.ssh import kill_group, read_bounded

# Exit codes of `ENGINE exec` when the command to run does not exist (126: not executable).
_NO_COMMAND = (126, 127)


def container_facts(backend: Any) -> ContainerFacts:
    """What the host spec says about the container: engine, name, and for a pod its place."""
    engine = str(backend.NAME)
    if engine == "kubectl":
        return ContainerFacts(
            engine,
            str(backend.name),
            container=backend.container,
            namespace=backend.namespace,
            context=backend.context,
        )
    return ContainerFacts(engine, str(backend.name))


def exec_argv(backend: Any, command: str, *args: str) -> list[str]:
    """testinfra's own command line for running COMMAND in the container, as an argv.

    The backend's run() is called with its run_local replaced, on this backend
    object only, by one that keeps the line instead of running it through a shell.
    """
    lines: list[str] = []

    def keep(line: str, *line_args: str) -> Any:
        lines.append(backend.quote(line, *line_args))
        return backend.result(0, b"", b"", b"")

    # The podman and docker backends encode the command for their result, and for
    # non-ASCII text (the probe has some) ask the container for its locale first by
    # running python there. Our command line goes out as UTF-8 argv: say so instead.
    if getattr(backend, "_encoding", None) is None:
        backend._encoding = "utf-8"
    backend.run_local = keep
    try:
        backend.run(command, *args)
    finally:
        del backend.run_local
    return shlex.split(lines[0])


def run_container(
    backend: Any, script: str, deadline: float, bound: str
) -> tuple[bytes, str] | str:
    """The probe in the container: (stdout's bytes, stderr), or why not in one line."""
    argv = exec_argv(backend, "sh -c %s", script)
    answer = _run_bounded(argv, deadline, bound)
    if isinstance(answer, str):
        return answer
    rc, out, err = answer
    if rc == 0 or out.strip():
        return out, err
    return exec_failure(str(backend.NAME), rc, err)


def exec_failure(engine: str, rc: int, stderr: str) -> str:
    """One line for an exec that ran nothing: no shell in the image, no such container, ..."""
    said = _what_it_said(stderr, rc)
    if rc in _NO_COMMAND and "/bin/sh" in stderr:
        return (
            f"the container has no /bin/sh: the probe needs a POSIX shell in the agent's "
            f"container ({engine} exec said: {said})"
        )
    return f"{engine} exec failed (exit code {rc}): {said}"


def _what_it_said(stderr: str, rc: int) -> str:
    """The last line a failed command wrote to stderr (one line, cut), else its exit code."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return one_line(lines[-1])[:300] if lines else f"exit code {rc}"


def read_pod(facts: ContainerFacts, deadline: float, bound: str) -> ContainerFacts:
    """facts with the pod's status from `kubectl get pod NAME -o json` (or why it is unknown)."""
    try:
        answer = kubectl_get(["pod", facts.name], facts.namespace, facts.context, deadline, bound)
        document = load_json(answer, f"pod {facts.name}")
        return replace(facts, pod=pod_status(document, facts.container))
    except ValueError as exc:  # kubectl's failure, or a KubeError: JSON not as the API sends
        return replace(facts, pod_error=str(exc))


def _run_bounded(argv: list[str], deadline: float, bound: str) -> tuple[int, bytes, str] | str:
    """(exit code, stdout, stderr) of argv, killed with its group at the deadline."""
    if time.monotonic() >= deadline:
        return f"no time left within {bound} to run {argv[0]}"
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: killed as one
            env=dict(os.environ),
        )
    except OSError as exc:
        return f"cannot start {argv[0]}: {exc.strerror}"
    try:
        out, err, problem = read_bounded(proc, deadline, bound, argv[0])
    finally:
        kill_group(proc)
    if problem is not None:
        return problem
    with contextlib.suppress(TypeError):
        return int(proc.returncode), out, err.decode("utf-8", "replace")
    return f"{argv[0]} gave no exit code"


def kubectl_get(
    what: list[str], namespace: str | None, context: str | None, deadline: float, bound: str
) -> str:
    """`kubectl [--context C] [-n NS] get WHAT -o json`'s answer; ValueError (one line) if none.

    Without a namespace kubectl takes its context's own (testinfra's kubectl backend does).
    """
    argv = ["kubectl", *([f"--context={context}"] if context else [])]
    argv += [*(["-n", namespace] if namespace else []), "get", *what, "-o", "json"]
    answer = _run_bounded(argv, deadline, bound)
    if isinstance(answer, str):
        raise ValueError(answer)
    rc, out, err = answer
    if rc != 0:
        raise ValueError(f"kubectl get {' '.join(what)} failed: {_what_it_said(err, rc)}")
    return out.decode("utf-8", "replace")
