"""Step 3 of the guide: the IP the agent reports (or its custom identifier) is the group's."""

from __future__ import annotations

from logtail_doctor.actions import AddLine, RestartAgent
from logtail_doctor.checks.host import (
    Host,
    container_env_fix,
    daemons_and_workers,
    excerpt,
)
from logtail_doctor.checks.registry import CheckSpec, Fix, GivenFix, check
from logtail_doctor.facts import (
    FileState,
)
from logtail_doctor.i18n import M, Msg
from logtail_doctor.ip_prediction import predict_agent_ip, usable_nics
from logtail_doctor.outcome import (
    Outcome,
)
from logtail_doctor.parsers import (
    hosts_file_lines_for,
    is_ipv4,
    parse_user_defined_ids,
)
from logtail_doctor.text import first_items


@check(
    "step3.ip_recorded",
    "app_info.json records the agent's IPv4",
    test="test_agent_recorded_its_ip",
    needs=("app_info", "nics"),
    fixes={
        "fix.writes": Fix("The agent writes it when it starts: {restart_cmd}"),
        "fix.rewrites": Fix("The agent rewrites it when it starts: {restart_cmd}"),
        "fix.set_ip": Fix(
            'Tell the agent its IP: set "working_ip": "{ip}" (or "working_interface": '
            '"{nic}") in {config}, then restart: {restart_cmd}'
        ),
    },
    texts={
        "expected": "{path} with a non-empty IPv4 in 'ip'",
        "found.empty": "'ip' is empty: the agent found no IP and cannot work",
        "found.not_ipv4": "'ip' is {ip}, not an IPv4 address",
        "found.ok": "ip {ip}",
        "this_hosts_ip": "<this host's IP>",
        "found.empty.short": "agent recorded no IP",
        "found.not_ipv4.short": "recorded IP {ip} is not IPv4",
    },
    sources=(("loongcollector", "core/application/Application.cpp", "157-221"),),
)
def check_ip_recorded(c: CheckSpec, host: Host) -> Outcome:
    """`app_info.json` records a non-empty IPv4 `ip`; if not, the fix suggests `working_ip` with
    this host's address.
    """
    path = host.layout.app_info_path
    config_path = host.layout.config_path
    expected = c.msg("expected", path=path)
    info = host.facts.app_info
    restart = host.agent.restart
    if info.state is not FileState.PRESENT:
        return c.failed(
            expected,
            M("file.state", path=path, state=M(f"file.state.{info.state.name.lower()}")),
            c.msg("fix.writes", restart_cmd=restart),
        )
    if host.app_info is None:
        return c.failed(
            expected,
            M("file.unusable", path=path, error=host.app_info_error or ""),
            c.msg("fix.rewrites", restart_cmd=restart),
            excerpt(info.content),
        )
    ip = host.app_info.ip
    if not ip or not is_ipv4(ip):
        candidates = usable_nics(host.facts.nics)
        suggestion: str | Msg = candidates[0].address if candidates else c.msg("this_hosts_ip")
        nic = candidates[0].interface if candidates else "eth0"
        return c.failed(
            expected,
            c.msg("found.empty") if not ip else c.msg("found.not_ipv4", ip=repr(ip)),
            c.msg(
                "fix.set_ip",
                ip=suggestion,
                nic=nic,
                config=config_path,
                restart_cmd=restart,
            ),
            excerpt(info.content),
        )
    return c.passed(expected, c.msg("found.ok", ip=ip), excerpt(info.content))


