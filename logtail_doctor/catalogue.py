"""The check catalogue: every check in the order of diagnosis, and its title in a language.

Derived from the checks' own declarations (logtail_doctor.checks.registry);
nothing is listed here by hand.
"""

from __future__ import annotations

from collections.abc import Mapping

from logtail_doctor.checks import CATALOGUE, CheckSpec
from logtail_doctor.i18n import DEFAULT_LANGUAGE, M
from logtail_doctor.outcome import Outcome

__all__ = [
    "ANSWER_CHECK",
    "CATALOGUE",
    "CHECK_IDS",
    "HOST_CHECK_IDS",
    "SERVER_CHECK_IDS",
    "CheckSpec",
    "position",
    "root_cause",
    "spec",
    "title",
]

CHECK_IDS: tuple[str, ...] = tuple(spec.check_id for spec in CATALOGUE)
# Checks of the server's view: present only in runs with --sls.
SERVER_CHECK_IDS: tuple[str, ...] = tuple(s.check_id for s in CATALOGUE if s.step == "server")
HOST_CHECK_IDS: tuple[str, ...] = tuple(c for c in CHECK_IDS if c not in SERVER_CHECK_IDS)
# The check the probe itself judges (did the host answer?): its failure makes a host
# unreachable, and it is judged on every probed host, with or without a test.
ANSWER_CHECK: str = next(s.check_id for s in CATALOGUE if s.step == "host")
POSITION: Mapping[str, int] = {cid: i for i, cid in enumerate(CHECK_IDS)}
_BY_ID = {spec.check_id: spec for spec in CATALOGUE}


def spec(check_id: str) -> CheckSpec:
    try:
        return _BY_ID[check_id]
    except KeyError:
        raise KeyError(f"unknown check id {check_id!r}") from None


def title(check_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The check's title in a language (its declaration's English where none is written)."""
    return M(spec(check_id).title_key).render(lang) if check_id in _BY_ID else check_id


def position(check_id: str) -> int:
    """Where a check stands in the order of diagnosis (unknown IDs last)."""
    return POSITION.get(check_id, len(CHECK_IDS))


def root_cause(outcomes: Mapping[str, Outcome]) -> str | None:
    """The first failing check in catalogue order, or None."""
    return next((cid for cid in CHECK_IDS if cid in outcomes and outcomes[cid].failed), None)
