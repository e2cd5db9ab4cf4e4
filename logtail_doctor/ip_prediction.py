"""Which IP the agent would report if it started now.

Follows the agent's own source (domain-facts §3), not the docs' simpler rule:

1. ``working_ip`` in ilogtail_config.json wins, verbatim.
2. ``working_interface`` (2026+): that NIC's primary IPv4, unless loopback.
3. The hostname resolved with getaddrinfo(AF_INET) (``/etc/hosts`` first): the
   first resolved address that is also on a local NIC (lo, 127.* and the
   ignored container interfaces do not count), else the first resolved one.
   A numeric-looking hostname is not resolved at all.
4. If that gave nothing or a 127.* address: ``bind_interface`` when set, else
   ``eth0``, else ``bond0``.
5. Still nothing: any NIC address. The agent keeps those in a hash set, so
   with several candidates the pick is arbitrary: all of them are accepted.

Windows (``windows=True``; MachineInfoUtil.cpp's ``_MSC_VER`` branches, read
in the code index's copy of alibaba/loongcollector, commit 04121e4d):

1. ``working_ip`` wins, as on Linux.
2. The hostname resolved with getaddrinfo(AF_INET): the first resolved address
   in a private range by prefix (10., 100., 30., 192.168., 172.16. to 172.31.),
   else the first resolved one. No NIC list is consulted, and a 127.* result is
   kept (the 127 check and the eth0/bond0 fallback are Linux-only code).
3. Nothing from the name: ``GetAnyAvailableIP`` is a stub on Windows that
   returns the literal "192.168.1.1", which the agent then reports.
``working_interface`` and ``bind_interface`` change nothing there: reading an
interface's address is a stub returning "" on Windows. (That the 2026
``working_interface`` code keeps that stub is an inference: the copy read
predates it.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from logtail_doctor.facts import NicAddress

# Interfaces the agent has skipped since PR #2546 (its ignored_interfaces default).
IGNORED_INTERFACES = frozenset({"kube-ipvs0", "nodelocaldns", "docker0"})

_DIGITS_AND_DOTS = re.compile(r"^[0-9.]+$")

# What GetAnyAvailableIP returns on Windows: a TODO stub in the agent's source.
WINDOWS_STUB_IP = "192.168.1.1"
# GetHostIpByHostName's private ranges on Windows, by string prefix as the source tests them.
_WINDOWS_PRIVATE_PREFIXES = (
    "10.",
    "100.",
    "30.",
    "192.168.",
    *(f"172.{n}." for n in range(16, 32)),
)


@dataclass(frozen=True)
class IpPrediction:
    candidates: tuple[str, ...]  # any of these is what the agent would report; empty = none
    rule: str  # why, in words, for the report
    source: str = "none"  # working_ip | working_interface | hostname | interface | any | none


def predict_agent_ip(
    hostname: str,
    resolved: tuple[str, ...],
    nics: tuple[NicAddress, ...],
    *,
    working_ip: str | None = None,
    working_interface: str | None = None,
    bind_interface: str | None = None,
    windows: bool = False,
    working_ip_from: str = "ilogtail_config.json",
) -> IpPrediction:
    """WORKING_IP_FROM: where working_ip was set, for the rule's words (the config, or
    the variable of the agent's environment: ALIYUN_LOGTAIL_WORKING_IP, ...).
    """
    if working_ip:
        return IpPrediction((working_ip,), f"working_ip is set in {working_ip_from}", "working_ip")
    if windows:
        return _predict_windows(hostname, resolved)

    if working_interface:
        ip = primary_address(nics, working_interface)
        if ip and not ip.startswith("127."):
            return IpPrediction(
                (ip,), f"working_interface {working_interface} has {ip}", "working_interface"
            )

    from_name = _ip_from_hostname(hostname, resolved, nics)
    if from_name and not from_name[0].startswith("127."):
        return IpPrediction((from_name[0],), from_name[1], "hostname")

    why_not = from_name[1] if from_name else _why_no_name_ip(hostname)
    for name in [bind_interface] if bind_interface else ["eth0", "bond0"]:
        ip = primary_address(nics, name)
        if ip and not ip.startswith("127."):
            return IpPrediction((ip,), f"{why_not}; so the address of {name}: {ip}", "interface")
        if bind_interface:
            # With bind_interface the agent stops here when the NIC has no address.
            break

    anything = tuple(dict.fromkeys(n.address for n in usable_nics(nics)))
    if anything:
        return IpPrediction(
            anything, f"{why_not}; no eth0/bond0 address, so any NIC address", "any"
        )
    return IpPrediction((), f"{why_not}; and the host has no usable IPv4 address")


def _predict_windows(hostname: str, resolved: tuple[str, ...]) -> IpPrediction:
    if hostname and not _DIGITS_AND_DOTS.match(hostname) and resolved:
        private = next((ip for ip in resolved if ip.startswith(_WINDOWS_PRIVATE_PREFIXES)), None)
        if private is not None:
            return IpPrediction(
                (private,),
                f"hostname {hostname} resolves to {private}, its first private-range address "
                "(the agent for Windows takes that, without looking at its NICs)",
                "hostname",
            )
        return IpPrediction(
            (resolved[0],),
            f"hostname {hostname} resolves to {resolved[0]} and to no private-range address, "
            "so the agent for Windows takes the first one",
            "hostname",
        )
    return IpPrediction(
        (WINDOWS_STUB_IP,),
        f"{_why_no_name_ip(hostname)}; the agent for Windows then reports {WINDOWS_STUB_IP}: "
        "its any-address fallback is a stub returning that literal, whatever the NICs hold",
        "any",
    )


def _ip_from_hostname(
    hostname: str, resolved: tuple[str, ...], nics: tuple[NicAddress, ...]
) -> tuple[str, str] | None:
    if not hostname or _DIGITS_AND_DOTS.match(hostname) or not resolved:
        return None
    local = {n.address for n in usable_nics(nics)}
    for ip in resolved:
        if ip in local:
            return ip, f"hostname {hostname} resolves to {ip}, an address of this host"
    if resolved[0].startswith("127."):
        # Debian/Ubuntu bind the hostname to 127.0.1.1 by default.
        return resolved[0], f"hostname {hostname} resolves to loopback {resolved[0]}"
    if not local:
        return resolved[0], f"hostname {hostname} resolves to {resolved[0]}"
    return resolved[0], (
        f"hostname {hostname} resolves to {resolved[0]}, which is on no NIC "
        "of this host (a stale /etc/hosts line?)"
    )


def _why_no_name_ip(hostname: str) -> str:
    if not hostname:
        return "the hostname is empty"
    if _DIGITS_AND_DOTS.match(hostname):
        return f"hostname {hostname} looks numeric, so the agent does not resolve it"
    return f"hostname {hostname} does not resolve to an IPv4 address"


def usable_nics(nics: tuple[NicAddress, ...]) -> tuple[NicAddress, ...]:
    return tuple(
        n
        for n in nics
        if n.interface != "lo"
        and not n.address.startswith("127.")
        and n.interface not in IGNORED_INTERFACES
    )


def primary_address(nics: tuple[NicAddress, ...], interface: str) -> str | None:
    """The first IPv4 listed for the interface: what SIOCGIFADDR returns."""
    return next((n.address for n in nics if n.interface == interface), None)
