"""The lab's kubectl: a recorded cluster answers `get`, podman containers answer `exec`.

No Kubernetes cluster can run on the lab machine, so the suite's `kubectl://`
hosts and `logtail-doctor init --from-k8s` are tested against this stand-in,
put first on PATH by the tests (the lab's ``bin/kubectl`` runs it). It speaks
the small part of kubectl's command line they use, and nothing else:

    kubectl [--context=C] [-n NS] get pods|pod|configmap|cm|daemonset|ds [NAME] -o json
    kubectl [--context=C] [-n NS] [-c CONTAINER] exec POD -- COMMAND...
    kubectl [--context=C] [-n NS] rollout restart ds/NAME

`get` prints objects of the recorded cluster (--cluster, JSON as the API server
sends it); `exec` runs COMMAND in the podman container that plays the pod
(--containers: pod name -> container name), or fails as kubectl does when the
pod's container is not running (a pod in CrashLoopBackOff); `rollout restart`
only records itself in rollouts.log beside --containers (what the fix plan did,
for the tests to read). Standard library
only: it runs under the machine's own Python, never the product's.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

KINDS = {
    "pods": "Pod",
    "pod": "Pod",
    "po": "Pod",
    "configmap": "ConfigMap",
    "configmaps": "ConfigMap",
    "cm": "ConfigMap",
    "daemonset": "DaemonSet",
    "daemonsets": "DaemonSet",
    "ds": "DaemonSet",
}


class Refused(Exception):
    """What kubectl would print on stderr, with its exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def main(argv: list[str]) -> int:
    try:
        cluster_path, containers_path, rest = _own_options(argv)
        cluster = json.loads(Path(cluster_path).read_text(encoding="utf-8"))
        containers = json.loads(Path(containers_path).read_text(encoding="utf-8"))
        return _kubectl(cluster, containers, containers_path, rest)
    except Refused as exc:
        sys.stderr.write(f"{exc}\n")
        return exc.code


def _own_options(argv: list[str]) -> tuple[str, str, list[str]]:
    if len(argv) < 4 or argv[0] != "--cluster" or argv[2] != "--containers":
        raise Refused("usage: kubectl_standin.py --cluster FILE --containers FILE KUBECTL-ARGS")
    return argv[1], argv[3], argv[4:]


def _kubectl(
    cluster: dict[str, Any], containers: dict[str, str], containers_file: str, args: list[str]
) -> int:
    flags: dict[str, str] = {}
    words: list[str] = []
    command: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            command = args[i + 1 :]
            break
        name, value, i = _flag(args, i)
        if name is not None:
            flags[name] = value
        else:
            words.append(arg)
            i += 1
    context = flags.get("context")
    if context is not None and context != cluster["context"]:
        raise Refused(f"error: context was not found for specified context: {context}")
    namespace = flags.get("namespace", "default")
    if words[:1] == ["get"]:
        return _get(cluster, namespace, words[1:], flags)
    if words[:2] == ["rollout", "restart"] and len(words) == 3:
        return _rollout(cluster, Path(containers_file), namespace, words[2], context)
    if words[:1] == ["exec"] and len(words) == 2 and command:
        return _exec(cluster, containers, namespace, words[1], flags.get("container"), command)
    raise Refused(f"error: the lab's kubectl stand-in does not answer: kubectl {' '.join(args)}")


_FLAGS = {
    "-n": "namespace",
    "--namespace": "namespace",
    "-c": "container",
    "--container": "container",
    "-o": "output",
    "--output": "output",
    "-l": "selector",
    "--selector": "selector",
    "--context": "context",
    "--kubeconfig": "kubeconfig",
}


def _flag(args: list[str], i: int) -> tuple[str | None, str, int]:
    """(flag name, value, next index) for a flag at args[i]; (None, "", i) for a word."""
    arg = args[i]
    if "=" in arg and arg.split("=", 1)[0] in _FLAGS:
        key, value = arg.split("=", 1)
        return _FLAGS[key], value.strip('"'), i + 1
    if arg in _FLAGS:
        if i + 1 >= len(args):
            raise Refused(f"error: flag needs an argument: {arg}")
        return _FLAGS[arg], args[i + 1], i + 2
    if arg.startswith("-"):
        raise Refused(f"error: unknown flag: {arg}")
    return None, "", i


def _objects(cluster: dict[str, Any], kind: str, namespace: str) -> list[dict[str, Any]]:
    return [
        o
        for o in cluster["objects"]
        if o["kind"] == kind and o["metadata"].get("namespace") == namespace
    ]


def _rollout(
    cluster: dict[str, Any], containers_file: Path, namespace: str, what: str, context: str | None
) -> int:
    kind, _, name = what.partition("/")
    if KINDS.get(kind) != "DaemonSet":
        raise Refused(f"error: the lab's kubectl stand-in restarts DaemonSets only: {what}")
    if not [o for o in _objects(cluster, "DaemonSet", namespace) if o["metadata"]["name"] == name]:
        raise Refused(f'Error from server (NotFound): daemonsets.apps "{name}" not found')
    with (containers_file.parent / "rollouts.log").open("a", encoding="utf-8") as log:
        log.write(f"{context or '-'} {namespace}/{name}\n")
    sys.stdout.write(f"daemonset.apps/{name} restarted\n")
    return 0


def _get(cluster: dict[str, Any], namespace: str, words: list[str], flags: dict[str, str]) -> int:
    if flags.get("output") != "json" or not words or words[0] not in KINDS:
        raise Refused("error: the lab's kubectl stand-in answers get KIND [NAME] -o json only")
    kind = KINDS[words[0]]
    found = _objects(cluster, kind, namespace)
    selector = flags.get("selector")
    if selector:
        key, _, value = selector.partition("=")
        found = [o for o in found if o["metadata"].get("labels", {}).get(key) == value]
    if len(words) == 2:
        match = [o for o in found if o["metadata"]["name"] == words[1]]
        if not match:
            plural = {"Pod": "pods", "ConfigMap": "configmaps", "DaemonSet": "daemonsets.apps"}
            raise Refused(f'Error from server (NotFound): {plural[kind]} "{words[1]}" not found')
        sys.stdout.write(json.dumps(match[0], indent=4) + "\n")
        return 0
    listing = {"apiVersion": "v1", "kind": "List", "items": found, "metadata": {}}
    sys.stdout.write(json.dumps(listing, indent=4) + "\n")
    return 0


def _exec(  # noqa: PLR0917 - kubectl exec's own parts, one each
    cluster: dict[str, Any],
    containers: dict[str, str],
    namespace: str,
    pod_name: str,
    container: str | None,
    command: list[str],
) -> int:
    pods = [o for o in _objects(cluster, "Pod", namespace) if o["metadata"]["name"] == pod_name]
    if not pods:
        raise Refused(f'Error from server (NotFound): pods "{pod_name}" not found')
    statuses = pods[0]["status"].get("containerStatuses", [])
    chosen = next((s for s in statuses if s["name"] == container), None)
    if container is not None and chosen is None:
        raise Refused(f"error: container {container} is not valid for pod {pod_name}")
    chosen = chosen or (statuses[0] if statuses else {})
    if "running" not in chosen.get("state", {}):
        name = chosen.get("name", container or "?")
        raise Refused(f'error: unable to upgrade connection: container not found ("{name}")')
    engine_name = containers.get(pod_name)
    if engine_name is None:
        raise Refused(f"error: no lab container plays pod {pod_name}")
    # The command is kubectl exec's argv, run in the container as kubectl would: no shell here.
    os.execvp("podman", ["podman", "exec", engine_name, *command])  # noqa: S606


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
