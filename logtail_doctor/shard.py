"""--shard K/N: split the fleet deterministically across N runners.

Every runner reads the same targets file, so every runner computes the same
ordered host list; shard K takes every N-th host of it, starting at the K-th
(hosts in natural order of their ids, e.g. 10.0.0.9 before 10.0.0.10). The N
shards are disjoint, together hold every host, and differ in size by at most
one. `python -m logtail_doctor.merge` puts their reports back together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from logtail_doctor.text import quoted
from logtail_doctor.verdict import host_order

_T = TypeVar("_T")
_SHARD_RE = re.compile(r"([0-9]{1,6})/([0-9]{1,6})")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written on the command line
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """'2/3' -> Shard(2, 3); ValueError with one line otherwise."""
    match = _SHARD_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"--shard {quoted(text)}: expected K/N, e.g. 2/3")
    index, count = int(match[1]), int(match[2])
    if count < 1 or not 1 <= index <= count:
        raise ValueError(f"--shard {text}: K must be between 1 and N, and N at least 1")
    return Shard(index, count)


def select(items: Sequence[_T], shard: Shard, host_id: Callable[[_T], str]) -> list[_T]:
    """The items of this shard, in natural host order."""
    ordered = sorted(items, key=lambda item: host_order(host_id(item)))
    return ordered[shard.index - 1 :: shard.count]
