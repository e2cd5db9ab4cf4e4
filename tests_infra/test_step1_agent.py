"""Step 1 of the guide: is the agent installed, and is it running?

Linux: `/etc/init.d/ilogtaild status` (LoongCollector: loongcollectord) prints
"... is running" and exits 0, and exactly one daemon with one worker runs (a
second instance fights the first). Windows: the LogtailDaemon (1.x) or
LogtailWorker (0.x) service is Running.
"""

from __future__ import annotations

import pytest

from logtail_doctor.outcome import Finding


@pytest.mark.check("step1.installed")
def test_agent_is_installed(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step1.instances")
def test_exactly_one_agent_instance_runs(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step1.running")
def test_agent_is_running(finding: Finding) -> None:
    assert finding.passed, finding.explain()
