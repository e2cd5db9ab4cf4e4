"""Step 2 of the guide: were the install parameters and method right?

ilogtail_config.json must parse, be the file the running agent loaded, and
name the project's region and the network type used for collection. From the
host itself, the config server's name must resolve, it must answer like SLS
over HTTP and over HTTPS (the agent authenticates on 443), any proxy the
agent is given must be usable, and the host's clock must be within SLS's
15 minutes.
"""

from __future__ import annotations

from logtail_doctor_pytest import guide_tests

# One test per check of this step, named as its declaration says (logtail_doctor/checks/).
globals().update(guide_tests("step2"))
