"""The server's side (--sls only): does Log Service see the host's heartbeat?

SLS's ListMachines lists the machines heartbeating to a group with their last
heartbeat time; the host passes when its entry (the agent's recorded IP, or its
custom identifier in a custom-identifier group) heartbeated within
--heartbeat-threshold seconds. Collected only with --sls (conftest.py).
"""

from __future__ import annotations

from logtail_doctor_pytest import guide_tests

# One test per check of this step, named as its declaration says (logtail_doctor/checks/).
globals().update(guide_tests("server"))
