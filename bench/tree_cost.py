"""The fleet benchmark's per-host figures, from raw counters read before and after a run.

Pure (no lab, no root), so that it is unit-tested on recorded text
(tests/unit/test_tree_cost.py, tests/data/bench/). The counters, one set per
moment the benchmark reads them:

  CPU ns        of three cgroups: the runner tree (suite or floor and every ssh
                client it starts), every process of every lab host (sshd
                included), the SLS stand-in;
  ns_last_pid   per host, read inside the host's PID namespace: the last PID
                the kernel handed out there, so the difference of two reads is
                how many processes (and threads) the host created in between;
  net/dev       per host, /proc/<host sshd>/net/dev: bytes the host's
                interfaces received and sent (its own network namespace).
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Mapping, Sequence

# Each read of ns_last_pid runs one reader process inside the host's PID
# namespace (`nsenter -p` forks it there), which takes one PID itself.
READER_PIDS = 1


def net_dev_bytes(text: str) -> tuple[int, int]:
    """Bytes received and sent by every interface in /proc/<pid>/net/dev text, lo excluded.

    The loopback is left out: what a host sends itself never reaches the wire.
    """
    lines = text.splitlines()
    if len(lines) < 2 or "|" not in lines[0]:
        raise ValueError("not /proc/net/dev text: no two header lines")
    received = sent = 0
    for line in lines[2:]:
        name, colon, counters = line.partition(":")
        fields = counters.split()
        if not colon or len(fields) < 16:
            raise ValueError(f"not a /proc/net/dev line: {line!r}")
        if name.strip() == "lo":
            continue
        received += int(fields[0])
        sent += int(fields[8])
    return received, sent


def pids_created(before: int, after: int) -> int:
    """Processes created in a PID namespace between two reads of its ns_last_pid.

    The later read's own reader took one of the PIDs, so it is not counted. A
    namespace hands out PIDs upwards until pid_max and then starts again low, so
    a smaller second value means the counter wrapped and the count is unknown.
    """
    if after < before + READER_PIDS:
        raise ValueError(f"ns_last_pid went from {before} to {after}: wrapped, count unknown")
    return after - before - READER_PIDS


@dataclasses.dataclass(frozen=True)
class Counters:
    """The counters at one moment, summed over the fleet."""

    runner_cpu_ns: int
    hosts_cpu_ns: int
    sls_cpu_ns: int
    bytes_in: int  # received by the hosts' interfaces
    bytes_out: int  # sent by them
    last_pids: Mapping[str, int]  # host -> ns_last_pid

    @classmethod
    def read(
        cls,
        cpu_ns: Mapping[str, int],
        net_dev: Mapping[str, str],
        last_pids: Mapping[str, int],
    ) -> Counters:
        """From the groups' CPU ("runner", "hosts", "sls") and per host net/dev text."""
        wire = [net_dev_bytes(text) for text in net_dev.values()]
        return cls(
            runner_cpu_ns=cpu_ns["runner"],
            hosts_cpu_ns=cpu_ns["hosts"],
            sls_cpu_ns=cpu_ns["sls"],
            bytes_in=sum(rx for rx, _ in wire),
            bytes_out=sum(tx for _, tx in wire),
            last_pids=dict(last_pids),
        )


def per_host(before: Counters, after: Counters) -> dict[str, float]:
    """What one run cost each host, on average: after minus before, divided by hosts."""
    if set(before.last_pids) != set(after.last_pids) or not before.last_pids:
        raise ValueError("the two reads do not cover the same hosts")
    hosts = len(before.last_pids)
    processes = sum(pids_created(before.last_pids[h], after.last_pids[h]) for h in before.last_pids)
    return {
        "runner_cpu_ms": round((after.runner_cpu_ns - before.runner_cpu_ns) / 1e6 / hosts, 2),
        "host_cpu_ms": round((after.hosts_cpu_ns - before.hosts_cpu_ns) / 1e6 / hosts, 2),
        "sls_cpu_ms": round((after.sls_cpu_ns - before.sls_cpu_ns) / 1e6 / hosts, 2),
        "processes": round(processes / hosts, 2),
        "bytes_in": round((after.bytes_in - before.bytes_in) / hosts),
        "bytes_out": round((after.bytes_out - before.bytes_out) / hosts),
    }


def median_per_host(rounds: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Each figure's median over the rounds (as b/a is the median of its pairs)."""
    if not rounds:
        raise ValueError("no rounds")
    return {key: round(statistics.median(r[key] for r in rounds), 2) for key in rounds[0]}


def beyond(suite: Mapping[str, float], floor: Mapping[str, float]) -> dict[str, float]:
    """What the suite costs per host beyond the floor (`ssh HOST true`), figure by figure."""
    return {key: round(suite[key] - floor[key], 2) for key in suite}
