"""Step 4 of the guide: does a server outside the account's own ECS carry the account ID?

Such servers need an empty file /etc/ilogtail/users/<account ID> named after
the Alibaba Cloud account that owns the project (not a RAM user's ID).
"""

from __future__ import annotations

from logtail_doctor_pytest import guide_tests

# One test per check of this step, named as its declaration says (logtail_doctor/checks/).
globals().update(guide_tests("step4"))
