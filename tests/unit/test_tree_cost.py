"""bench/tree_cost.py: the fleet benchmark's per-host figures from raw counters.

net/dev cases are tests/data/bench/net_dev/<case>.json: the command, what it
printed (``output``) and [bytes received, bytes sent] without lo (``expected``);
``real_*`` cases were recorded on lab hosts and this machine (see each ``note``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
NET_DEV = REPO / "tests" / "data" / "bench" / "net_dev"
# bench/ is a folder of scripts, not a package: its modules import as top-level ones
# (a dataclass needs its module in sys.modules, so no importing by file path).
sys.path.insert(0, str(REPO / "bench"))

import tree_cost  # noqa: E402


def _case(name: str) -> dict[str, Any]:
    case: dict[str, Any] = json.loads((NET_DEV / f"{name}.json").read_text())
    return case


@pytest.mark.parametrize("name", sorted(p.stem for p in NET_DEV.glob("*.json")))
def test_net_dev_bytes_on_recorded_text(name: str) -> None:
    case = _case(name)
    assert set(case) == {"note", "command", "output", "expected"}
    assert list(tree_cost.net_dev_bytes(case["output"])) == case["expected"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "eth0: 1 2 3\n",
        "Inter-| a\n face |b\n  eth0: 1 2 3\n",
        "Inter-| a\n face |b\nno colon\n",
    ],
)
def test_net_dev_bytes_refuses_what_is_not_net_dev(text: str) -> None:
    with pytest.raises(ValueError, match="net/dev"):
        tree_cost.net_dev_bytes(text)


def test_pids_created_leaves_out_the_reader() -> None:
    # Nothing happened between two reads: the second reader's PID is the only one.
    assert tree_cost.pids_created(41, 42) == 0
    assert tree_cost.pids_created(41, 67) == 25


def test_pids_created_refuses_a_wrapped_counter() -> None:
    with pytest.raises(ValueError, match="wrapped"):
        tree_cost.pids_created(32760, 5)
    with pytest.raises(ValueError, match="wrapped"):
        tree_cost.pids_created(41, 41)


def _counters(cpu_ms: tuple[int, int, int], net_dev: list[str], last_pids: list[int]) -> Any:
    names = [f"h{i}" for i in range(1, len(net_dev) + 1)]
    return tree_cost.Counters.read(
        dict(zip(("runner", "hosts", "sls"), (ms * 1_000_000 for ms in cpu_ms), strict=True)),
        dict(zip(names, net_dev, strict=True)),
        dict(zip(names, last_pids, strict=True)),
    )


def test_per_host_divides_the_fleet_deltas_by_hosts() -> None:
    before_text = _case("real_lab_host_before")["output"]
    after_text = _case("real_lab_host_after")["output"]
    # Two hosts: one moves from the recorded "before" to "after", one stands still.
    before = _counters((1000, 500, 10), [before_text, before_text], [10, 20])
    after = _counters((1400, 700, 14), [after_text, before_text], [36, 31])
    figures = tree_cost.per_host(before, after)
    assert figures == {
        "runner_cpu_ms": 200.0,
        "host_cpu_ms": 100.0,
        "sls_cpu_ms": 2.0,
        "processes": (25 + 10) / 2,
        "bytes_in": round((67213 - 26951) / 2),
        "bytes_out": round((21795 - 5096) / 2),
    }


def test_per_host_refuses_reads_of_different_hosts() -> None:
    text = _case("real_lab_host_before")["output"]
    with pytest.raises(ValueError, match="same hosts"):
        tree_cost.per_host(
            _counters((0, 0, 0), [text], [1]), _counters((0, 0, 0), [text] * 2, [2, 2])
        )


def test_medians_and_beyond_floor() -> None:
    rounds = [
        {"host_cpu_ms": 30.0, "processes": 3.0},
        {"host_cpu_ms": 20.0, "processes": 3.0},
        {"host_cpu_ms": 25.5, "processes": 4.0},
    ]
    floor = tree_cost.median_per_host(rounds)
    assert floor == {"host_cpu_ms": 25.5, "processes": 3.0}
    suite = {"host_cpu_ms": 48.25, "processes": 25.0}
    assert tree_cost.beyond(suite, floor) == {"host_cpu_ms": 22.75, "processes": 22.0}
    with pytest.raises(ValueError, match="no rounds"):
        tree_cost.median_per_host([])
