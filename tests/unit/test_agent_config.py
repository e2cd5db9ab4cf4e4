"""ilogtail_config.json in both formats: parsed fields and derived install parameters.

Each case is tests/data/agent_config/<case>.json: the file's text, and either
the AgentConfig fields plus install_parameters() it must give, or
``{"error": "<substring of the ConfigError message>"}``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from logtail_doctor.agent_config import (
    MAX_CONFIG_BYTES,
    AgentConfig,
    ConfigError,
    install_parameters,
    parse_agent_config,
    region_label,
)
from logtail_doctor.parsers import AppInfoError, parse_app_info

DATA = Path(__file__).resolve().parent.parent / "data" / "agent_config"


def _load(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _cases(*, errors: bool) -> list[Any]:
    params = []
    for path in sorted(DATA.glob("*.json")):
        case = _load(path)
        if ("error" in case["expected"]) is errors:
            params.append(pytest.param(case, id=path.stem))
    return params


def test_case_files_are_well_formed() -> None:
    paths = sorted(DATA.glob("*.json"))
    assert len(paths) >= 20
    for path in paths:
        case = _load(path)
        assert set(case) == {"note", "text", "expected"}, path.name
        assert isinstance(case["text"], str), path.name
        assert path.stem.startswith("error_") == ("error" in case["expected"]), path.name


@pytest.mark.parametrize("case", _cases(errors=False))
def test_parse_agent_config(case: dict[str, Any]) -> None:
    expected = dict(case["expected"])
    install = expected.pop("install_parameters")
    config = parse_agent_config(case["text"])
    fields = dataclasses.asdict(config)
    fields["config_server_urls"] = list(fields["config_server_urls"])
    fields["data_endpoints"] = list(fields["data_endpoints"])
    fields["versioned_settings"] = list(fields["versioned_settings"])
    assert fields == expected
    assert dataclasses.asdict(install_parameters(config)) == install


@pytest.mark.parametrize("case", _cases(errors=True))
def test_parse_agent_config_error(case: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_agent_config(case["text"])
    message = str(caught.value)
    assert case["expected"]["error"] in message
    assert "\n" not in message


def test_error_cases_cover_the_briefed_failures() -> None:
    stems = {p.stem for p in DATA.glob("error_*.json")}
    assert {
        "error_not_json",
        "error_array",
        "error_neither_key",
        "error_config_servers_not_a_list",
        "error_ftp_url",
    } <= stems


def test_flavours_cover_every_network_type() -> None:
    networks = {
        case.values[0]["expected"]["install_parameters"]["network"] for case in _cases(errors=False)
    }
    assert {"intranet", "internet", "acceleration", "inner", "corp", "unknown"} <= networks


def test_not_json_message_says_where() -> None:
    with pytest.raises(ConfigError, match=r"at line 3 column 1"):
        parse_agent_config('{\n  "config_server_address": "http://x",\n}')


def test_oversized_file_is_refused_before_parsing() -> None:
    text = '{"config_server_address": "http://logtail.cn-hangzhou.log.aliyuncs.com", "x": "'
    text += "a" * MAX_CONFIG_BYTES + '"}'
    with pytest.raises(ConfigError, match="larger than"):
        parse_agent_config(text)


def test_deeply_nested_json_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not valid JSON"):
        parse_agent_config("[" * 100000 + "]" * 100000)


def test_config_server_properties() -> None:
    config = AgentConfig(
        "new",
        ("https://logtail.cn-hangzhou-internal.log.aliyuncs.com:443/", "http://second"),
        (),
        None,
    )
    assert config.config_server_url == "https://logtail.cn-hangzhou-internal.log.aliyuncs.com:443/"
    assert config.config_server_host == "logtail.cn-hangzhou-internal.log.aliyuncs.com"


@pytest.mark.parametrize(
    ("host", "label"),
    [
        ("logtail.cn-hangzhou-intranet.log.aliyuncs.com", "cn-hangzhou-intranet"),
        ("cn-hangzhou-intranet.log.aliyuncs.com", "cn-hangzhou-intranet"),
        ("big-game.cn-hangzhou.log.aliyuncs.com", "cn-hangzhou"),
        ("LOGTAIL.AP-SOUTHEAST-1.LOG.ALIYUNCS.COM.", "ap-southeast-1"),
        ("logtail.log.aliyuncs.com", ""),
        ("log-global.aliyuncs.com", ""),
        ("logtail.cn-hangzhou.log.aliyuncs.com.evil.example", ""),
        ("10.0.0.1", ""),
        ("", ""),
    ],
)
def test_region_label(host: str, label: str) -> None:
    assert region_label(host) == label


def test_acceleration_endpoint_wins_over_an_intranet_config_server() -> None:
    # The data endpoint, not the config server, says "acceleration".
    config = AgentConfig(
        "old",
        ("http://logtail.cn-hangzhou-intranet.log.aliyuncs.com",),
        ("LOG-GLOBAL.ALIYUNCS.COM",),
        "cn-hangzhou",
    )
    params = install_parameters(config)
    assert (params.region, params.network) == ("cn-hangzhou", "acceleration")


def test_a_json_error_that_ends_in_at_says_at_once() -> None:
    """issue 36: "not valid JSON (Unterminated string starting at at line 1 ...)"."""
    with pytest.raises(ConfigError) as caught:
        parse_agent_config('{"config_server_address": "http://x')
    assert str(caught.value) == (
        "not valid JSON (Unterminated string starting at line 1 column 27)"
    )
    with pytest.raises(AppInfoError) as app:
        parse_app_info('{"ip": "10.0.0.1')
    assert str(app.value) == "not valid JSON (Unterminated string starting at line 1)"
