"""Step 4 of the guide: servers outside the account's own ECS carry its ID as user identifier."""

from __future__ import annotations

import re

from logtail_doctor.actions import CreateFile
from logtail_doctor.checks.host import (
    Host,
    container_env_fix,
)
from logtail_doctor.checks.registry import CheckSpec, Fix, GivenFix, check
from logtail_doctor.facts import FileState
from logtail_doctor.i18n import M, Msg, joined
from logtail_doctor.outcome import (
    Outcome,
)
from logtail_doctor.text import quoted


@check(
    "step4.user_id",
    "The account ID is set as user identifier",
    test="test_account_id_is_user_identifier",
    needs=(
        "user_ids",
        "user_id_other_entries",
        "user_ids_total",
        "users_link",
        "agent_env",
        "sys_conf_dir",
        "sys_conf_from",
    ),
    fixes={
        "fix": Fix(
            "Create the identifier file: {create_cmd} (the ID of the Alibaba Cloud account "
            "that owns project {project}, not a RAM user's)",
            action=CreateFile,
        ),
        "fix.container": Fix(
            "Give the container agent the account ID in its environment, {variable}={value} "
            "(the ID of the Alibaba Cloud account that owns project {project}, not a RAM "
            "user's): {how}"
        ),
        # Not automated: the folder's path is taken by a link; what it was meant for
        # is a person's to judge (mkdir -p fails on it, and so would the fix plan).
        "fix.link": Fix(
            "{users_dir} is a symbolic link to {target}, which cannot be followed: see what "
            "it was meant for (ls -l {users_dir}), then replace it by a folder holding the "
            "identifier file: sudo rm {users_dir} && {create_cmd}"
        ),
    },
    texts={
        "expected": "{users_dir}/<account ID> for one of {ids}",
        "expected.same_account": "no user identifier (an ECS of the project's own account)",
        "found.same_account": "not needed: same_account_ecs is true in the targets file",
        "found.no_dir": "{users_dir} does not exist",
        "found.holds": "{users_dir} holds {listed}",
        "a_directory": "{name}/ (a directory)",
        "found.link_loop": "{users_dir} is a symbolic link to {target} that loops (ELOOP)",
        "found.link_dangling": "{users_dir} is a symbolic link to {target}, which does not exist",
        "found.holds_many": "{users_dir} holds {count} entries, none for these accounts in the "
        "first {read} read: {listed}",
        "found.link_loop.short": "{users_dir} is a symbolic link loop",
        "found.link_dangling.short": "{users_dir} is a dangling symbolic link",
        "found.holds_many.short": "account ID file missing in {users_dir}",
        "found.env": "{id} (from {variable} in the agent's environment)",
        "found.and_env": "{found}; {variable} in the agent's environment holds {held}",
        "found.no_dir.short": "no account ID file ({users_dir} missing)",
        "found.holds.short": "account ID file missing in {users_dir}",
    },
    sources=(
        ("ilogtail-1.8.8", "core/config_manager/ConfigManagerBase.cpp", "113-131"),
        ("ilogtail-1.8.8", "core/config_manager/ConfigManagerBase.cpp", "2182-2196"),
        ("loongcollector", "core/app_config/AppConfig.cpp", "408-421"),
    ),
)
def check_user_id(c: CheckSpec, host: Host) -> Outcome:
    r"""Unless `same_account_ecs`, `/etc/ilogtail/users/<account id>` (Windows
    `C:\LogtailData\users\<account id>`) exists for one of `account_ids`, or the comma list in
    the agent's `ALIYUN_LOGTAIL_USER_ID` holds one: the agent merges the two. The folder moves
    with `ALIYUN_LOGTAIL_SYS_CONF_DIR` or the config's `logtail_sys_conf_dir` (which wins).
    """
    ids = host.expect.account_ids
    users_dir = host.layout.users_dir
    sep = "\\" if host.windows else "/"
    expected = c.msg("expected", users_dir=users_dir, ids=", ".join(ids))
    if host.expect.same_account_ecs:
        return c.passed(c.msg("expected.same_account"), c.msg("found.same_account"))
    present = host.facts.user_ids
    env = host.env_ids("ALIYUN_LOGTAIL_USER_ID")
    for variable, held_ids in env:
        in_env = [i for i in ids if i in held_ids]
        if in_env:
            return c.passed(expected, c.msg("found.env", id=in_env[0], variable=variable))
    if host.windows:
        create_cmd = f"New-Item -ItemType File -Force -Path '{users_dir}{sep}{ids[0]}'"
    else:
        create_cmd = f"sudo mkdir -p {users_dir} && sudo touch {users_dir}/{ids[0]}"
    fix: GivenFix | Msg = c.fix(
        "fix",
        CreateFile(f"{users_dir}{sep}{ids[0]}"),
        create_cmd=create_cmd,
        project=host.expect.project.name,
    )
    if host.container is not None:
        how = container_env_fix(host.container, "ALIYUN_LOGTAIL_USER_ID", ids[0])
        fix = c.msg(
            "fix.container",
            variable="ALIYUN_LOGTAIL_USER_ID",
            value=ids[0],
            project=host.expect.project.name,
            how=how,
        )
    link = host.facts.users_link
    found: Msg
    if present is None and link is not None:
        target = quoted(link.target)
        found = c.msg(
            "found.link_loop" if link.loops else "found.link_dangling",
            users_dir=users_dir,
            target=target,
        )
        # The folder's path is taken by a link that cannot be followed: creating
        # it (the usual fix) would fail, so the fix is a person's, with no action.
        fix = c.msg("fix.link", users_dir=users_dir, target=target, create_cmd=create_cmd)
    elif present is None:
        found = c.msg("found.no_dir", users_dir=users_dir)
    else:
        matching = [i for i in ids if i in present]
        if matching:
            return c.passed(expected, f"{users_dir}{sep}{matching[0]}")
        others: list[str | Msg] = list(present)
        others += [c.msg("a_directory", name=d) for d in host.facts.user_id_other_entries]
        listed = joined(others[:10]) if others else M("value.nothing")
        total = host.facts.user_ids_total
        if total is not None:  # more entries than the probe sent: say how many, and what was read
            found = c.msg(
                "found.holds_many",
                users_dir=users_dir,
                count=str(total),
                read=str(len(others)),
                listed=joined([*others[:10], M("value.more", count=str(total - 10))]),
            )
        else:
            if len(others) > 10:
                listed = joined([*others[:10], M("value.more", count=str(len(others) - 10))])
            found = c.msg("found.holds", users_dir=users_dir, listed=listed)
    found = host.in_agent_folder(found)
    for variable, held_ids in env:
        held: str | Msg = ", ".join(held_ids[:10]) or M("value.nothing")
        found = c.msg("found.and_env", found=found, variable=variable, held=held)
    return c.failed(expected, found, fix)


