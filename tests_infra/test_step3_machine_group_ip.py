"""Step 3 of the guide: does the machine group know the host by what the agent reports?

The agent records the IP it took at start-up in app_info.json. In an IP-based
machine group that IP must be listed, and must still be the IP the agent would
take now (working_ip, the hostname's binding in /etc/hosts, else the first
NIC). In a custom-identifier group, user_defined_id must hold one of the
group's identifiers on a line of its own, and the IP does not matter.
"""

from __future__ import annotations

import pytest

from logtail_doctor.outcome import Finding


@pytest.mark.check("step3.ip_recorded")
def test_agent_recorded_its_ip(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step3.custom_id")
def test_custom_identifier_is_the_groups(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step3.ip_in_group")
def test_recorded_ip_is_in_machine_group(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step3.ip_current")
def test_recorded_ip_is_still_current(finding: Finding) -> None:
    assert finding.passed, finding.explain()
