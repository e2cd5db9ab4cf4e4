"""The run's heap, frozen from time to time so garbage collection skips what lives long."""

from __future__ import annotations

import gc


class Heap:
    """Keeps the collector away from what lives for the whole run (items, facts, reports).

    A run holds one item per check and host, and their reports, until it ends;
    every full garbage collection would walk them all again, more of them with
    each test. So the heap is frozen after collection, after probing and every
    freeze_every tests: full collections walk only what the latest tests left.
    Unfrozen, they were 3.0 of the 4.6 s the suite took beyond pytest alone at
    2,000 hosts (bench/runner_bench.py, 2026-12-05). Garbage is collected
    first, and what is frozen stays in use until the run ends, so freezing
    keeps nothing alive that would be freed.
    """

    def __init__(self, freeze_every: int) -> None:
        self.freeze_every = freeze_every
        self.tests_since_freeze = 0

    def freeze(self) -> None:
        self.tests_since_freeze = 0
        gc.collect()  # of what is not frozen yet: about freeze_every tests' objects
        gc.freeze()

    def test_done(self) -> None:
        self.tests_since_freeze += 1
        if self.tests_since_freeze >= self.freeze_every:
            self.freeze()
