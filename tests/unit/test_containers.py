"""Container targets: specs, testinfra's command lines, pod status and ConfigMap parsing.

Pod and ConfigMap JSON are recorded shapes of `kubectl get -o json` (tests/data/kube/ and
the lab's recorded cluster, lab/kube/cluster.json); nothing here runs a container.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.checks.host import container_ctl, container_logs
from logtail_doctor.checks.reachable import unreachable_pod, unreachable_remediation
from logtail_doctor.facts import ContainerFacts
from logtail_doctor.init_targets import targets_from_k8s
from logtail_doctor.kube import (
    KubeError,
    daemonset_pods,
    log_configuration,
    pod_status,
)
from logtail_doctor.outcome import Status
from logtail_doctor.targets import load_targets
from logtail_doctor.transport import ConnectionOptions, expand_targets, probe
from logtail_doctor.transport.container import exec_argv, exec_failure

REPO = Path(__file__).resolve().parents[2]
KUBE = REPO / "tests" / "data" / "kube"
CLUSTER = REPO / "lab" / "kube" / "cluster.json"
STANDIN = REPO / "lab" / "kubectl_standin.py"


def recorded(name: str) -> Any:
    return json.loads((KUBE / name).read_text(encoding="utf-8"))


def cluster_object(kind: str, name: str) -> Any:
    cluster = json.loads(CLUSTER.read_text(encoding="utf-8"))
    return next(
        o for o in cluster["objects"] if o["kind"] == kind and o["metadata"]["name"] == name
    )


# --- specs and command lines --------------------------------------------------------------


def test_each_backend_runs_testinfras_own_command_line() -> None:
    specs = {
        "podman://ltd-c-web": ["podman", "exec", "ltd-c-web", "/bin/sh", "-c"],
        "docker://root@agent": ["docker", "exec", "-u", "root", "agent", "/bin/sh", "-c"],
        "kubectl://logtail-ds-7xk2p?namespace=kube-system&container=logtail&context=prod": [
            "kubectl",
            "--context=prod",
            "-n",
            "kube-system",
            "-c",
            "logtail",
            "exec",
            "logtail-ds-7xk2p",
            "--",
            "/bin/sh",
            "-c",
        ],
    }
    for spec, prefix in specs.items():
        target = expand_targets([spec], ConnectionOptions())[0]
        # Non-ASCII and quotes: the probe has both, and no shell may see them unquoted.
        argv = exec_argv(target.host.backend, "sh -c %s", "echo '§' $HOME")
        assert argv[: len(prefix)] == prefix, spec
        assert argv[len(prefix) :] == ["sh -c 'echo '\"'\"'§'\"'\"' $HOME'"], spec


def test_a_container_spec_never_takes_sudo_from_the_run() -> None:
    options = ConnectionOptions(sudo=True)
    target = expand_targets(["podman://agent"], options)[0]
    assert exec_argv(target.host.backend, "id")[-1] == "id"


@pytest.mark.parametrize(
    ("spec", "said"),
    [
        ("podman://-rm", "is not a container name"),
        ("docker://a;b", "is not a container name"),
        ("kubectl://Logtail", "is not a pod name"),
        ("kubectl://p?namespace=kube-system;id", "is not a Kubernetes name"),
        ("kubectl://p?container=-x", "is not a Kubernetes name"),
        ("kubectl://p?context=--kubeconfig=/x", "is not a Kubernetes name"),
        ("kubectl://p?namespace=a&namespace=b", "given more than once"),
        ("kubectl://p?kubeconfig=/tmp/x", "'kubeconfig' is not allowed"),
        ("podman://agent?sudo=true", "takes no parameters"),
    ],
)
def test_a_hostile_container_spec_is_refused_in_one_line(spec: str, said: str) -> None:
    with pytest.raises(ValueError, match=said) as caught:
        expand_targets([spec], ConnectionOptions())
    assert "\n" not in str(caught.value)


def test_an_exec_that_ran_nothing_says_why() -> None:
    no_shell = (
        'Error: runc: exec failed: unable to start container process: exec: "/bin/sh": '
        "stat /bin/sh: no such file or directory: OCI runtime attempted to invoke a command "
        "that was not found\n"
    )
    assert exec_failure("podman", 127, no_shell).startswith("the container has no /bin/sh")
    gone = 'Error: no container with name or ID "web" found: no such container\n'
    assert exec_failure("podman", 125, gone) == (
        'podman exec failed (exit code 125): Error: no container with name or ID "web" found: '
        "no such container"
    )
    assert exec_failure("kubectl", 1, "") == "kubectl exec failed (exit code 1): exit code 1"


# --- pod status ----------------------------------------------------------------------------


def test_a_running_ready_pod_of_the_recorded_cluster() -> None:
    pod = pod_status(cluster_object("Pod", "logtail-ds-k-healthy"), "logtail")
    assert (pod.phase, pod.ready, pod.restarts, pod.waiting_reason) == ("Running", True, 0, None)
    assert (pod.daemonset, pod.node, pod.namespace) == (
        "logtail-ds",
        "cn-hangzhou.192.168.0.11",
        "kube-system",
    )


def test_crashloopbackoff_with_its_last_exit() -> None:
    pod = pod_status(cluster_object("Pod", "logtail-ds-k-crash"), "logtail")
    assert (pod.ready, pod.restarts, pod.waiting_reason) == (False, 14, "CrashLoopBackOff")
    assert pod.last_exit == "Error, exit code 1"


def test_a_pending_pod_and_an_oomkilled_one() -> None:
    pending = pod_status(recorded("pod_pending.json"), "logtail")
    assert (pending.phase, pending.ready, pending.waiting_reason) == (
        "Pending",
        False,
        "ContainerCreating",
    )
    oom = pod_status(recorded("pod_loongcollector_oomkilled.json"), "loongcollector")
    assert (oom.ready, oom.restarts, oom.last_exit) == (True, 3, "OOMKilled, exit code 137")
    assert oom.daemonset == "loongcollector-ds"


def test_another_object_is_not_a_pod() -> None:
    with pytest.raises(KubeError, match="not a Pod"):
        pod_status(recorded("configmap_without_group.json"), "logtail")


def test_the_daemonsets_pods_and_no_others() -> None:
    cluster = json.loads(CLUSTER.read_text(encoding="utf-8"))
    pods = [o for o in cluster["objects"] if o["kind"] == "Pod"]
    listing = {"kind": "List", "items": [*pods, recorded("pod_loongcollector_oomkilled.json")]}
    assert [name for name, _node in daemonset_pods(listing, "logtail-ds")] == [
        "logtail-ds-k-crash",
        "logtail-ds-k-healthy",
        "logtail-ds-k-region",
        "logtail-ds-k-stopped",
    ]
    assert daemonset_pods(listing, "loongcollector-ds") == [
        ("loongcollector-ds-2bq9x", "cn-beijing.172.16.3.9")
    ]
    hostile = {"items": [{**pods[0], "metadata": {**pods[0]["metadata"], "name": "-rm -rf"}}]}
    with pytest.raises(KubeError, match="is not a Kubernetes name"):
        daemonset_pods(hostile, "logtail-ds")


# --- the ConfigMap ---------------------------------------------------------------------------


def test_the_recorded_clusters_configmap() -> None:
    config = log_configuration(cluster_object("ConfigMap", "alibaba-log-configuration"))
    assert (config.project, config.region, config.network) == (
        "web-logs",
        "cn-hangzhou",
        "intranet",
    )
    assert config.machine_group == "k8s-group-c5f3a1b2d4e6f7a8b9c0d1e2f3a4b5c6d"
    assert config.account_ids == ("1234567890123456",)


def test_cross_account_ids_and_an_internet_endpoint() -> None:
    config = log_configuration(recorded("configmap_cross_account_internet.json"))
    assert config.account_ids == ("1559122535028493", "1234567890123456")
    assert (config.region, config.network) == ("cn-shanghai", "internet")


def test_a_configmap_without_its_group_names_the_key() -> None:
    with pytest.raises(KubeError, match="key log-machine-group is missing or empty"):
        log_configuration(recorded("configmap_without_group.json"))


def test_init_from_k8s_writes_a_targets_file_that_loads(tmp_path: Path) -> None:
    config = log_configuration(recorded("configmap_cross_account_internet.json"))
    text = targets_from_k8s(
        config,
        "logtail-ds",
        "logtail",
        [("logtail-ds-a1", "node-1"), ("logtail-ds-b2", None)],
        context="prod",
    )
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    targets = load_targets(path)
    group = targets.machine_groups[0]
    assert (group.name, group.custom_ids, group.by_custom_id) == (
        "k8s-group-c9e1d2",
        ("k8s-group-c9e1d2",),
        True,
    )
    assert [h.url for h in targets.hosts] == [
        "kubectl://logtail-ds-a1?namespace=kube-system&container=logtail&context=prod",
        "kubectl://logtail-ds-b2?namespace=kube-system&container=logtail&context=prod",
    ]
    assert targets.account_ids == ("1559122535028493", "1234567890123456")
    expand_targets([h.url for h in targets.hosts], ConnectionOptions())  # valid specs


# --- what a person is told ---------------------------------------------------------------------

POD = ContainerFacts("kubectl", "logtail-ds-k-crash", "logtail", "kube-system")


def test_fixes_speak_the_engine_or_kubernetes() -> None:
    podman = ContainerFacts("podman", "agent")
    assert container_ctl(podman, "start") == "podman restart agent"
    assert container_logs(podman) == "podman logs --tail 100 agent"
    assert container_ctl(POD, "restart") == "kubectl -n kube-system rollout restart ds/logtail-ds"
    assert container_logs(POD, previous=True) == (
        "kubectl -n kube-system logs logtail-ds-k-crash -c logtail --previous"
    )


def test_a_crashing_pod_without_answer_is_caused_by_the_pod_not_the_network() -> None:
    pod = pod_status(cluster_object("Pod", "logtail-ds-k-crash"), "logtail")
    crashing = ContainerFacts("kubectl", pod.name, "logtail", "kube-system", pod=pod)
    error = "kubectl exec failed (exit code 1): error: unable to upgrade connection: container"
    outcomes = unreachable_pod(error, crashing)
    assert outcomes is not None
    assert outcomes["step1.pod"].status is Status.FAILED
    assert outcomes["host.reachable"].status is Status.SKIPPED
    assert outcomes["step1.running"].status is Status.SKIPPED
    running = pod_status(cluster_object("Pod", "logtail-ds-k-healthy"), "logtail")
    healthy = ContainerFacts("kubectl", running.name, "logtail", "kube-system", pod=running)
    assert unreachable_pod(error, healthy) is None  # then it is the connection's
    fix = unreachable_remediation(f"kubectl://{running.name}?namespace=kube-system", error)
    assert fix.key == "host.reachable.fix.container"
    assert dict(fix.params)["check_cmd"] == (
        "kubectl -n kube-system get pod logtail-ds-k-healthy -o wide"
    )


# --- the kubectl stand-in the lab puts on PATH -------------------------------------------------


def standin(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    containers = tmp_path / "containers.json"
    containers.write_text("{}")
    return subprocess.run(
        [
            sys.executable,
            str(STANDIN),
            "--cluster",
            str(CLUSTER),
            "--containers",
            str(containers),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_standin_answers_get_as_the_api_does(tmp_path: Path) -> None:
    done = standin(tmp_path, "-n", "kube-system", "get", "pod", "logtail-ds-k-crash", "-o", "json")
    assert done.returncode == 0, done.stderr
    assert pod_status(json.loads(done.stdout), "logtail").waiting_reason == "CrashLoopBackOff"
    missing = standin(tmp_path, "-n", "kube-system", "get", "pod", "nope", "-o", "json")
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        'Error from server (NotFound): pods "nope" not found',
    )
    crash = standin(
        tmp_path, "-n", "kube-system", "-c", "logtail", "exec", "logtail-ds-k-crash", "--", "true"
    )
    assert crash.returncode == 1
    assert "container not found" in crash.stderr


# --- the same bounds as ssh: a fake engine first on PATH ------------------------------------


def fake_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    """`podman` on PATH that runs BODY (a shell script) instead of any container."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    engine = bindir / "podman"
    engine.write_text(f"#!/bin/sh\n{body}\n")
    engine.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}:{os.environ['PATH']}")


def test_an_engine_that_hangs_is_killed_at_the_hosts_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(tmp_path, monkeypatch, "sleep 30 & sleep 30")
    options = ConnectionOptions(connect_timeout=1, command_timeout=1)
    target = expand_targets(["podman://stuck"], options)[0]
    started = time.monotonic()
    result = probe(target, options)
    assert time.monotonic() - started < 5
    assert result.facts is None
    assert result.error is not None
    assert result.error.startswith("no complete answer within 2 s")
    assert result.error.endswith("podman was killed")


def test_an_engine_that_floods_is_cut_at_the_output_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(tmp_path, monkeypatch, "exec yes flood")
    target = expand_targets(["podman://flood"], ConnectionOptions())[0]
    result = probe(target, ConnectionOptions())
    assert result.error == "the host sent more than 4 MiB of output"