@check(
    "step3.custom_id",
    "user_defined_id holds the group's custom identifier",
    test="test_custom_identifier_is_the_groups",
    needs=("user_defined_id", "agent_env", "sys_conf_dir", "sys_conf_from"),
    fixes={
        "fix": Fix(
            "Add the identifier on a line of its own: {write_cmd} (the agent reads it within "
            "a minute; machine group {group} then sees the host)",
            action=AddLine,
        ),
        "fix.container": Fix(
            "Give the container agent the identifier in its environment, {variable}={value} "
            "(a line written to the container's file is lost when it is re-created): {how}"
        ),
    },
    texts={
        "expected.none": "no custom identifier (an IP-based machine group)",
        "found.by_ip": "not needed: the host's machine group identifies it by IP",
        "expected": "a line of {path} holding {ids} (machine group {group})",
        "found.ok": "{id}",
        "found.env": "{id} (from {variable} in the agent's environment)",
        "found": "{path} holds {held}",
        "found.and_env": "{found}; {variable} in the agent's environment holds {held}",
        "found.short": "custom identifier missing in {path}",
    },
    sources=(("ilogtail-1.8.8", "core/config_manager/ConfigManagerBase.cpp", "2150-2180"),),
)
def check_custom_id(c: CheckSpec, host: Host) -> Outcome:
    r"""For a machine group with `custom_ids`: `user_defined_id` (`/etc/ilogtail/user_defined_id`,
    Windows `C:\LogtailData\user_defined_id`) holds one of them on a line of its own, or the
    comma list in the agent's `ALIYUN_LOGTAIL_USER_DEFINED_ID` (`LOONG_USER_DEFINED_ID`) does:
    the agent merges the two. `ALIYUN_LOGTAIL_SYS_CONF_DIR` or `logtail_sys_conf_dir` move the
    file. IP-based groups: not needed.
    """
    path = host.layout.user_defined_id_path
    group = host.custom_group
    if group is None:
        return c.passed(c.msg("expected.none"), c.msg("found.by_ip"))
    ids = ", ".join(group.custom_ids)
    expected = c.msg("expected", path=path, ids=ids, group=group.name)
    fact = host.facts.user_defined_id
    lines = parse_user_defined_ids(fact.content) if fact is not None and fact.present else ()
    # The same rule as the group plan's (MachineGroup.identifier_for): fixed on the host.
    identifier, holds_it = group.identifier_for(lines)
    if host.windows:
        write_cmd = f"Set-Content -Path '{path}' -Value '{identifier}'"
    else:
        write_cmd = f"echo '{identifier}' | sudo tee -a {path}"
    fix: GivenFix | Msg = c.fix(
        "fix", AddLine(path, identifier), write_cmd=write_cmd, group=group.name
    )
    if host.container is not None:
        variable = "ALIYUN_LOGTAIL_USER_DEFINED_ID"
        how = container_env_fix(host.container, variable, identifier)
        fix = c.msg("fix.container", variable=variable, value=identifier, how=how)
    # The agent adds the identifiers of its environment to the file's.
    env = host.env_ids("ALIYUN_LOGTAIL_USER_DEFINED_ID", "LOONG_USER_DEFINED_ID")
    for variable, held_ids in env:
        in_env = [i for i in held_ids if i in group.custom_ids]
        if in_env:
            return c.passed(expected, c.msg("found.env", id=in_env[0], variable=variable))
    found: Msg
    if fact is None or not fact.present:
        state = fact.state if fact is not None else FileState.NOT_PROBED
        found = M("file.state", path=path, state=M(f"file.state.{state.name.lower()}"))
    elif holds_it:
        return c.passed(expected, c.msg("found.ok", id=identifier))
    else:
        held = first_items([repr(line) for line in lines], 5) or M("value.nothing")
        found = c.msg("found", path=path, held=held)
    found = host.in_agent_folder(found)
    for variable, held_ids in env:
        env_held = first_items([repr(i) for i in held_ids], 5) or M("value.nothing")
        found = c.msg("found.and_env", found=found, variable=variable, held=env_held)
    return c.failed(expected, found, fix)


