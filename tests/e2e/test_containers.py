"""The suite against agents in containers (issue 30), over each container backend.

containers.yaml: each host's agent runs in a real podman container joined to the lab
host's network namespace; its `pod` hosts also play pods of a recorded cluster,
reached through testinfra's real kubectl backend and the lab's kubectl stand-in (a
stand-in for the API server: it answers `get` from recorded JSON and runs `exec` in
the pod's podman container). Each host's `expect:` is the verdict, over podman://,
kubectl:// (from `init --from-k8s`) and, when a docker CLI is installed, docker://
(the docker CLI talking to podman's Docker-compatible API service).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from lab import Lab
from tests.e2e.conftest import module_lab
from tests.e2e.suite import SCENARIOS, SuiteRun, run_suite, verdict_mismatches

pytestmark = pytest.mark.e2e

ANSIBLE_PLAYBOOK = Path(sys.executable).parent / "ansible-playbook"
PODMAN_GLOBAL = ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"]
LIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096"]
CONTEXT = ["--context", "ltd-lab"]  # the recorded cluster's context


@pytest.fixture(scope="module")
def containers_lab(workdir: Path) -> Iterator[Lab]:
    with module_lab(workdir, SCENARIOS / "containers.yaml") as lab:
        yield lab


def lab_path(lab: Lab) -> dict[str, str]:
    """PATH with the lab's kubectl stand-in first (never the machine's own kubectl)."""
    return {"PATH": f"{lab.workdir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.fixture(scope="module")
def containers_run(containers_lab: Lab, workdir: Path) -> SuiteRun:
    """The suite over the targets file the lab wrote: podman:// and kubectl:// hosts."""
    return run_suite(
        workdir / "containers-run",
        f"--targets={containers_lab.targets_file}",
        "--connect-timeout=5",
        env=lab_path(containers_lab),
    )


def test_every_container_host_gets_its_expected_verdict(
    containers_lab: Lab, containers_run: SuiteRun
) -> None:
    assert containers_run.exit_code == 1, containers_run.stdout[-3000:] + containers_run.stderr
    summary = containers_run.summary
    assert sorted(summary["hosts"]) == sorted(h.url for h in containers_lab.hosts)
    wrong = verdict_mismatches(containers_lab.hosts, summary)
    assert not wrong, "\n".join(wrong)


def test_the_findings_say_container_agent_and_speak_kubernetes(containers_run: SuiteRun) -> None:
    hosts = containers_run.summary["hosts"]
    installed = hosts["podman://ltd-c-c-healthy"]["checks"]["step1.installed"]
    assert "container agent Logtail" in installed["message"], installed
    stopped = hosts["podman://ltd-c-c-stopped"]["checks"]["step1.running"]
    assert "podman restart ltd-c-c-stopped" in stopped["remediation"], stopped
    crash = hosts["kubectl://logtail-ds-k-crash?namespace=kube-system&container=logtail"]
    pod = crash["checks"]["step1.pod"]
    assert "CrashLoopBackOff" in pod["message"], pod
    assert (
        "kubectl -n kube-system logs logtail-ds-k-crash -c logtail --previous" in pod["remediation"]
    )
    assert "kubectl -n kube-system rollout restart ds/logtail-ds" in pod["remediation"]
    region = hosts["kubectl://logtail-ds-k-region?namespace=kube-system&container=logtail"]
    # Steps 2-4 on a container agent: the fix is its environment, as the engine sets it.
    config = "ALIYUN_LOGTAIL_CONFIG=/etc/ilogtail/conf/cn-hangzhou/ilogtail_config.json"
    assert (
        f"kubectl -n kube-system set env ds/logtail-ds -c logtail {config}"
        in (region["checks"]["step2.region"]["remediation"])
    )
    fixes = {
        ("c-region", "step2.region"): f"-e {config}",
        ("c-noacct", "step4.user_id"): "-e ALIYUN_LOGTAIL_USER_ID=1234567890123456",
        ("c-wrongid", "step3.custom_id"): "-e ALIYUN_LOGTAIL_USER_DEFINED_ID=docker-web",
    }
    for (name, check), words in fixes.items():
        remediation = hosts[f"podman://ltd-c-{name}"]["checks"][check]["remediation"]
        assert f"re-create container ltd-c-{name} with {words}" in remediation, remediation


