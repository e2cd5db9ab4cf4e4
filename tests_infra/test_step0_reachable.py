"""Before the guide's steps: can we reach the host at all?

An unreachable host fails here once, after a bounded wait; its other checks
are skipped rather than failed, so the report shows one clear cause.
"""

from __future__ import annotations

from logtail_doctor_pytest import guide_tests

# One test per check of this step, named as its declaration says (logtail_doctor/checks/).
globals().update(guide_tests("host"))
