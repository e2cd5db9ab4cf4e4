"""The lab's podman containers: in their host's network namespace, never podman's network.

Builds a one-container scenario, checks that the container shares its lab host's network
namespace, that podman made no network of its own and forwarding is as it was, then tears
the lab down and checks that no container of the lab is left. Needs root and podman.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from lab import Lab
from lab.containers import container_name
from tests.lab.support import need_root_and_no_lab

SCENARIO = """\
project: {name: web-logs, region: cn-hangzhou, network: intranet}
account_ids: ["1234567890123456"]
machine_groups:
  - name: docker-hosts
    custom_ids: [docker-web]
hosts:
  - name: c-one
    container: podman
    user_defined_id: docker-web
    expect: {status: healthy, root_cause: null}
"""
FORWARDING = Path("/proc/sys/net/ipv4/ip_forward")


def podman_names() -> list[str]:
    done = subprocess.run(
        ["podman", "ps", "-a", "--format", "{{.Names}}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout.split()


def test_a_container_joins_its_hosts_namespace_and_leaves_nothing(tmp_path: Path) -> None:
    need_root_and_no_lab()
    scenario = tmp_path / "one-container.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    forwarding = FORWARDING.read_text()
    podman_bridge = Path("/sys/class/net/cni-podman0")
    bridge_before = podman_bridge.exists()
    lab = Lab.up(scenario, tmp_path / "w")
    try:
        host = lab.hosts[0]
        name = container_name(host.spec)
        assert name in podman_names()
        pid = subprocess.run(
            ["podman", "inspect", "--format", "{{.State.Pid}}", name],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
        # The container's network namespace is the lab host's, by inode.
        container_ns = Path(f"/proc/{pid}/ns/net").stat().st_ino
        assert container_ns == Path(f"/run/netns/{host.netns}").stat().st_ino
        assert podman_bridge.exists() == bridge_before  # podman made no network of its own
        assert FORWARDING.read_text() == forwarding
        assert host.url == f"podman://{name}"
    finally:
        lab.down()
    assert not [n for n in podman_names() if n.startswith("ltd-c-")]
    assert FORWARDING.read_text() == forwarding
