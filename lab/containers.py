"""Agents in containers: podman containers joined to lab hosts' network namespaces.

A host with ``container: podman`` or ``container: pod`` keeps its namespace, sshd
and agent files, but its agent runs in a podman container instead (the host
starts none): the container shares the host's network namespace (``--network
ns:/run/netns/ltd-h-<name>``: never podman's own network, which would turn on
forwarding and add a bridge), and mounts the host's agent dirs on
/usr/local/ilogtail and /etc/ilogtail. Its root filesystem is built here from
this machine's busybox, dash (the agent stand-in, as on the hosts), curl and
getent with their libraries, plus an entrypoint that behaves as the agent image's
does: the config named by ALIYUN_LOGTAIL_CONFIG (default: cn_hangzhou's) is the one
the agent runs with.

``pod`` hosts also play a pod of the recorded cluster (lab/kube/cluster.json),
answered by the kubectl stand-in (lab/kubectl_standin.py) that ``bin/kubectl`` in
the work dir runs.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Final

from lab import render
from lab.errors import LabError
from lab.host_files import host_path
from lab.scenario import HostSpec, Scenario
from lab.state import LabState
from lab.system import run

PODMAN: Final = "podman"
# Measured on Debian 12 with cgroup v1 (hybrid): crun refuses hybrid cgroups, and
# without explicit limits runc's setrlimit is refused.
PODMAN_GLOBAL: Final = ("--runtime", "runc", "--cgroup-manager=cgroupfs")
ULIMITS: Final = ("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096")
START_TIMEOUT: Final = 60.0
REMOVE_TIMEOUT: Final = 30.0
# What the probe and the entrypoint run, beside busybox's applets.
PROGRAMS: Final = ("/bin/dash", "/usr/bin/curl", "/usr/bin/getent")
CLUSTER: Final = Path(__file__).parent / "kube" / "cluster.json"
STANDIN: Final = Path(__file__).parent / "kubectl_standin.py"
# Where the image keeps a config per region: /etc/ilogtail/conf/<region>[-internet]/.
CONF_DIR: Final = "/etc/ilogtail/conf"
DEFAULT_CONF: Final = f"{CONF_DIR}/cn_hangzhou/ilogtail_config.json"

ENTRYPOINT: Final = f"""#!/bin/sh
# Lab stand-in of the agent image's entrypoint: the config ALIYUN_LOGTAIL_CONFIG
# names (the image's default region's when it is unset) becomes the agent's, then
# the agent starts (a daemon and its worker) unless LTD_AGENT says stopped.
conf=${{ALIYUN_LOGTAIL_CONFIG:-{DEFAULT_CONF}}}
if [ -f "$conf" ]; then cp "$conf" /usr/local/ilogtail/ilogtail_config.json; fi
if [ "$LTD_AGENT" = running ]; then
    cd /usr/local/ilogtail
    /usr/local/ilogtail/ilogtail -c \\
        "/usr/local/ilogtail/ilogtail -c 'while :; do sleep 3600; done' & wait" \\
        </dev/null >/dev/null 2>&1 &
fi
while :; do sleep 3600; done
"""

_LIB_RE: Final = re.compile(r"(/[^ ]+\.so[^ ]*)")


def container_name(spec: HostSpec) -> str:
    return f"{render.CONTAINER_PREFIX}{spec.name}"


def podman(*args: str, timeout: float = START_TIMEOUT, check: bool = True) -> str:
    return run([PODMAN, *PODMAN_GLOBAL, *args], timeout=timeout, check=check).stdout


def build_rootfs(target: Path) -> None:
    """A root filesystem with busybox's applets, the probe's programs and their libraries."""
    for sub in ("bin", "usr/bin", "etc", "proc", "sys", "dev", "tmp", "run", "root"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    (target / "tmp").chmod(0o1777)
    busybox = shutil.which("busybox")
    if busybox is None:
        raise LabError("busybox is not installed (Debian package busybox)")
    shutil.copy2(busybox, target / "bin" / "busybox")
    applets = run([busybox, "--list"]).stdout.split()
    for applet in applets:
        link = target / "bin" / applet
        if applet != "busybox" and not link.exists():
            link.symlink_to("busybox")
    libraries: set[str] = set()
    for program in (busybox, *PROGRAMS):
        if not Path(program).exists():
            raise LabError(f"{program} is not installed (the container's probe needs it)")
        shutil.copy2(program, target / program.lstrip("/"))
        libraries.update(_LIB_RE.findall(run(["ldd", program], check=False).stdout))
    for library in sorted(libraries):
        dest = target / library.lstrip("/")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(library).resolve(), dest)
    (target / "etc" / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    (target / "etc" / "group").write_text("root:x:0:\n")
    (target / "etc" / "nsswitch.conf").write_text("hosts: files dns\n")
    entry = target / "ltd-entrypoint.sh"
    entry.write_text(ENTRYPOINT)
    entry.chmod(0o755)


def config_path(spec: HostSpec) -> str:
    """ALIYUN_LOGTAIL_CONFIG as the DaemonSet sets it: the region's dir, -internet for internet."""
    suffix = "-internet" if spec.config_network == "internet" else ""
    return f"{CONF_DIR}/{spec.config_region}{suffix}/ilogtail_config.json"


