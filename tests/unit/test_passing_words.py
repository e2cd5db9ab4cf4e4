"""A passing finding is worded as a pass (issue 36 item 9).

A check's failing cases show its failure's wording: the message ids their
findings use, and each such message's short form (`<id>.short`, the causes
view's words for a failure). No passing case of any check may be worded with
one of them: "the file changed at 20:27:19 UTC, after the agent started at
20:27:19 UTC" on a healthy host reads as the failure it is not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from logtail_doctor.catalogue import CATALOGUE
from logtail_doctor.checks.cases import Case, case_folders, load_cases
from logtail_doctor.i18n import CATALOGUES

CASES = Path(__file__).resolve().parent.parent / "data" / "checks"
# Messages a check uses for a pass and a failure alike because they only state
# values, true either way (read in English, 2026-12-06); any other message a
# failing case uses is failure wording.
NEUTRAL = {
    "step1.instances.found": "{daemons} daemon(s) and {workers} worker(s): {pids}",
    "step1.instances.found.containers": (
        "{daemons} daemon(s) and {workers} worker(s): {pids}; not counted, in containers "
        "(PID namespaces of their own): {others}"
    ),
    "step1.instances.container": "{pid} (PID namespace {ns})",
    "step1.running.found": ("`{command}` exited {rc} saying {said}; {processes} agent process(es)"),
    "step1.running.rc": "{rc} ({meaning})",
    "step1.running.rc.running": "running",
    # issue 30 (read in English, 2026-12-06): a container's process count; a pod's status values
    "step1.running.found.processes": "{processes} agent process(es)",
    "step1.pod.found": (
        "phase {phase}, container {state}, {restarts} restart(s){last_exit} "
        "(node {node}, DaemonSet {daemonset})"
    ),
    "step2.region.found": "region {region} (config server {host})",
    "step2.network.found": (
        "network type {network} (config server {host}, data endpoint {endpoints})"
    ),
    "step2.clock.found": "host {host_time}, {reference} {reference_time}: {skew}",
    "step2.clock.the_endpoint": "endpoint {url}",
    "step4.ecs_metadata.found.cache": (
        "{path} (the agent's cache of the metadata) says owner-account-id {owner}"
    ),
}
JUDGED = [s.check_id for s in CATALOGUE if s.judge is not None]


def _cases(check_id: str) -> list[Case]:
    return load_cases(CASES, check_id)


def _found_keys(case: Case) -> set[str]:
    """The message ids of a case's finding: its own and those of its values."""
    keys: set[str] = set()

    def walk(message: object) -> None:
        if isinstance(message, dict):
            if message.get("message"):
                keys.add(str(message["message"]))
            for value in message.values():
                walk(value)

    walk(case.outcome["found"])
    return keys


def test_every_judged_check_has_a_passing_case() -> None:
    with_passing = {
        check_id
        for check_id in case_folders(CASES)
        if any(c.outcome["status"] == "passed" for c in _cases(check_id))
    }
    assert set(JUDGED) <= with_passing, sorted(set(JUDGED) - with_passing)


@pytest.mark.parametrize("check_id", JUDGED)
def test_no_passing_finding_is_worded_as_a_failure(check_id: str) -> None:
    cases = _cases(check_id)
    failure_words = set()
    for case in cases:
        if case.outcome["status"] == "failed":
            failure_words |= _found_keys(case)
    for case in cases:
        if case.outcome["status"] != "passed":
            continue
        worded_as_failure = (_found_keys(case) & failure_words) - set(NEUTRAL)
        assert not worded_as_failure, (case.name, sorted(worded_as_failure))


def test_the_neutral_messages_still_say_what_was_read_as_neutral() -> None:
    """A neutral message whose English changes is read again before it stays on the list."""
    english = CATALOGUES["en"]
    assert {key: english.get(key) for key in NEUTRAL} == NEUTRAL
