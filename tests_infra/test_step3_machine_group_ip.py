"""Step 3 of the guide: is the IP in the machine group the agent's IP?

The agent records the IP it took at start-up in app_info.json. That IP must
be listed in the host's machine group, and must still be the IP the agent
would take now (hostname binding in /etc/hosts, else the first NIC).
"""

from __future__ import annotations

import pytest

from logtail_doctor.catalogue import Finding


@pytest.mark.check("step3.ip_recorded")
def test_agent_recorded_its_ip(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step3.ip_in_group")
def test_recorded_ip_is_in_machine_group(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step3.ip_current")
def test_recorded_ip_is_still_current(finding: Finding) -> None:
    assert finding.passed, finding.explain()
