"""The server's side (--sls only): does Log Service see the host's heartbeat?

SLS's ListMachines lists the machines heartbeating to a group with their last
heartbeat time; the host passes when its entry (the agent's recorded IP, or its
custom identifier in a custom-identifier group) heartbeated within
--heartbeat-threshold seconds. Collected only with --sls (conftest.py).
"""

from __future__ import annotations

import pytest

from logtail_doctor.outcome import Finding


@pytest.mark.check("server.heartbeat")
def test_log_service_sees_a_recent_heartbeat(finding: Finding) -> None:
    assert finding.passed, finding.explain()
