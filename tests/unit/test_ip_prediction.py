"""Which IP the agent would take now (domain-facts section 3), one row per rule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from logtail_doctor.facts import NicAddress
from logtail_doctor.ip_prediction import (
    IGNORED_INTERFACES,
    predict_agent_ip,
    primary_address,
    usable_nics,
)
from logtail_doctor.parsers import parse_ip_addr


def nics(*specs: str) -> tuple[NicAddress, ...]:
    """'eth0 10.0.0.12/24' -> NicAddress, in the order `ip -4 -o addr` lists them."""
    out = []
    for spec in specs:
        name, cidr = spec.split()
        address, prefix = cidr.split("/")
        out.append(NicAddress(name, address, int(prefix)))
    return tuple(out)


LO = "lo 127.0.0.1/8"


@dataclass(frozen=True)
class Case:
    id: str
    hostname: str
    resolved: tuple[str, ...]
    nics: tuple[NicAddress, ...]
    expected: frozenset[str]  # any of these; empty: the agent ends up with no IP
    rule_words: tuple[str, ...] = ()  # must all appear in the rule text
    working_ip: str | None = None
    working_interface: str | None = None
    bind_interface: str | None = None


CASES = [
    Case(
        "working_ip-wins-over-everything",
        "web-1",
        ("10.0.0.12",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"203.0.113.9"}),
        ("working_ip",),
        working_ip="203.0.113.9",
        working_interface="eth0",
        bind_interface="eth0",
    ),
    Case(
        "working_ip-taken-verbatim-even-on-no-nic",
        "web-1",
        (),
        nics(LO),
        frozenset({"10.99.0.1"}),
        ("working_ip",),
        working_ip="10.99.0.1",
    ),
    Case(
        "working_interface-beats-the-hostname",
        "web-1",
        ("10.0.0.12",),
        nics(LO, "eth0 10.0.0.12/24", "eth1 10.1.0.5/24", "eth1 10.1.0.6/24"),
        frozenset({"10.1.0.5"}),
        ("working_interface eth1",),
        working_interface="eth1",
    ),
    Case(
        "working_interface-without-address-falls-to-the-hostname",
        "web-1",
        ("10.0.0.12",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
        ("web-1", "10.0.0.12"),
        working_interface="eth1",
    ),
    Case(
        "working_interface-with-loopback-address-is-passed-over",
        "web-1",
        ("10.0.0.12",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
        working_interface="lo",
    ),
    Case(
        "hostname-bound-to-own-nic-ip-not-eth0",
        "web-1",
        ("10.1.0.5",),
        nics(LO, "eth0 10.0.0.12/24", "eth1 10.1.0.5/24"),
        frozenset({"10.1.0.5"}),
        ("web-1", "10.1.0.5", "an address of this host"),
    ),
    Case(
        "hostname-bound-to-a-secondary-address",
        "web-1",
        ("10.0.0.13",),
        nics(LO, "eth0 10.0.0.12/24", "eth0 10.0.0.13/24"),
        frozenset({"10.0.0.13"}),
    ),
    Case(
        "first-resolved-address-that-is-on-a-nic",
        "web-1",
        ("203.0.113.7", "10.0.0.12", "10.0.0.99"),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
    ),
    Case(
        "hostname-bound-to-stale-ip-on-no-nic-is-reported-anyway",
        "web-1",
        ("10.0.0.11",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.11"}),
        ("10.0.0.11", "no NIC"),
    ),
    Case(
        "hostname-resolves-but-host-has-no-usable-nic",
        "web-1",
        ("10.0.0.11",),
        nics(LO),
        frozenset({"10.0.0.11"}),
    ),
    Case(
        "debian-127.0.1.1-binding-falls-back-to-eth0",
        "web-1",
        ("127.0.1.1",),
        nics(LO, "bond0 192.168.10.5/24", "eth0 10.0.0.12/24", "eth0 10.0.0.13/24"),
        frozenset({"10.0.0.12"}),
        ("eth0", "10.0.0.12"),
    ),
    Case(
        "no-eth0-falls-to-bond0",
        "web-1",
        ("127.0.1.1",),
        nics(LO, "ens5 172.31.5.20/20", "bond0 192.168.10.5/24"),
        frozenset({"192.168.10.5"}),
        ("bond0", "192.168.10.5"),
    ),
    Case(
        "unresolvable-hostname-falls-to-eth0",
        "web-1",
        (),
        nics(LO, "eth1 10.1.0.5/24", "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
        ("does not resolve",),
    ),
    Case(
        "empty-hostname-falls-to-eth0",
        "",
        (),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
        ("empty",),
    ),
    Case(
        "bind_interface-replaces-eth0",
        "web-1",
        ("127.0.1.1",),
        nics(LO, "eth0 10.0.0.12/24", "eth1 10.1.0.5/24"),
        frozenset({"10.1.0.5"}),
        ("eth1",),
        bind_interface="eth1",
    ),
    Case(
        "bind_interface-does-not-beat-a-hostname-on-a-nic",
        "web-1",
        ("10.0.0.12",),
        nics(LO, "eth0 10.0.0.12/24", "eth1 10.1.0.5/24"),
        frozenset({"10.0.0.12"}),
        bind_interface="eth1",
    ),
    Case(
        # GetHostIp(bind_interface) gives "" and eth0/bond0 are never tried for
        # it; the agent then takes any NIC address (GetAnyAvailableIP).
        "bind_interface-without-address-stops-eth0-then-any-nic",
        "web-1",
        ("127.0.1.1",),
        nics(LO, "ens5 172.31.5.20/20", "bond0 192.168.10.5/24"),
        frozenset({"172.31.5.20", "192.168.10.5"}),
        bind_interface="eth1",
    ),
    Case(
        "numeric-hostname-is-not-resolved",
        "1.2.3",
        ("1.2.0.3",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
        ("1.2.3", "numeric"),
    ),
    Case(
        "all-digit-hostname-is-not-resolved",
        "123",
        ("0.0.0.123",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
    ),
    Case(
        "dotted-quad-hostname-is-not-resolved",
        "10.0.0.11",
        ("10.0.0.11",),
        nics(LO, "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
    ),
    Case(
        "docker0-ignored-in-the-any-nic-fallback",
        "web-1",
        ("127.0.1.1",),
        nics(LO, "docker0 172.17.0.1/16", "ens5 172.31.5.20/20"),
        frozenset({"172.31.5.20"}),
    ),
    Case(
        "kube-interfaces-ignored-in-the-any-nic-fallback",
        "web-1",
        (),
        nics(LO, "kube-ipvs0 10.96.0.1/32", "nodelocaldns 169.254.20.10/32", "ens5 172.31.5.20/20"),
        frozenset({"172.31.5.20"}),
    ),
    Case(
        # nicIpSet leaves docker0 out, so the walk over the resolved
        # addresses passes 172.17.0.1 by and stops at 10.0.0.12.
        "docker0-address-does-not-count-as-own-nic",
        "web-1",
        ("172.17.0.1", "10.0.0.12"),
        nics(LO, "docker0 172.17.0.1/16", "eth0 10.0.0.12/24"),
        frozenset({"10.0.0.12"}),
    ),
    Case(
        # ... and when only the docker0 address resolves, nothing matches and
        # the first resolved address is returned anyway.
        "hostname-on-docker0-only-is-reported-anyway",
        "web-1",
        ("172.17.0.1",),
        nics(LO, "docker0 172.17.0.1/16", "eth0 10.0.0.12/24"),
        frozenset({"172.17.0.1"}),
        ("no NIC",),
    ),
    Case(
        "several-nics-no-eth0-all-are-candidates",
        "web-1",
        (),
        nics(LO, "enp0s3 10.2.0.9/24", "ens33 10.1.0.7/24", "ens33 10.1.0.8/24"),
        frozenset({"10.2.0.9", "10.1.0.7", "10.1.0.8"}),
        ("any NIC address",),
    ),
    Case(
        "ipv6-only-host-gets-no-ip",
        "v6-only",
        (),
        nics(LO),
        frozenset(),
        ("no usable IPv4",),
    ),
    Case(
        "loopback-only-resolution-and-no-nic-gets-no-ip",
        "web-1",
        ("127.0.0.1",),
        nics(LO),
        frozenset(),
    ),
]


def _assert_prediction(case: Case, *, windows: bool) -> None:
    prediction = predict_agent_ip(
        case.hostname,
        case.resolved,
        case.nics,
        working_ip=case.working_ip,
        working_interface=case.working_interface,
        bind_interface=case.bind_interface,
        windows=windows,
    )
    assert frozenset(prediction.candidates) == case.expected
    assert len(prediction.candidates) == len(case.expected)  # no duplicates
    for word in case.rule_words:
        assert word in prediction.rule


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_predict_agent_ip(case: Case) -> None:
    _assert_prediction(case, windows=False)


def test_loopback_binding_is_explained_as_loopback() -> None:
    # Debian's default "127.0.1.1 <hostname>" line is not stale: the rule
    # shown to the user must say the name resolves to loopback.
    prediction = predict_agent_ip(
        "web-1", ("127.0.1.1",), nics(LO, "eth0 10.0.0.12/24"), working_ip=None
    )
    assert prediction.candidates == ("10.0.0.12",)
    assert "loopback" in prediction.rule
    assert "stale" not in prediction.rule


def test_candidates_keep_nic_order() -> None:
    prediction = predict_agent_ip("", (), nics(LO, "ens33 10.1.0.7/24", "enp0s3 10.2.0.9/24"))
    assert prediction.candidates == ("10.1.0.7", "10.2.0.9")


def test_usable_nics_drop_loopback_and_ignored_interfaces() -> None:
    given = nics(
        LO,
        "eth0 127.0.0.2/8",
        "docker0 172.17.0.1/16",
        "kube-ipvs0 10.96.0.1/32",
        "nodelocaldns 169.254.20.10/32",
        "eth0 10.0.0.12/24",
    )
    assert usable_nics(given) == nics("eth0 10.0.0.12/24")
    assert frozenset({"docker0", "kube-ipvs0", "nodelocaldns"}) == IGNORED_INTERFACES


def test_primary_address_is_the_first_listed() -> None:
    given = nics("eth0 10.0.0.12/24", "eth0 10.0.0.13/24", "eth1 10.1.0.5/24")
    assert primary_address(given, "eth0") == "10.0.0.12"
    assert primary_address(given, "eth1") == "10.1.0.5"
    assert primary_address(given, "bond0") is None


RECORDED_NICS = Path(__file__).resolve().parent.parent / "data" / "parsers" / "parse_ip_addr"


@pytest.mark.parametrize(
    ("recording", "resolved", "expected"),
    [
        ("real_netns_secondary_label_bond0_docker0", ("127.0.1.1",), {"10.0.0.12"}),
        ("real_netns_secondary_label_bond0_docker0", ("10.0.0.14",), {"10.0.0.14"}),
        ("real_netns_no_eth0", (), {"10.2.0.9", "10.1.0.7"}),
        ("real_netns_ipv6_only", (), set()),
        ("real_host", ("127.0.0.1",), {"192.0.2.2"}),
    ],
)
def test_predict_from_recorded_nic_tables(
    recording: str, resolved: tuple[str, ...], expected: set[str]
) -> None:
    case = json.loads((RECORDED_NICS / f"{recording}.json").read_text(encoding="utf-8"))
    prediction = predict_agent_ip("web-1", resolved, parse_ip_addr(case["output"]))
    assert set(prediction.candidates) == expected


# --- Windows (the agent's _MSC_VER branches; see ip_prediction's docstring) ------------------

WIN_NICS = (
    NicAddress("Ethernet", "10.0.0.12", 24),
    NicAddress("Loopback Pseudo-Interface 1", "127.0.0.1", 8),
)
WINDOWS_CASES = [
    Case(
        "windows-working_ip-wins",
        "WIN-WEB-2",
        ("10.0.0.12",),
        WIN_NICS,
        frozenset({"203.0.113.9"}),
        ("working_ip",),
        working_ip="203.0.113.9",
    ),
    Case(
        "windows-first-private-resolved-address",
        "WIN-WEB-2",
        ("203.0.113.5", "10.0.0.12", "192.168.5.5"),
        WIN_NICS,
        frozenset({"10.0.0.12"}),
        ("WIN-WEB-2", "10.0.0.12", "private"),
    ),
    Case(
        # Unlike Linux, no NIC is consulted: a private address on no NIC still wins.
        "windows-private-address-on-no-nic-still-wins",
        "WIN-WEB-2",
        ("172.31.9.9",),
        WIN_NICS,
        frozenset({"172.31.9.9"}),
    ),
    Case(
        # The source's "private" prefixes include 100. and 30. (Alibaba's office networks).
        "windows-100-and-30-prefixes-count-as-private",
        "WIN-WEB-2",
        ("203.0.113.5", "100.64.1.2", "30.1.1.1"),
        WIN_NICS,
        frozenset({"100.64.1.2"}),
    ),
    Case(
        "windows-172-15-is-not-private",
        "WIN-WEB-2",
        ("172.15.0.1", "172.32.0.1", "8.8.8.8"),
        WIN_NICS,
        frozenset({"172.15.0.1"}),
        ("no private-range address", "first"),
    ),
    Case(
        # The 127 check and the eth0/bond0 fallback are Linux-only code.
        "windows-loopback-from-name-is-kept",
        "WIN-WEB-2",
        ("127.0.0.1",),
        WIN_NICS,
        frozenset({"127.0.0.1"}),
    ),
    Case(
        "windows-unresolvable-name-gives-the-stub-address",
        "WIN-WEB-2",
        (),
        WIN_NICS,
        frozenset({"192.168.1.1"}),
        ("does not resolve", "192.168.1.1", "stub"),
    ),
    Case(
        "windows-numeric-hostname-is-not-resolved",
        "12345",
        ("10.0.0.12",),
        WIN_NICS,
        frozenset({"192.168.1.1"}),
        ("numeric", "192.168.1.1"),
    ),
    Case(
        "windows-empty-hostname",
        "",
        (),
        (),
        frozenset({"192.168.1.1"}),
        ("empty",),
    ),
    Case(
        # No eth0/bond0 by name, and interface settings are stubs on Windows.
        "windows-interfaces-named-in-the-config-change-nothing",
        "WIN-WEB-2",
        (),
        (NicAddress("eth0", "10.0.0.12", 24), NicAddress("bond0", "10.0.0.13", 24)),
        frozenset({"192.168.1.1"}),
        working_interface="eth0",
        bind_interface="bond0",
    ),
]


@pytest.mark.parametrize("case", WINDOWS_CASES, ids=[c.id for c in WINDOWS_CASES])
def test_predict_agent_ip_on_windows(case: Case) -> None:
    _assert_prediction(case, windows=True)


def test_windows_stub_address_is_said_to_be_a_stub() -> None:
    prediction = predict_agent_ip("WIN-WEB-2", (), WIN_NICS, windows=True)
    assert prediction.source == "any"
    assert "stub" in prediction.rule
    assert "literal" in prediction.rule


def test_windows_default_is_off() -> None:
    # The same facts on Linux: the unresolvable name falls back to any NIC address.
    prediction = predict_agent_ip("web-1", (), nics(LO, "ens33 10.1.0.7/24"))
    assert prediction.candidates == ("10.1.0.7",)
