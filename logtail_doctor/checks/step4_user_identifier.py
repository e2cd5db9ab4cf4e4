"""Step 4 of the guide: servers outside the account's own ECS carry its ID as user identifier."""

from __future__ import annotations

from logtail_doctor.checks.host import (
    Host,
)
from logtail_doctor.checks.registry import check
from logtail_doctor.i18n import M, Msg, joined
from logtail_doctor.outcome import (
    Outcome,
    failed,
    passed,
)


@check(
    "step4.user_id",
    "The account ID is set as user identifier",
    needs=("user_ids", "user_id_other_entries"),
    fixes=("step4.user_id.fix",),
    automatable=("step4.user_id.fix",),
)
def check_user_id(host: Host) -> Outcome:
    cid = "step4.user_id"
    ids = host.expect.account_ids
    users_dir = host.layout.users_dir
    sep = "\\" if host.windows else "/"
    expected = M("step4.user_id.expected", users_dir=users_dir, ids=", ".join(ids))
    if host.expect.same_account_ecs:
        return passed(
            cid, M("step4.user_id.expected.same_account"), M("step4.user_id.found.same_account")
        )
    present = host.facts.user_ids
    if host.windows:
        create_cmd = f"New-Item -ItemType File -Force -Path '{users_dir}{sep}{ids[0]}'"
    else:
        create_cmd = f"sudo mkdir -p {users_dir} && sudo touch {users_dir}/{ids[0]}"
    fix = M(
        "step4.user_id.fix",
        create_cmd=create_cmd,
        project=host.expect.project.name,
        path=f"{users_dir}{sep}{ids[0]}",
    )
    if present is None:
        return failed(cid, expected, M("step4.user_id.found.no_dir", users_dir=users_dir), fix)
    matching = [i for i in ids if i in present]
    if matching:
        return passed(cid, expected, f"{users_dir}{sep}{matching[0]}")
    others: list[str | Msg] = list(present)
    others += [M("step4.user_id.a_directory", name=d) for d in host.facts.user_id_other_entries]
    listed = joined(others[:10]) if others else M("step4.user_id.nothing")
    return failed(
        cid, expected, M("step4.user_id.found.holds", users_dir=users_dir, listed=listed), fix
    )