def test_init_from_k8s_then_a_run(containers_lab: Lab, workdir: Path) -> None:
    out = workdir / "from-k8s"
    out.mkdir()
    targets = out / "targets.yaml"
    env = {**os.environ, **lab_path(containers_lab)}
    done = subprocess.run(
        [sys.executable, "-m", "logtail_doctor.cli", "init", str(targets), "--from-k8s", *CONTEXT],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written = yaml.safe_load(targets.read_text(encoding="utf-8"))
    by_pod = {h.url.split("?")[0]: h for h in containers_lab.hosts}
    urls = [entry["url"] for entry in written["hosts"]]
    assert len(urls) == 4
    assert all(
        url.endswith("?namespace=kube-system&container=logtail&context=ltd-lab") for url in urls
    )
    run = run_suite(
        out / "run", f"--targets={targets}", "--connect-timeout=5", env=lab_path(containers_lab)
    )
    expected = {url: by_pod[url.split("?")[0]].expect for url in urls}
    got = {
        url: (run.summary["hosts"][url]["status"], run.summary["hosts"][url]["root_cause"])
        for url in urls
    }
    assert got == {url: (e["status"], e["root_cause"]) for url, e in expected.items()}


def test_a_container_without_a_shell_is_a_clear_finding(containers_lab: Lab, workdir: Path) -> None:
    rootfs = workdir / "nosh-rootfs"
    (rootfs / "bin").mkdir(parents=True)
    # busybox and the libraries it links, but no /bin/sh: a process runs, a shell cannot.
    shutil.copy2("/usr/bin/busybox", rootfs / "bin" / "busybox")
    for lib in ("lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libresolv.so.2"):
        dest = rootfs / lib
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path("/", lib).resolve(), dest)
    (rootfs / "lib64").mkdir()
    shutil.copy2(
        Path("/lib64/ld-linux-x86-64.so.2").resolve(), rootfs / "lib64" / "ld-linux-x86-64.so.2"
    )
    name = "ltd-c-nosh"
    netns = containers_lab.hosts[0].netns
    subprocess.run(
        [
            *PODMAN_GLOBAL,
            *("run", "-d", "--name", name, "--network", f"ns:/run/netns/{netns}", "--no-hosts"),
            *LIMITS,
            *("--rootfs", str(rootfs), "/bin/busybox", "sleep", "600"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    try:
        run = run_suite(
            workdir / "nosh-run",
            f"--targets={containers_lab.targets_file}",
            f"--hosts=podman://{name}",
        )
    finally:
        subprocess.run(
            ["podman", "rm", "-f", "-t", "0", name], capture_output=True, timeout=30, check=False
        )
    host = run.summary["hosts"][f"podman://{name}"]
    assert (host["status"], host["root_cause"]) == ("unreachable", "host.reachable")
    message = host["checks"]["host.reachable"]["message"]
    assert "the container has no /bin/sh" in message, message
    assert "Traceback" not in run.stdout + run.stderr


def test_the_fix_plan_restarts_the_daemonset_with_kubectl(
    containers_lab: Lab, containers_run: SuiteRun, workdir: Path
) -> None:
    """k-stopped's agent does not run in its pod: one kubectl play, run here, once."""
    playbook = containers_run.out_dir / "remediation.yml"
    inventory = containers_run.out_dir / "remediation.inventory.ini"
    assert "localhost ansible_connection=local" in inventory.read_text(encoding="utf-8")
    rollouts = containers_lab.workdir / "kube" / "rollouts.log"
    home = workdir / "ansible-home"
    env = {
        **os.environ,
        **lab_path(containers_lab),
        "ANSIBLE_HOME": str(home),
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_PYTHON_INTERPRETER": "auto_silent",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
    }

    def play(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(ANSIBLE_PLAYBOOK), "-i", str(inventory), str(playbook), *args],
            capture_output=True,
            text=True,
            timeout=240,
            env=env,
            check=False,
        )

    checked = play("--check")
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr[-2000:]
    assert not rollouts.exists()  # check mode restarts nothing
    applied = play()
    assert applied.returncode == 0, applied.stdout[-2000:] + applied.stderr[-2000:]
    assert rollouts.read_text(encoding="utf-8").splitlines() == ["- kube-system/logtail-ds"]


@contextlib.contextmanager
def podman_api(socket: Path) -> Iterator[str]:
    """podman's Docker-compatible API on a unix socket, for the docker CLI; stopped after."""
    service = subprocess.Popen(
        [*PODMAN_GLOBAL, "system", "service", "--time=0", f"unix://{socket}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert socket.exists(), "podman system service did not open its socket within 20 s"
        yield f"unix://{socket}"
    finally:
        service.terminate()
        try:
            service.wait(timeout=10)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait(timeout=5)


def test_the_docker_backend_through_podmans_docker_api(containers_lab: Lab, workdir: Path) -> None:
    if shutil.which("docker") is None:
        pytest.skip("no docker CLI on this machine: the docker:// backend is not exercised")
    out = workdir / "docker"
    out.mkdir()
    targets = yaml.safe_load(containers_lab.targets_file.read_text(encoding="utf-8"))
    chosen = {"c-healthy", "c-stopped", "c-noacct"}
    by_url = {h.url: h for h in containers_lab.hosts if h.name in chosen}
    targets["hosts"] = [
        {**entry, "url": entry["url"].replace("podman://", "docker://")}
        for entry in targets["hosts"]
        if entry["url"] in by_url
    ]
    path = out / "targets.yaml"
    path.write_text(yaml.safe_dump(targets), encoding="utf-8")
    with podman_api(out / "podman.sock") as docker_host:
        run = run_suite(out / "run", f"--targets={path}", env={"DOCKER_HOST": docker_host})
    got = {
        url.replace("docker://", "podman://"): (h["status"], h["root_cause"])
        for url, h in run.summary["hosts"].items()
    }
    assert got == {
        url: (h.expect["status"], h.expect["root_cause"]) for url, h in by_url.items()
    }, run.stdout[-2000:]


def test_init_from_k8s_then_sls_compares_the_groups_identifiers(
    containers_lab: Lab, workdir: Path
) -> None:
    """--sls on the cluster's targets: the group as Log Service lists it, and its heartbeats."""
    from logtail_doctor.targets import load_targets  # noqa: PLC0415
    from tests.support.sls_api_standin import SlsApiStandin, StandinGroup, machine  # noqa: PLC0415

    out = workdir / "from-k8s-sls"
    out.mkdir()
    targets_path = out / "targets.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "logtail_doctor.cli", "init", str(targets_path), "--from-k8s"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **lab_path(containers_lab)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    targets = load_targets(targets_path)
    group = targets.machine_groups[0]
    ip = {h.name: h.ip for h in containers_lab.hosts}
    now = time.time()
    # Log Service's group lists another identifier only: the cluster's is missing there.
    sls_groups = {
        group.name: StandinGroup(
            ["k8s-group-old"],
            identify_type="userdefined",
            machines=[machine(ip["k-healthy"], now - 15, user_defined_id=group.custom_ids[0])],
        )
    }
    key_id, secret = "LTAI5tContainersKey", "PLANTED-containers-secret-7f3e"
    with SlsApiStandin(targets.project.name, sls_groups, key_id, secret) as api:
        run = run_suite(
            out / "run",
            f"--targets={targets_path}",
            "--sls",
            f"--sls-endpoint={api.endpoint}",
            env={
                **lab_path(containers_lab),
                "ALIBABA_CLOUD_ACCESS_KEY_ID": key_id,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET": secret,
            },
        )
    assert run.exit_code == 1, run.stdout[-3000:] + run.stderr[-2000:]
    summary = run.summary
    # The group as Log Service lists it (source: api) lacks the cluster's identifier,
    # and the heartbeat that carries it shows up as a machine the group does not list.
    seen = summary["run"]["machine_groups"][group.name]
    assert (seen["source"], seen["identify_type"]) == ("api", "userdefined"), seen
    assert [m["user_defined_id"] for m in seen["unexpected"]] == [group.custom_ids[0]], seen
    healthy = summary["hosts"][next(u for u in summary["hosts"] if "k-healthy" in u)]
    assert healthy["root_cause"] == "step3.custom_id", healthy["root_cause"]
    fix = healthy["checks"]["step3.custom_id"]["remediation"]
    assert "kubectl -n kube-system edit configmap alibaba-log-configuration" in fix, fix
    assert "rollout restart ds/logtail-ds" in fix, fix
    assert healthy["checks"]["server.heartbeat"]["outcome"] == "passed"