# "owner-account-id" in the metadata document and in its cache (EcsMetaData.cpp sOwnerAccountIdKey).
_OWNER_RE = re.compile(r'"owner-account-id"\s*:\s*"([0-9]{1,32})"')


@check(
    "step4.ecs_metadata",
    "ECS metadata reachable when the host relies on it",
    test="test_ecs_metadata_reachable_when_relied_on",
    needs=("ecs_metadata", "instance_identity", "user_ids", "agent_env", "sys_conf_dir"),
    fixes={
        "fix": Fix(
            "Without a users file the agent learns the account that owns this ECS from the "
            "metadata service, which does not answer here: create the identifier file "
            "({create_cmd}), or let the host reach 100.100.100.200 (firewall rules; with a "
            "proxy set, add 100.100.100.200 to NO_PROXY) and restart the agent: {restart_cmd}",
            action=CreateFile,
        ),
        "fix.other_account": Fix(
            "This ECS belongs to account {owner}, not to one of the project's: create the "
            "identifier file of the project's account: {create_cmd}",
            action=CreateFile,
        ),
    },
    texts={
        "expected": "the account that owns this ECS known to the agent ({ids})",
        "skip.windows": "the metadata service is not probed on Windows",
        "found.not_relied": "not relied on: the host is not declared a same-account ECS",
        "found.named": "not relied on: {source} names the account",
        "found.cache": "{path} (the agent's cache of the metadata) says owner-account-id {owner}",
        "found.answer": "{url} answered: owner-account-id {owner}",
        "found.reachable": "{url} answered HTTP {status}",
        "found.unreachable": "{url} did not answer ({error}) and there is no cache at {path}",
        "found.not_probed": "the probe did not ask the metadata service",
        "found.unreachable.short": "ECS metadata unreachable, no users file",
        "found.other_account.short": "ECS owned by another account than the project's",
        "found.other_account": "{said}: not one of the project's accounts",
    },
    sources=(
        ("loongcollector", "core/common/EcsMetaData.cpp", "149-260"),
        ("loongcollector", "core/common/MachineInfoUtil.cpp", "575-625"),
    ),
)
def check_ecs_metadata(c: CheckSpec, host: Host) -> Outcome:
    """A same-account ECS (`same_account_ecs`) needs no users file only because the agent reads
    the account that owns the ECS from the metadata service (`100.100.100.200`, a 1 s
    timeout) or from its cache `checkpoint/instance_identity`. With neither a users file nor
    `ALIYUN_LOGTAIL_USER_ID`, the metadata must answer or the cache hold `owner-account-id`,
    and that account must be one of `account_ids`.
    """
    ids = host.expect.account_ids
    expected = c.msg("expected", ids=", ".join(ids))
    if host.windows:
        return c.skipped(expected, c.msg("skip.windows"))
    if not host.expect.same_account_ecs:
        return c.passed(expected, c.msg("found.not_relied"))
    users_dir = host.layout.users_dir
    if host.facts.user_ids:
        return c.passed(expected, c.msg("found.named", source=users_dir))
    env = host.env_ids("ALIYUN_LOGTAIL_USER_ID")
    if env:
        return c.passed(
            expected, c.msg("found.named", source=M("agent.from_env", variable=env[0][0]))
        )
    create_cmd = f"sudo mkdir -p {users_dir} && sudo touch {users_dir}/{ids[0]}"
    action = CreateFile(f"{users_dir}/{ids[0]}")
    cache = host.facts.instance_identity
    said: Msg | None = None
    owner = None
    if cache is not None and cache.present and (match := _OWNER_RE.search(cache.content)):
        owner = match.group(1)
        said = c.msg("found.cache", path=cache.path, owner=owner)
    answer = host.facts.ecs_metadata
    if said is None and answer is not None and answer.rc == 0 and answer.status is not None:
        match = _OWNER_RE.search(answer.body)
        if match:
            owner = match.group(1)
            said = c.msg("found.answer", url=answer.url, owner=owner)
        else:
            return c.passed(
                expected, c.msg("found.reachable", url=answer.url, status=str(answer.status))
            )
    if said is not None and owner is not None:
        if owner in ids:
            return c.passed(expected, said)
        return c.failed(
            expected,
            c.msg("found.other_account", said=said),
            c.fix("fix.other_account", action, owner=owner, create_cmd=create_cmd),
        )
    if answer is None:
        return c.skipped(expected, c.msg("found.not_probed"))
    path = (
        cache.path
        if cache is not None
        else f"{host.facts.sys_conf_dir}/checkpoint/instance_identity"
    )
    return c.failed(
        expected,
        c.msg(
            "found.unreachable",
            url=answer.url,
            error=answer.error or f"HTTP {answer.status}",
            path=path,
        ),
        c.fix("fix", action, create_cmd=create_cmd, restart_cmd=host.agent.restart),
    )


