"""Step 3 of the guide: the IP the agent reports (or its custom identifier) is the group's."""

from __future__ import annotations

from logtail_doctor.checks.host import (
    Host,
    daemons_and_workers,
    excerpt,
)
from logtail_doctor.checks.registry import check
from logtail_doctor.facts import (
    FileState,
)
from logtail_doctor.i18n import M, Msg
from logtail_doctor.ip_prediction import predict_agent_ip, usable_nics
from logtail_doctor.outcome import (
    Outcome,
    failed,
    passed,
    skipped,
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
    needs=("app_info", "nics"),
    fixes=(
        "step3.ip_recorded.fix.writes",
        "step3.ip_recorded.fix.rewrites",
        "step3.ip_recorded.fix.set_ip",
    ),
)
def check_ip_recorded(host: Host) -> Outcome:
    cid = "step3.ip_recorded"
    path = host.layout.app_info_path
    config_path = host.layout.config_path
    expected = M("step3.ip_recorded.expected", path=path)
    info = host.facts.app_info
    restart = host.agent.restart
    if info.state is not FileState.PRESENT:
        return failed(
            cid,
            expected,
            M("file.state", path=path, state=M(f"file.state.{info.state.name.lower()}")),
            M("step3.ip_recorded.fix.writes", restart_cmd=restart),
        )
    if host.app_info is None:
        return failed(
            cid,
            expected,
            M("file.unusable", path=path, error=host.app_info_error or ""),
            M("step3.ip_recorded.fix.rewrites", restart_cmd=restart),
            excerpt(info.content),
        )
    ip = host.app_info.ip
    if not ip or not is_ipv4(ip):
        candidates = usable_nics(host.facts.nics)
        suggestion: str | Msg = (
            candidates[0].address if candidates else M("step3.ip_recorded.this_hosts_ip")
        )
        nic = candidates[0].interface if candidates else "eth0"
        return failed(
            cid,
            expected,
            M("step3.ip_recorded.found.empty")
            if not ip
            else M("step3.ip_recorded.found.not_ipv4", ip=repr(ip)),
            M(
                "step3.ip_recorded.fix.set_ip",
                ip=suggestion,
                nic=nic,
                config=config_path,
                restart_cmd=restart,
            ),
            excerpt(info.content),
        )
    return passed(cid, expected, M("step3.ip_recorded.found.ok", ip=ip), excerpt(info.content))


@check(
    "step3.custom_id",
    "user_defined_id holds the group's custom identifier",
    needs=("user_defined_id",),
    fixes=("step3.custom_id.fix",),
    automatable=("step3.custom_id.fix",),
)
def check_custom_id(host: Host) -> Outcome:
    """A custom-identifier group matches the lines of user_defined_id, not IPs."""
    cid = "step3.custom_id"
    path = host.layout.user_defined_id_path
    group = host.custom_group
    if group is None:
        return passed(cid, M("step3.custom_id.expected.none"), M("step3.custom_id.found.by_ip"))
    ids = ", ".join(group.custom_ids)
    expected = M("step3.custom_id.expected", path=path, ids=ids, group=group.name)
    if host.windows:
        write_cmd = f"Set-Content -Path '{path}' -Value '{group.custom_ids[0]}'"
    else:
        write_cmd = f"echo '{group.custom_ids[0]}' | sudo tee -a {path}"
    fix = M(
        "step3.custom_id.fix",
        write_cmd=write_cmd,
        group=group.name,
        path=path,
        custom_id=group.custom_ids[0],
    )
    fact = host.facts.user_defined_id
    if fact is None or not fact.present:
        state = fact.state if fact is not None else FileState.NOT_PROBED
        return failed(
            cid,
            expected,
            M("file.state", path=path, state=M(f"file.state.{state.name.lower()}")),
            fix,
        )
    lines = parse_user_defined_ids(fact.content)
    matching = [line for line in lines if line in group.custom_ids]
    if matching:
        return passed(cid, expected, M("step3.custom_id.found.ok", id=matching[0]))
    held = first_items([repr(line) for line in lines], 5) or M("step4.user_id.nothing")
    return failed(cid, expected, M("step3.custom_id.found", path=path, held=held), fix)