@check(
    "step3.ip_in_group",
    "The recorded IP is in the machine group",
    test="test_recorded_ip_is_in_machine_group",
    needs=("app_info",),
    fixes={
        "fix": Fix(
            "In the SLS console, project {project}, machine group {group}: add {ip} (the IP "
            "this agent reports), save, wait one minute and check the heartbeat"
        ),
    },
    texts={
        "expected": "the agent's IP listed in machine group {groups}",
        "found.ok": "{ip} is in {groups}",
        "found": "{ip} is not in {groups} (which lists {listed})",
        "the_hosts_group": "the host's machine group",
        "found.short": "IP {ip} not in group {groups}",
    },
)
def check_ip_in_group(c: CheckSpec, host: Host) -> Outcome:
    """That IP is listed in the host's machine group (custom-identifier groups: not needed). With
    `--sls` and a group without `ips` in the targets file, the list is the one Log Service has.
    """
    ip = host.recorded_ip
    group = host.expect.group
    groups = (group,) if group else host.expect.all_groups
    names = ", ".join(g.name for g in groups)
    expected = c.msg("expected", groups=names)
    if host.custom_group is not None:
        return c.passed(expected, M("step3.found.custom_group", group=host.custom_group.name))
    if ip is None:
        return c.skipped(expected, M("step3.skip.no_ip"))
    listed = "; ".join(
        first_items(g.ips, 8)
        or "nothing: the targets file gives no ips (--sls reads them from SLS)"
        for g in groups
    )
    if any(ip in g.ips for g in groups):
        return c.passed(expected, c.msg("found.ok", ip=ip, groups=names))
    target: str | Msg = groups[0].name if len(groups) == 1 else c.msg("the_hosts_group")
    return c.failed(
        expected,
        c.msg("found", ip=ip, groups=names, listed=listed),
        c.msg("fix", project=host.expect.project.name, group=target, ip=ip),
    )


