"""Step 3 of the guide: does the machine group know the host by what the agent reports?

The agent records the IP it took at start-up in app_info.json. In an IP-based
machine group that IP must be listed, and must still be the IP the agent would
take now (working_ip, the hostname's binding in /etc/hosts, else the first
NIC). In a custom-identifier group, user_defined_id must hold one of the
group's identifiers on a line of its own, and the IP does not matter.
"""

from __future__ import annotations

from logtail_doctor_pytest import guide_tests

# One test per check of this step, named as its declaration says (logtail_doctor/checks/).
globals().update(guide_tests("step3"))
