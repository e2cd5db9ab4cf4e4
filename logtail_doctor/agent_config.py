"""ilogtail_config.json: the agent's install parameters, in either file format.

Logtail 0.x/1.x writes the *old* format (``config_server_address`` plus
``data_server_list[].cluster/endpoint``); the commercial LoongCollector
installer writes the *new* one (``primary_region``, ``config_servers``,
``data_servers[].region/endpoint_list``). Both name a config server URL of the
form ``http://logtail.<label>.log.aliyuncs.com``, and the label says both the
region and the network type the agent was installed for.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from logtail_doctor.text import json_error_place

# The agent refuses a config it cannot parse; we refuse one we cannot hold in
# memory cheaply. The probe never sends more than this anyway.
MAX_CONFIG_BYTES = 1 << 20

ACCELERATION_ENDPOINT = "log-global.aliyuncs.com"
# Public and intranet endpoints live under log.aliyuncs.com; Alibaba's own
# corp config servers under sls.aliyuncs.com (logtail.cn-hangzhou-corp.sls...).
_SLS_DOMAINS = (".log.aliyuncs.com", ".sls.aliyuncs.com")

# Label suffix -> network type, as the vendor's installer reads its own file
# back (domain-facts §2.1b). "-internal" is LoongCollector's newer intranet
# flavour; "-vpc" the obsolete spelling of intranet.
_SUFFIX_NETWORK = (
    ("-intranet", "intranet"),
    ("-internal", "intranet"),
    ("-vpc", "intranet"),
    ("-share", "inner"),
)


class ConfigError(ValueError):
    """ilogtail_config.json cannot be used; the message says why, in one line."""


@dataclass(frozen=True)
class AgentConfig:
    """What the agent was told at install time (plus the IP overrides it honours)."""

    file_format: str  # "old" | "new"
    config_server_urls: tuple[str, ...]
    data_endpoints: tuple[str, ...]
    declared_region: str | None  # cluster / primary_region, as written
    working_ip: str | None = None
    working_interface: str | None = None
    bind_interface: str | None = None
    # Settings turned on (true) that only some versions of the agent honour: VERSIONED_SETTINGS.
    versioned_settings: tuple[str, ...] = ()

    @property
    def config_server_url(self) -> str:
        return self.config_server_urls[0]

    @property
    def config_server_host(self) -> str:
        return urlsplit(self.config_server_url).hostname or ""


@dataclass(frozen=True)
class InstallParameters:
    """Region and network type derived from the config, the way the installer does."""

    region: str
    network: str  # intranet | internet | acceleration | inner | corp | unknown
    label: str  # e.g. "cn-hangzhou-intranet", the config server's region label


# A config setting -> the first agent version that honours it; an older agent
# ignores it without a word. enable_log_time_auto_adjust: the heartbeat guide's
# step 5, "Logtail 1.0.19 or later" (domain-facts §7, S4).
VERSIONED_SETTINGS: dict[str, str] = {"enable_log_time_auto_adjust": "1.0.19"}
_VERSION_RE = re.compile(r"\s*(\d+(?:\.\d+)*)")


def version_key(version: str) -> tuple[int, ...] | None:
    """ "1.0.19" -> (1, 0, 19); "3.0.12 Community Edition" -> (3, 0, 12); None: no version."""
    match = _VERSION_RE.match(version)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def parse_agent_config(text: str) -> AgentConfig:
    """Parse ilogtail_config.json text of either format, or raise ConfigError."""
    return parse_config_document(load_config_document(text))


def load_config_document(text: str) -> dict[str, Any]:
    """The top-level JSON object of a config file's text, or raise ConfigError."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(f"file is larger than {MAX_CONFIG_BYTES} bytes")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"not valid JSON ({json_error_place(exc.msg, exc.lineno, exc.colno)})"
        ) from None
    except RecursionError:
        raise ConfigError("not valid JSON (nested too deeply)") from None
    if not isinstance(document, dict):
        raise ConfigError("not a JSON object")
    return document


@dataclass(frozen=True)
class MergedConfig:
    """The config the agent runs with: its start config with config.d merged on top."""

    document: dict[str, Any]
    # Top-level key -> the config.d file whose value the agent uses (the last
    # one that sets it); keys from the start config are not listed.
    set_by: dict[str, str]
    merged: tuple[str, ...]  # config.d files merged, in order
    skipped: tuple[tuple[str, str], ...]  # (file, why): files the agent skips too


def merge_config_d(document: dict[str, Any], files: Sequence[tuple[str, str]]) -> MergedConfig:
    """config.d's files (path, text), already in the agent's sorted order, merged as it
    merges them: each file that parses as a JSON object replaces the top-level
    keys it sets; one that does not is skipped (AppConfig.cpp LoadIncludeConfig).
    """
    merged = dict(document)
    set_by: dict[str, str] = {}
    used: list[str] = []
    skipped: list[tuple[str, str]] = []
    for path, text in files:
        try:
            sub = load_config_document(text)
        except ConfigError as exc:
            skipped.append((path, str(exc)))
            continue
        for key, value in sub.items():
            merged[key] = value
            set_by[key] = path
        used.append(path)
    return MergedConfig(merged, set_by, tuple(used), tuple(skipped))


