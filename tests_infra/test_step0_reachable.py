"""Before the guide's steps: can we reach the host at all?

An unreachable host fails here once, after a bounded wait; its other checks
are skipped rather than failed, so the report shows one clear cause.
"""

from __future__ import annotations

import pytest

from logtail_doctor.outcome import Finding


@pytest.mark.check("host.reachable")
def test_host_answers_the_probe(finding: Finding) -> None:
    assert finding.passed, finding.explain()
