"""A site's security baseline, as a plain testinfra test (docs/site-checks.md, example 1).

Run on every host of the run: `host` is that host (over the run's SSH, within
its bounds), `facts` what logtail-doctor's probe already read there. Its pytest
id is its ID in the reports; the assertion's message is the finding.
"""

from __future__ import annotations

from testinfra.host import Host

from logtail_doctor.facts import HostFacts


def test_user_identifier_files_are_owned_by_root(host: Host, facts: HostFacts) -> None:
    """The agent's user identifier files belong to root and only root may change them"""
    # facts.user_ids: the files the probe listed in the users folder (None: no folder),
    # so no second listing over SSH; each file's owner and mode are one command each.
    for account_id in facts.user_ids or ():
        path = f"{facts.layout.users_dir}/{account_id}"
        identifier = host.file(path)
        assert identifier.user == "root", f"{path} is owned by {identifier.user}, not root"
        assert not identifier.mode & 0o022, (
            f"{path} is writable by group or others (mode {identifier.mode:o})"
        )
