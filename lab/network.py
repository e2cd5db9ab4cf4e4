"""The lab's network: bridge, veth pairs, namespaces and the two iptables guard rules.

The bridge is also the one-lab-at-a-time lock (its alias names the work dir
that built it). Nothing is routed out of the bridge and nothing from the lab
may open a connection into this machine's own network namespace.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from lab.errors import LabError
from lab.state import LabState
from lab.system import disable_ipv6, ip_batch, link_exists, netns_exists, run

BRIDGE: Final = "ltdbr0"
BRIDGE_CIDR: Final = "10.250.0.1/16"
PREFIX_LEN: Final = 16
SLS_NETNS: Final = "ltd-sls"
SLS_VETH: Final = "ltdvsls"
HOST_NETNS_PREFIX: Final = "ltd-h-"
RULE_COMMENT: Final = "ltd-lab"

# The two guard rules: nothing routed out of the bridge, and no new
# connections from the lab into this machine's own network namespace.
RULES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("FORWARD", ("-i", BRIDGE, "!", "-o", BRIDGE)),
    ("INPUT", ("-i", BRIDGE, "-m", "conntrack", "--ctstate", "NEW")),
)

NEIGH: Final = Path("/proc/sys/net/ipv4/neigh/default")


def host_ip(index: int) -> str:
    """Lab IP of the index-th host (0-based): 10.250.0.2, 10.250.0.3, ..."""
    n = index + 2
    return f"10.250.{n // 256}.{n % 256}"


def rule_argv(chain: str, spec: Sequence[str]) -> list[str]:
    return [chain, *spec, "-m", "comment", "--comment", RULE_COMMENT, "-j", "DROP"]


def bridge_owner() -> str:
    try:
        return Path(f"/sys/class/net/{BRIDGE}/ifalias").read_text().strip()
    except OSError:
        return ""


def check_no_other_lab() -> None:
    if link_exists(BRIDGE):
        owner = bridge_owner()
        hint = f" (built in {owner}; run `python -m lab down --dir {owner}`)" if owner else ""
        raise LabError(f"another lab is up: bridge {BRIDGE} exists{hint}")
    with contextlib.suppress(FileNotFoundError):
        stale = sorted(p.name for p in Path("/run/netns").iterdir() if p.name.startswith("ltd-"))
        if stale:
            raise LabError(
                f"leftover lab network namespaces exist ({', '.join(stale[:5])}"
                f"{', ...' if len(stale) > 5 else ''}); tear down the lab that made them first"
            )


def make_bridge(state: LabState, workdir: Path) -> None:
    # The bridge doubles as the one-lab-at-a-time lock: create it first.
    state.bridge = True
    state.save()
    made = run(["ip", "link", "add", BRIDGE, "type", "bridge"], check=False)
    if made.returncode != 0:
        state.bridge = False
        state.save()
        if "exists" in made.stderr:
            raise LabError(f"another lab is up: bridge {BRIDGE} exists")
        raise LabError(f"cannot create bridge {BRIDGE}: {made.stderr.strip()}")
    run(["ip", "link", "set", BRIDGE, "alias", str(workdir)])
    disable_ipv6(BRIDGE)
    # Probes may reach a host before its eth0 is up; retry ARP quickly, not once a second.
    # ... but keep asking for 3 s in all: a host busy with a probe may answer late.
    with contextlib.suppress(OSError):
        Path(f"/proc/sys/net/ipv4/neigh/{BRIDGE}/retrans_time_ms").write_text("100\n")
        Path(f"/proc/sys/net/ipv4/neigh/{BRIDGE}/mcast_solicit").write_text("30\n")
    ip_batch([f"addr add {BRIDGE_CIDR} dev {BRIDGE}", f"link set {BRIDGE} up"])
    for chain, rule in RULES:
        state.rules.append(chain)
        state.save()
        run(["iptables", "-w", "5", "-I", *rule_argv(chain, rule)])


def make_links(state: LabState) -> None:
    """All namespaces and veth pairs in two `ip -batch` runs."""
    state.netns = [SLS_NETNS, *(h.netns for h in state.hosts)]
    state.veths = [SLS_VETH, *(h.veth for h in state.hosts)]
    state.save()
    pairs = [(SLS_VETH, SLS_NETNS), *((h.veth, h.netns) for h in state.hosts)]
    ip_batch(
        line
        for veth, ns in pairs
        for line in (f"netns add {ns}", f"link add {veth} type veth peer name eth0 netns {ns}")
    )
    for veth, _ns in pairs:
        disable_ipv6(veth)
    ip_batch(f"link set {veth} master {BRIDGE} up" for veth, _ns in pairs)


def raise_neighbour_limits(state: LabState, hosts: int) -> None:
    """Room in the kernel's ARP table for every lab host (it is shared by all namespaces).

    Each host adds about four entries (its own netns, the bridge side, the
    stand-in endpoint); past gc_thresh3 (1024 by default, so about 250 hosts)
    the kernel refuses new ones and connects fail with "No route to host".
    Only ever raised, and put back on teardown.
    """
    wanted = {"gc_thresh1": 1024, "gc_thresh2": 8 * hosts + 2048, "gc_thresh3": 16 * hosts + 4096}
    for name, value in wanted.items():
        path = NEIGH / name
        try:
            before = path.read_text().strip()
        except OSError:
            continue
        if before.isdigit() and int(before) < value:
            state.sysctls[str(path)] = [before, str(value)]
            state.save()
            path.write_text(f"{value}\n")


def restore_sysctls(state: LabState) -> None:
    for path, (before, ours) in state.sysctls.items():
        with contextlib.suppress(OSError):
            if Path(path).read_text().strip() == ours:  # nobody changed it since
                Path(path).write_text(f"{before}\n")


def remove_network(state: LabState) -> None:
    """Delete the namespaces, veths, bridge and guard rules the state records."""
    workdir = Path(state.workdir)

    # Deleting a namespace takes its eth0 and with it our end of the veth pair;
    # the kernel does that asynchronously and in bulk, far faster than one
    # `link del` per host.  Wait for it (bounded) and delete stragglers by name.
    ip_batch((f"netns del {n}" for n in state.netns if netns_exists(n)), force=True)
    if state.bridge and link_exists(BRIDGE) and bridge_owner() in ("", str(workdir)):
        run(["ip", "link", "del", BRIDGE], check=False)
    deadline = time.monotonic() + 10.0
    while any(link_exists(v) for v in state.veths) and time.monotonic() < deadline:
        time.sleep(0.05)
    ip_batch((f"link del {v}" for v in state.veths if link_exists(v)), force=True)
    for chain, spec in RULES:
        if chain not in state.rules:
            continue
        argv = rule_argv(chain, spec)
        for _ in range(10):  # bounded: one per insertion, a few spare
            if run(["iptables", "-w", "5", "-C", *argv], check=False).returncode != 0:
                break
            run(["iptables", "-w", "5", "-D", *argv], check=False)

    leftovers = [n for n in state.netns if netns_exists(n)]
    if leftovers:
        raise LabError(f"could not delete network namespaces: {', '.join(leftovers[:5])}")
