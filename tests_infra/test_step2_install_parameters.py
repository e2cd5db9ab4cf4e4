"""Step 2 of the guide: were the install parameters and method right?

ilogtail_config.json must name the project's region and the network type used
for collection, and the config server it names must answer like SLS from the
host itself.
"""

from __future__ import annotations

import pytest

from logtail_doctor.catalogue import Finding


@pytest.mark.check("step2.config_valid")
def test_config_file_is_valid(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.region")
def test_region_is_the_projects(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.network")
def test_network_type_is_the_projects(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.endpoint")
def test_endpoint_answers_like_sls(finding: Finding) -> None:
    assert finding.passed, finding.explain()
