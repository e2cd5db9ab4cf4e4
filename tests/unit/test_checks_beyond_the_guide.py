"""The checks beyond the guide's four steps, agent flavours and custom identifiers.

Same style as test_checks.py: start from its healthy host and change the one
fact a test is about.
"""

from __future__ import annotations

import pytest

from logtail_doctor.checks import Host
from logtail_doctor.checks.step2_install_parameters import redact_proxy, valid_proxy
from logtail_doctor.facts import (
    COMMUNITY_LAYOUT,
    FileFact,
    FileState,
    HostFacts,
)
from tests.unit.test_checks import (
    UDID_PATH,
    expect,
    healthy,
    loongcollector,
)

# --- step1.instances -------------------------------------------------------------------------


def describe_agent(facts: HostFacts) -> str:
    """The agent the report names for a host."""
    return Host(facts, expect()).agent.display


# --- step1.running: what the exit code means ---------------------------------------------------


# --- step2.config_loaded -----------------------------------------------------------------------


# --- step2.dns and step2.https -----------------------------------------------------------------


# --- step2.proxy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "http://10.0.0.5:3128",
        "proxy.corp:3128",
        "https://user:p%40ss@proxy.corp:443/",
        "socks5h://[fd00::1]:1080",
    ],
)
def test_valid_proxy_values(value: str) -> None:
    assert valid_proxy(value)


@pytest.mark.parametrize(
    "value",
    ["proxy.corp:notaport", "http//proxy:3128", "ftp://proxy:21", "http://:3128", "", "a b:1"],
)
def test_invalid_proxy_values(value: str) -> None:
    assert not valid_proxy(value)


def test_redact_proxy() -> None:
    assert redact_proxy("http://u:p@h:1") == "http://u:***@h:1"
    assert redact_proxy("u:p@h:1") == "u:***@h:1"
    assert redact_proxy("http://h:1") == "http://h:1"


# --- step2.clock -------------------------------------------------------------------------------


# --- custom identifiers ------------------------------------------------------------------------


def _udid(text: str) -> FileFact:
    return FileFact(UDID_PATH, FileState.PRESENT, text)


# --- agent flavours ------------------------------------------------------------------------


def test_report_names_flavour_and_version() -> None:
    assert describe_agent(healthy()) == "Logtail 1.8.7"
    assert describe_agent(loongcollector()) == "LoongCollector 1.8.7"
    assert describe_agent(healthy(install_paths={}, layout=COMMUNITY_LAYOUT)) == (
        "LoongCollector community 1.8.7"
    )
    missing = FileFact("/usr/local/ilogtail/app_info.json", FileState.ABSENT)
    assert describe_agent(healthy(app_info=missing)) == "Logtail"
    assert describe_agent(healthy(install_paths={})) == "none"


@pytest.mark.parametrize(
    "password", ["PXPWat@sign44", "a:b:c", "pa/ss@word", "p%40ss", "пароль@秘密", "x://y@z"]
)
def test_redact_proxy_masks_a_whole_password_to_the_last_at(password: str) -> None:
    # issue 36: only the text up to the first @ was masked, the rest leaked
    assert redact_proxy(f"http://dave:{password}@proxy:3128") == "http://dave:***@proxy:3128"
    assert redact_proxy(f"dave:{password}@proxy:3128") == "dave:***@proxy:3128"