def parse_config_document(document: dict[str, Any]) -> AgentConfig:
    """An AgentConfig from a config's JSON object (either format), or raise ConfigError."""
    overrides = _ip_overrides(document)
    enabled = tuple(name for name in VERSIONED_SETTINGS if document.get(name) is True)
    if "config_server_address" in document or "data_server_list" in document:
        return dataclasses.replace(_parse_old(document, overrides), versioned_settings=enabled)
    if "config_servers" in document or "primary_region" in document:
        return dataclasses.replace(_parse_new(document, overrides), versioned_settings=enabled)
    raise ConfigError(
        "neither config_server_address (Logtail) nor config_servers (LoongCollector) is set"
    )


def _parse_old(doc: dict[str, Any], overrides: dict[str, str | None]) -> AgentConfig:
    url = doc.get("config_server_address")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError("config_server_address is missing or not a string")
    servers = doc.get("data_server_list", [])
    if not isinstance(servers, list):
        raise ConfigError("data_server_list is not a list")
    endpoints: list[str] = []
    cluster: str | None = None
    for server in servers:
        if not isinstance(server, dict):
            raise ConfigError("data_server_list holds an entry that is not an object")
        endpoint = server.get("endpoint")
        if isinstance(endpoint, str) and endpoint:
            endpoints.append(endpoint.strip())
        if cluster is None and isinstance(server.get("cluster"), str):
            cluster = server["cluster"]
    return AgentConfig(
        "old",
        (_check_url(url),),
        tuple(endpoints),
        cluster,
        working_ip=overrides["working_ip"],
        working_interface=overrides["working_interface"],
        bind_interface=overrides["bind_interface"],
    )


def _parse_new(doc: dict[str, Any], overrides: dict[str, str | None]) -> AgentConfig:
    urls = doc.get("config_servers")
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise ConfigError("config_servers is missing or not a list of URLs")
    servers = doc.get("data_servers", [])
    if not isinstance(servers, list):
        raise ConfigError("data_servers is not a list")
    endpoints: list[str] = []
    region = doc.get("primary_region") if isinstance(doc.get("primary_region"), str) else None
    for server in servers:
        if not isinstance(server, dict):
            raise ConfigError("data_servers holds an entry that is not an object")
        listed = server.get("endpoint_list", [])
        if isinstance(listed, list):
            endpoints.extend(e.strip() for e in listed if isinstance(e, str) and e)
        if region is None and isinstance(server.get("region"), str):
            region = server["region"]
    return AgentConfig(
        "new",
        tuple(_check_url(u) for u in urls),
        tuple(endpoints),
        region,
        working_ip=overrides["working_ip"],
        working_interface=overrides["working_interface"],
        bind_interface=overrides["bind_interface"],
    )


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"config server {url!r} is not an http(s) URL")
    return url


def _ip_overrides(doc: dict[str, Any]) -> dict[str, str | None]:
    def text(key: str) -> str | None:
        value = doc.get(key)
        if not isinstance(value, str) or not value.strip():
            return None
        value = value.strip()
        # bind_interface "default" means "none" to the agent.
        return None if key == "bind_interface" and value == "default" else value

    return {
        "working_ip": text("working_ip"),
        "working_interface": text("working_interface"),
        "bind_interface": text("bind_interface"),
    }


def install_parameters(config: AgentConfig) -> InstallParameters:
    """Derive region and network type from the config server's host name.

    ``logtail.cn-hangzhou-intranet.log.aliyuncs.com`` -> (cn-hangzhou, intranet).
    A data endpoint of ``log-global.aliyuncs.com`` means transfer acceleration,
    whatever the config server says (the acceleration install keeps the
    internet config server).
    """
    label = region_label(config.config_server_host)
    network = "internet"
    region = label
    for suffix, kind in _SUFFIX_NETWORK:
        if label.endswith(suffix):
            region, network = label[: -len(suffix)], kind
            break
    if "corp" in label:
        network = "corp"
    if not label:
        network = "unknown"
        region = config.declared_region or ""
    if any(e.lower() == ACCELERATION_ENDPOINT for e in config.data_endpoints):
        network = "acceleration"
    return InstallParameters(region=region, network=network, label=label)


def region_label(host: str) -> str:
    """The region label of an SLS host name, or "" when it is not an SLS name.

    ``logtail.<label>.log.aliyuncs.com`` and ``<label>.log.aliyuncs.com`` both
    give ``<label>``.
    """
    host = host.lower().rstrip(".")
    domain = next((d for d in _SLS_DOMAINS if host.endswith(d)), None)
    if domain is None:
        return ""
    head = host[: -len(domain)]
    label = head.rsplit(".", 1)[-1]
    return label if label and label != "logtail" else ""
