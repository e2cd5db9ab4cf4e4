"""A site check with an ID, a title and a fix (docs/site-checks.md, example 2).

This site tags every agent with its CMDB asset in user_defined_id, so that a
custom-identifier machine group can select hosts by asset. @site_check names
the check in every output (summary.json, junit.xml, report.html, the causes
view) and gives the fix the report shows when it fails.
"""

from __future__ import annotations

from logtail_doctor.checks import site_check
from logtail_doctor.facts import HostFacts


@site_check(
    "site.cmdb_tag",
    "The agent's user_defined_id carries the host's CMDB tag",
    fix="Add the host's CMDB tag as a line of its own: "
    "echo cmdb-<asset id> | sudo tee -a /etc/ilogtail/user_defined_id",
)
def test_user_defined_id_has_a_cmdb_tag(facts: HostFacts) -> None:
    # The probe read the file already: no round trip of our own.
    found = facts.user_defined_id
    path = facts.layout.user_defined_id_path
    lines = found.content.splitlines() if found is not None else []
    tags = [line.strip() for line in lines if line.strip().startswith("cmdb-")]
    assert tags, f"{path} holds no cmdb- tag" + ("" if lines else " (no such file, or empty)")
