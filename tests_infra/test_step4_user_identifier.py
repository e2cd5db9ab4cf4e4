"""Step 4 of the guide: does a server outside the account's own ECS carry the account ID?

Such servers need an empty file /etc/ilogtail/users/<account ID> named after
the Alibaba Cloud account that owns the project (not a RAM user's ID).
"""

from __future__ import annotations

import pytest

from logtail_doctor.outcome import Finding


@pytest.mark.check("step4.user_id")
def test_account_id_is_user_identifier(finding: Finding) -> None:
    assert finding.passed, finding.explain()