@check(
    "step3.ip_current",
    "The recorded IP is the one the agent would take now",
    test="test_recorded_ip_is_still_current",
    needs=(
        "app_info",
        "hostname",
        "etc_hosts",
        "resolved",
        "resolve_rc",
        "resolve_limit",
        "nics",
        "resolve_over_limit",
    ),
    fixes={
        "fix.restart": Fix(
            "Restart the agent so it takes the current IP: {restart_cmd}; then put {ip} (the "
            "new app_info.json ip) in machine group {group} in the SLS console",
            action=RestartAgent,
        ),
        "fix.stale_hosts": Fix(
            "First correct the stale line for {hostname} in /etc/hosts (it points to {ip}, "
            'which no NIC of this host has), or set "working_ip" in {config}; then restart '
            "the agent: {restart_cmd}, and check that machine group {group} lists the ip "
            "app_info.json then shows"
        ),
        "fix.resolve": Fix(
            "Make the host's own name resolve at once: add the line '{ip} {hostname}' to "
            "{hosts_path} (or fix the DNS servers the host uses); check: {check_cmd}; then "
            "restart the agent so it takes its IP again: {restart_cmd}"
        ),
    },
    texts={
        "expected": "the IP the agent would take now: {candidates} ({rule})",
        "found.ok": "app_info.json ip {ip}",
        "found": "app_info.json ip {ip}: the network changed since the agent started",
        "found.resolve_timed_out": (
            "`{command}` did not answer within {seconds} s: the host cannot resolve its own name "
            "{hostname} in time, and the agent resolves it the same way when it starts"
        ),
        "the_new_ip": "the new IP",
        "its_group": "(its group)",
        "found.short": "recorded IP {ip} is stale (network changed)",
        "found.resolve_timed_out.short": "own hostname {hostname} does not resolve in time",
    },
    sources=(
        ("loongcollector", "core/common/MachineInfoUtil.cpp", "229-305"),
        ("loongcollector", "core/monitor/Monitor.cpp", "407-425"),
    ),
)
def check_ip_current(c: CheckSpec, host: Host) -> Outcome:
    """That IP is the one the agent would take now (`working_ip` of the config, else
    `ALIYUN_LOGTAIL_WORKING_IP` of its environment; `working_interface`, hostname
    resolution, then `bind_interface` or `eth0`/`bond0`, as the agent's source does); otherwise
    the network changed since it started: restart it (custom-identifier groups: not needed).
    """
    ip = host.recorded_ip
    facts = host.facts
    config = host.config
    working_ip, working_ip_from = host.working_ip()
    prediction = predict_agent_ip(
        facts.hostname,
        facts.resolved,
        facts.nics,
        working_ip=working_ip,
        working_interface=config.working_interface if config else None,
        bind_interface=config.bind_interface if config else None,
        windows=host.windows,
        working_ip_from=working_ip_from,
    )
    shown = " or ".join(prediction.candidates) or "no IP"
    expected = c.msg("expected", candidates=shown, rule=prediction.rule)
    if host.custom_group is not None:
        return c.passed(expected, M("step3.found.custom_group", group=host.custom_group.name))
    if ip is None:
        return c.skipped(expected, M("step3.skip.no_ip"))
    lines = hosts_file_lines_for(facts.hostname, facts.etc_hosts.content)
    evidence: tuple[str, ...] = (
        f"hostname: {facts.hostname}",
        f"{facts.etc_hosts.path}: "
        + (" | ".join(lines) if lines else f"(no line for {facts.hostname})"),
        "NICs: " + ", ".join(f"{n.interface} {n.address}" for n in facts.nics),
    )
    if facts.resolve_over_limit:  # the agent takes the first addresses: those were read
        evidence += (
            f"getent ahostsv4 {facts.hostname} printed more than 64 KiB: its first "
            f"{len(facts.resolved)} address(es) read",
        )
    by_name = prediction.source not in ("working_ip", "working_interface")
    if facts.resolve_limit is not None and by_name:
        # Resolving its own name hung on the host, as it does for the agent
        # when it starts (unless the config names its IP or NIC): which IP it
        # would take depends on that timing.
        if host.windows:
            resolve_cmd = f"Resolve-DnsName {facts.hostname}"
        else:
            resolve_cmd = f"getent ahostsv4 {facts.hostname}"
        nic_ips = usable_nics(facts.nics)
        return c.failed(
            expected,
            c.msg(
                "found.resolve_timed_out",
                command=resolve_cmd,
                seconds=str(facts.resolve_limit),
                hostname=facts.hostname,
            ),
            c.msg(
                "fix.resolve",
                ip=nic_ips[0].address if nic_ips else M("step3.ip_recorded.this_hosts_ip"),
                hostname=facts.hostname,
                hosts_path=facts.etc_hosts.path,
                check_cmd=resolve_cmd,
                restart_cmd=host.agent.restart,
            ),
            *evidence,
        )
    if ip in prediction.candidates:
        return c.passed(expected, c.msg("found.ok", ip=ip), *evidence)
    new_ip: str | Msg = (
        prediction.candidates[0] if len(prediction.candidates) == 1 else c.msg("the_new_ip")
    )
    group: str | Msg = host.expect.group.name if host.expect.group else c.msg("its_group")
    daemons, _ = daemons_and_workers(host.processes)
    # A fix plan restarts only while the one daemon seen still runs (idempotent).
    restart = host.agent.restart_action(daemons[0]) if len(daemons) == 1 else None
    fix: GivenFix | Msg = c.fix(
        "fix.restart", restart, restart_cmd=host.agent.restart, ip=new_ip, group=group
    )
    local = {n.address for n in facts.nics}
    if prediction.source == "hostname" and not set(prediction.candidates) & local:
        # Restarting now would make the agent report an address this host does not have.
        fix = c.msg(
            "fix.stale_hosts",
            hostname=facts.hostname,
            ip=new_ip,
            config=host.layout.config_path,
            restart_cmd=host.agent.restart,
            group=group,
        )
    return c.failed(expected, c.msg("found", ip=ip), fix, *evidence)
