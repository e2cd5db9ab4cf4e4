"""Step 2 of the guide: were the install parameters and method right?

ilogtail_config.json must parse, be the file the running agent loaded, and
name the project's region and the network type used for collection. From the
host itself, the config server's name must resolve, it must answer like SLS
over HTTP and over HTTPS (the agent authenticates on 443), any proxy the
agent is given must be usable, and the host's clock must be within SLS's
15 minutes.
"""

from __future__ import annotations

import pytest

from logtail_doctor.outcome import Finding


@pytest.mark.check("step2.config_valid")
def test_config_file_is_valid(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.config_loaded")
def test_running_agent_loaded_the_config_file(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.region")
def test_region_is_the_projects(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.network")
def test_network_type_is_the_projects(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.dns")
def test_config_server_name_resolves(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.endpoint")
def test_endpoint_answers_like_sls(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.https")
def test_https_to_the_config_server_works(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.proxy")
def test_agent_proxy_variables_are_valid(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.clock")
def test_host_clock_is_close_to_sls(finding: Finding) -> None:
    assert finding.passed, finding.explain()


@pytest.mark.check("step2.agent_version")
def test_agent_version_honours_the_config_settings(finding: Finding) -> None:
    assert finding.passed, finding.explain()
