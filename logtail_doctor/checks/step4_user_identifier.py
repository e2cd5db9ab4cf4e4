"""Step 4 of the guide: servers outside the account's own ECS carry its ID as user identifier."""

from __future__ import annotations

from logtail_doctor.actions import CreateFile
from logtail_doctor.checks.host import (
    Host,
)
from logtail_doctor.checks.registry import CheckSpec, Fix, check
from logtail_doctor.i18n import M, Msg, joined
from logtail_doctor.outcome import (
    Outcome,
)


@check(
    "step4.user_id",
    "The account ID is set as user identifier",
    test="test_account_id_is_user_identifier",
    needs=("user_ids", "user_id_other_entries"),
    fixes={
        "fix": Fix(
            "Create the identifier file: {create_cmd} (the ID of the Alibaba Cloud account "
            "that owns project {project}, not a RAM user's)",
            action=CreateFile,
        ),
    },
    texts={
        "expected": "{users_dir}/<account ID> for one of {ids}",
        "expected.same_account": "no user identifier (an ECS of the project's own account)",
        "found.same_account": "not needed: same_account_ecs is true in the targets file",
        "found.no_dir": "{users_dir} does not exist",
        "found.holds": "{users_dir} holds {listed}",
        "a_directory": "{name}/ (a directory)",
        "found.no_dir.short": "no account ID file ({users_dir} missing)",
        "found.holds.short": "account ID file missing in {users_dir}",
    },
)
def check_user_id(c: CheckSpec, host: Host) -> Outcome:
    ids = host.expect.account_ids
    users_dir = host.layout.users_dir
    sep = "\\" if host.windows else "/"
    expected = c.msg("expected", users_dir=users_dir, ids=", ".join(ids))
    if host.expect.same_account_ecs:
        return c.passed(c.msg("expected.same_account"), c.msg("found.same_account"))
    present = host.facts.user_ids
    if host.windows:
        create_cmd = f"New-Item -ItemType File -Force -Path '{users_dir}{sep}{ids[0]}'"
    else:
        create_cmd = f"sudo mkdir -p {users_dir} && sudo touch {users_dir}/{ids[0]}"
    fix = c.fix(
        "fix",
        CreateFile(f"{users_dir}{sep}{ids[0]}"),
        create_cmd=create_cmd,
        project=host.expect.project.name,
    )
    if present is None:
        return c.failed(expected, c.msg("found.no_dir", users_dir=users_dir), fix)
    matching = [i for i in ids if i in present]
    if matching:
        return c.passed(expected, f"{users_dir}{sep}{matching[0]}")
    others: list[str | Msg] = list(present)
    others += [c.msg("a_directory", name=d) for d in host.facts.user_id_other_entries]
    listed = joined(others[:10]) if others else M("value.nothing")
    return c.failed(expected, c.msg("found.holds", users_dir=users_dir, listed=listed), fix)