@check(
    "step3.ip_in_group",
    "The recorded IP is in the machine group",
    needs=("app_info",),
    fixes=("step3.ip_in_group.fix",),
)
def check_ip_in_group(host: Host) -> Outcome:
    cid = "step3.ip_in_group"
    ip = host.recorded_ip
    group = host.expect.group
    groups = (group,) if group else host.expect.all_groups
    names = ", ".join(g.name for g in groups)
    expected = M("step3.ip_in_group.expected", groups=names)
    if host.custom_group is not None:
        return passed(cid, expected, M("step3.found.custom_group", group=host.custom_group.name))
    if ip is None:
        return skipped(cid, expected, M("step3.skip.no_ip"))
    listed = "; ".join(
        first_items(g.ips, 8)
        or "nothing: the targets file gives no ips (--sls reads them from SLS)"
        for g in groups
    )
    if any(ip in g.ips for g in groups):
        return passed(cid, expected, M("step3.ip_in_group.found.ok", ip=ip, groups=names))
    target: str | Msg = (
        groups[0].name if len(groups) == 1 else M("step3.ip_in_group.the_hosts_group")
    )
    return failed(
        cid,
        expected,
        M("step3.ip_in_group.found", ip=ip, groups=names, listed=listed),
        M("step3.ip_in_group.fix", project=host.expect.project.name, group=target, ip=ip),
    )


@check(
    "step3.ip_current",
    "The recorded IP is the one the agent would take now",
    needs=("app_info", "hostname", "etc_hosts", "resolved", "resolve_rc", "resolve_limit", "nics"),
    fixes=(
        "step3.ip_current.fix.restart",
        "step3.ip_current.fix.stale_hosts",
        "step3.ip_current.fix.resolve",
    ),
    automatable=("step3.ip_current.fix.restart",),
)
def check_ip_current(host: Host) -> Outcome:
    cid = "step3.ip_current"
    ip = host.recorded_ip
    facts = host.facts
    config = host.config
    prediction = predict_agent_ip(
        facts.hostname,
        facts.resolved,
        facts.nics,
        working_ip=config.working_ip if config else None,
        working_interface=config.working_interface if config else None,
        bind_interface=config.bind_interface if config else None,
        windows=host.windows,
    )
    shown = " or ".join(prediction.candidates) or "no IP"
    expected = M("step3.ip_current.expected", candidates=shown, rule=prediction.rule)
    if host.custom_group is not None:
        return passed(cid, expected, M("step3.found.custom_group", group=host.custom_group.name))
    if ip is None:
        return skipped(cid, expected, M("step3.skip.no_ip"))
    lines = hosts_file_lines_for(facts.hostname, facts.etc_hosts.content)
    evidence = (
        f"hostname: {facts.hostname}",
        f"{facts.etc_hosts.path}: "
        + (" | ".join(lines) if lines else f"(no line for {facts.hostname})"),
        "NICs: " + ", ".join(f"{n.interface} {n.address}" for n in facts.nics),
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
        return failed(
            cid,
            expected,
            M(
                "step3.ip_current.found.resolve_timed_out",
                command=resolve_cmd,
                seconds=str(facts.resolve_limit),
                hostname=facts.hostname,
            ),
            M(
                "step3.ip_current.fix.resolve",
                ip=nic_ips[0].address if nic_ips else M("step3.ip_recorded.this_hosts_ip"),
                hostname=facts.hostname,
                hosts_path=facts.etc_hosts.path,
                check_cmd=resolve_cmd,
                restart_cmd=host.agent.restart,
            ),
            *evidence,
        )
    if ip in prediction.candidates:
        return passed(cid, expected, M("step3.ip_current.found.ok", ip=ip), *evidence)
    new_ip: str | Msg = (
        prediction.candidates[0]
        if len(prediction.candidates) == 1
        else M("step3.ip_current.the_new_ip")
    )
    group: str | Msg = (
        host.expect.group.name if host.expect.group else M("step3.ip_current.its_group")
    )
    daemons, _ = daemons_and_workers(host.processes)
    # daemon_pid: a fix plan restarts only while this daemon still runs (idempotent).
    running = {"daemon_pid": str(daemons[0])} if len(daemons) == 1 else {}
    fix = M(
        "step3.ip_current.fix.restart",
        restart_cmd=host.agent.restart,
        ip=new_ip,
        group=group,
        **host.agent.control,
        **running,
    )
    local = {n.address for n in facts.nics}
    if prediction.source == "hostname" and not set(prediction.candidates) & local:
        # Restarting now would make the agent report an address this host does not have.
        fix = M(
            "step3.ip_current.fix.stale_hosts",
            hostname=facts.hostname,
            ip=new_ip,
            config=host.layout.config_path,
            restart_cmd=host.agent.restart,
            group=group,
        )
    return failed(cid, expected, M("step3.ip_current.found", ip=ip), fix, *evidence)
