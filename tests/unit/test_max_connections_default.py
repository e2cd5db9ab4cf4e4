"""--max-connections unless given: 16 (an ssh process per host), more with --connection asyncssh."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

import logtail_doctor_pytest
from logtail_doctor_pytest import ASYNCSSH_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS


class _Config:
    """What pytest_configure reads of a pytest.Config: its options, no targets."""

    def __init__(self, **options: Any) -> None:
        self.option = argparse.Namespace(**options)
        self.inipath = "pytest.ini"

    def getoption(self, name: str) -> Any:
        return getattr(self.option, name, None)


@pytest.mark.parametrize(
    ("connection", "given", "expected"),
    [
        (None, None, DEFAULT_MAX_CONNECTIONS),
        ("ssh", None, DEFAULT_MAX_CONNECTIONS),
        ("paramiko", None, DEFAULT_MAX_CONNECTIONS),
        ("asyncssh", None, ASYNCSSH_MAX_CONNECTIONS),
        ("asyncssh", 8, 8),
        (None, 200, 200),
    ],
)
def test_the_default_follows_the_transport_and_a_given_value_wins(
    connection: str | None, given: int | None, expected: int
) -> None:
    config = _Config(connection=connection, max_connections=given)
    logtail_doctor_pytest.pytest_configure(config)  # type: ignore[arg-type]
    assert config.option.max_connections == expected
    assert ASYNCSSH_MAX_CONNECTIONS != DEFAULT_MAX_CONNECTIONS