def container_env(spec: HostSpec) -> list[str]:
    """The agent image's environment for the host's scenario (-e NAME=value words)."""
    env = [f"ALIYUN_LOGTAIL_CONFIG={config_path(spec)}"]
    if spec.user_ids:
        env.append(f"ALIYUN_LOGTAIL_USER_ID={','.join(spec.user_ids)}")
    if spec.user_defined_id is not None:
        env.append(f"ALIYUN_LOGTAIL_USER_DEFINED_ID={spec.user_defined_id}")
    env.extend(f"{name}={value}" for name, value in spec.agent_env)
    env.append(f"LTD_AGENT={spec.agent_state}")
    return env


def start_containers(state: LabState, scenario: Scenario, workdir: Path) -> None:
    """One container per host whose agent runs in one, in that host's network namespace."""
    specs = [s for s in scenario.hosts if s.container != "none"]
    if not specs:
        return
    if shutil.which(PODMAN) is None:
        raise LabError("podman is not installed (Debian packages podman and runc)")
    records = {r.name: r for r in state.hosts}
    pods: dict[str, str] = {}
    for spec in specs:
        hdir = workdir / "h" / spec.name
        rootfs = hdir / "rootfs"
        build_rootfs(rootfs)
        # The image's per-region configs: the one the scenario's path names holds
        # the host's config (the wrong region's, if that is the scenario).
        conf = host_path(hdir, config_path(spec))
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(render.agent_config(spec))
        hosts = hdir / "u" / "etc" / "hosts"
        shutil.copyfile(hosts, rootfs / "etc" / "hosts")
        (rootfs / "etc" / "hostname").write_text(f"{spec.hostname}\n")
        name = container_name(spec)
        state.containers.append(name)
        state.save()
        env = [word for pair in container_env(spec) for word in ("-e", pair)]
        podman(
            "run",
            "-d",
            "--name",
            name,
            "--network",
            f"ns:/run/netns/{records[spec.name].netns}",
            "--no-hosts",
            "--hostname",
            spec.hostname,
            *ULIMITS,
            "-v",
            f"{hdir / 'a' / 'ilogtail'}:/usr/local/ilogtail",
            "-v",
            f"{hdir / 'a' / 'etc_ilogtail'}:/etc/ilogtail",
            *env,
            "--rootfs",
            str(rootfs),
            "/bin/sh",
            "/ltd-entrypoint.sh",
        )
        if spec.container == "pod":
            pods[f"{render.POD_PREFIX}{spec.name}"] = name
    if pods:
        write_kubectl(workdir, pods)


def write_kubectl(workdir: Path, pods: dict[str, str]) -> None:
    """bin/kubectl in the work dir: the stand-in, answering from the recorded cluster."""
    kube = workdir / "kube"
    kube.mkdir(exist_ok=True)
    (kube / "containers.json").write_text(json.dumps(pods, indent=2) + "\n")
    bindir = workdir / "bin"
    bindir.mkdir(exist_ok=True)
    script = bindir / "kubectl"
    script.write_text(
        "#!/bin/sh\n"
        "# The lab's kubectl: the recorded cluster answers, pods exec in podman containers.\n"
        f"exec {Path(sys.executable).resolve()} {STANDIN} --cluster {CLUSTER} "
        f'--containers {kube / "containers.json"} "$@"\n'
    )
    script.chmod(0o755)


def remove_containers(state: LabState) -> None:
    """Remove every container the lab started, each bounded; never one it did not."""
    for name in list(state.containers):
        with contextlib.suppress(LabError, subprocess.SubprocessError):
            podman("rm", "-f", "-t", "0", name, timeout=REMOVE_TIMEOUT, check=False)
    state.containers = []
    with contextlib.suppress(OSError):  # an orphaned lab's work dir may be gone
        state.save()


def leftover_containers() -> list[str]:
    """The lab's containers podman still knows (after a crash): names ltd-c-*."""
    if shutil.which(PODMAN) is None:
        return []
    with contextlib.suppress(LabError):
        out = podman("ps", "-a", "--format", "{{.Names}}", timeout=REMOVE_TIMEOUT, check=False)
        return [n for n in out.split() if n.startswith(render.CONTAINER_PREFIX)]
    return []