# A freshly started agent has had no time to ask for its configs yet.
CONFIG_GRACE_SECONDS = 300
# What names a project in user_log_config.json, the agent's record of the collection
# configs SLS sent it (agent-in-the-wild.md §0, §2: keys project_name, region, aliuid,
# defaultEndpoint under "metrics"). Read as text: the probe sends at most its first 64 KiB.
_PROJECT_RE = re.compile(r'"project_name"\s*:\s*"([^"\\]{1,128})"')


@check(
    "step4.configs_received",
    "Collection configs from SLS have reached the agent",
    test="test_agent_received_collection_configs",
    needs=("user_log_config", "processes", "install_paths"),
    fixes={
        "fix": Fix(
            "Apply a collection config of project {project} to machine group {group} in the "
            "SLS console (a Logtail configuration, then Manage machine groups): with none "
            "applied the agent backs off its heartbeat to up to 12 minutes. If one is "
            "applied already, the checks before this one pass and it still has none, restart "
            "the agent so that it asks again now: {restart_cmd}"
        ),
    },
    texts={
        "expected": "{path} lists a collection config of project {project}",
        "skip.windows": "received configs are not read on Windows",
        "skip.elsewhere": "this agent keeps received configs elsewhere",
        "skip.not_probed": "the probe did not read {path}",
        "skip.not_running": "the agent does not run (see step 1)",
        "skip.young": "the agent started {seconds} s ago: its configs may still be on the way",
        "skip.truncated": (
            "{path} is larger than the probe reads; its first part lists only {projects}"
        ),
        "found.absent": (
            "no {path}: the agent has received no collection config since it was installed"
        ),
        "found.none": "{path} lists no collection config",
        "found.other": "{path} lists configs of other projects only: {projects}",
        "found.ok": "{path} lists {count} collection config(s) of project {project}",
        "found.absent.short": "no collection config received",
        "found.none.short": "no collection config received",
        "found.other.short": "no collection config of project {project}",
    },
)
def check_configs_received(c: CheckSpec, host: Host) -> Outcome:
    """The agent got collection configs for the project: else its heartbeat backs off.

    With no config applied to its machine group, the agent slows its requests to the
    region (up to 12 minutes, Alibaba Cloud's heartbeat FAQ), and the console can show
    no heartbeat although install, network and identifiers are right.
    """
    project = host.expect.project.name
    fact = host.facts.user_log_config
    path = fact.path if fact is not None else "user_log_config.json"
    expected = c.msg("expected", path=path, project=project)
    if host.windows:
        return c.skipped(expected, c.msg("skip.windows"))
    if fact is None:
        return c.skipped(expected, c.msg("skip.elsewhere"))
    if fact.state is FileState.NOT_PROBED:
        return c.skipped(expected, c.msg("skip.not_probed", path=path))
    if host.agent.flavour == "none" or not host.processes:
        return c.skipped(expected, c.msg("skip.not_running"))
    fix = c.fix(
        "fix",
        project=project,
        group=host.expect.group.name if host.expect.group else "?",
        restart_cmd=host.agent.restart,
    )
    # Seconds since the youngest agent process started: a fresh one may not have asked yet
    # (and holds no file, or an empty list, until it has).
    age = min((p.elapsed for p in host.processes if p.elapsed is not None), default=None)
    young = age is not None and age < CONFIG_GRACE_SECONDS
    if fact.state is FileState.ABSENT:
        if young:
            return c.skipped(expected, c.msg("skip.young", seconds=str(age)))
        return c.failed(expected, c.msg("found.absent", path=path), fix)
    if not fact.present:
        state = M(f"file.state.{fact.state.name.lower()}")
        return c.failed(expected, M("file.state", path=path, state=state), fix)
    projects = _PROJECT_RE.findall(fact.content)
    if project in projects:
        count = str(projects.count(project))
        return c.passed(expected, c.msg("found.ok", path=path, count=count, project=project))
    shown = ", ".join(dict.fromkeys(projects)) or "-"
    if fact.truncated:
        return c.skipped(expected, c.msg("skip.truncated", path=path, projects=shown))
    if not projects:
        if young:
            return c.skipped(expected, c.msg("skip.young", seconds=str(age)))
        return c.failed(expected, c.msg("found.none", path=path), fix)
    other = c.msg("found.other", path=path, projects=shown, project=project)
    return c.failed(expected, other, fix)
