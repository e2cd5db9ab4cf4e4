"""English: the reference catalogue. Every id here must exist in ja.py and zh.py.

The checks' titles are not here: each comes from its check's declaration.

Placeholders ({name}) are the host's real values: paths, IPs, IDs, commands.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- how an outcome reads ---------------------------------------------------------------
    "outcome.message": "expected {expected}; found {found}",
    "outcome.not_judged": "not judged: {found}",
    "outcome.error.found": "the test broke before it could judge: {error}",
    "outcome.error.fix": (
        "a bug of logtail-doctor, not of the host: run again with -x --tb=long and report the error"
    ),
    # Check titles (title.<check id>) are each check's own declaration's (checks/registry.py).
    # --- files --------------------------------------------------------------------------------
    "file.state": "{path} is {state}",
    "file.state.present": "present",
    "file.state.absent": "absent",
    "file.state.not_regular": "not a regular file",
    "file.state.unreadable": "unreadable",
    "file.state.not_probed": "not probed",
    "value.nothing": "nothing",
    "value.more": "(+{count} more)",
    "file.unusable": "{path} is unusable: {error}",
    # --- the host answers ---------------------------------------------------------------------
    "host.skip.unreachable": "the host is unreachable",
    # --- step 1 -------------------------------------------------------------------------------
    # --- step 2 -------------------------------------------------------------------------------
    "step2.skip.no_config": "ilogtail_config.json is missing or unusable",
    "step2.fix.config": (
        "Reinstall for region {region} over the {network} network: {install_cmd} "
        "(or correct the config server and data endpoint in {config}, then restart: "
        "{restart_cmd})"
    ),
    "step2.fix.container": (
        "Point the container agent at region {region}'s config: {variable}={value}: {how}"
    ),
    # --- step 3 -------------------------------------------------------------------------------
    "step3.skip.no_ip": "app_info.json records no usable IP",
    "step3.found.custom_group": (
        "not needed: machine group {group} identifies machines by custom identifier"
    ),
    # --- step 4 -------------------------------------------------------------------------------
    # --- waivers ------------------------------------------------------------------------------
    "waiver.active": "waived until {expires}: {justification}",
    "waiver.expired": "the waiver expired on {expires}: {justification}",
    # --- the HTML report ----------------------------------------------------------------------
    "report.title": "logtail-doctor: machine group heartbeat diagnosis",
    "report.what": "What was checked",
    "report.targets_file": "Targets file",
    "report.project": "Project",
    "report.region": "Region",
    "report.network": "Network type",
    "report.account_ids": "Account IDs",
    "report.started": "Started",
    "report.duration": "Duration",
    "report.seconds": "{seconds} s",
    "report.version": "Suite version",
    "report.revision": "Git revision",
    "report.waivers_file": "Waivers file",
    "report.run_error": "Run error (exit 1)",
    "report.none": "(none)",
    "report.hosts": "Hosts",
    "report.matrix": "Hosts by guide step",
    "report.show": "Show",
    "report.sort_by": "Sort by",
    "report.sort.host": "host",
    "report.sort.root_cause": "root cause",
    "report.sort.status": "status",
    "report.shown": "{shown} of {total} hosts shown",
    "report.col.host": "Host",
    "report.col.status": "Status",
    "report.col.root_cause": "Root cause",
    "report.col.agent": "Agent",
    "report.col.site": "Site checks",  # the site's own tests (logtail_doctor.site)
    "report.details": "details",
    "report.open_hint": "Click a host for its failed checks, what the probe saw and the fix.",
    "report.expected": "Expected",
    "report.found": "Found",
    "report.fix": "Fix",
    "report.commands": "Commands (copy and run on the host)",
    "report.copy": "Copy",
    "report.copied": "Copied",
    "report.evidence": "What the probe saw",
    "report.all_passed": "Every check passed.",
    "report.other_checks": "Other checks",
    "report.legend": "Cell colour: the worst outcome of the step's checks.",
    "report.noscript": "Filtering, sorting and host details need JavaScript.",
    "report.causes.automatable": "fix in remediation.yml",
    "report.causes.manual": "manual fix",
    "report.plan.title": "Machine-group plan",
    "report.plan.col.group": "Machine group",
    "report.plan.col.add": "Add (recorded by agents, not in the group)",
    "report.plan.col.stale": "Remove (no agent records them any more)",
    "report.plan.col.new": "The new list, ready to paste",
    "report.plan.action": (
        "SLS console, project {project}: Machine Groups > {group} > Modify, paste the new list"
    ),
    "report.plan.none": "Every machine group already lists what the agents of this run record.",
    "report.change.broke": "new failure since {baseline}",
    "report.change.fixed": "fixed since {baseline}",
    "report.change.cause_changed": "root cause changed since {baseline}: was {before}",
    "report.change.site_broke": "a site check broke since {baseline} (root cause: {before})",
    "report.changes": (
        "Since {baseline}: {broke} broke, {fixed} fixed, {changed} changed root cause"
    ),
    "report.causes": "Hosts per root cause",
    "report.causes.hint": "Click a bar to show only its hosts; click it again to show all.",
    "report.causes.all": "Show all causes",
    "report.causes.none": "No host has a root cause: nothing to fix.",
    "status.healthy": "healthy",
    "status.unhealthy": "unhealthy",
    "status.unreachable": "unreachable",
    "status.partial": "partial",
    "outcome.passed": "passed",
    "outcome.failed": "failed",
    "outcome.skipped": "not judged",
    "outcome.waived": "waived",
    "outcome.not_run": "not run",
    "outcome.error": "error",
    "step.host": "Reachable",
    "step.step1": "1 Agent",
    "step.step2": "2 Install parameters",
    "step.step3": "3 Machine group IP",
    "step.step4": "4 User ID",
    "step.server": "Server view (SLS API)",
    # --- the server's heartbeat (--sls) ---------------------------------------------------------
    "report.groups.title": "Machine groups (from SLS)",
    "report.groups.col.group": "Machine group",
    "report.groups.col.identify_type": "Identify type",
    "report.groups.col.not_checked": "Not checked (no host in this run covers them)",
    "report.groups.col.unexpected": "Heartbeating but not in the group",
    "report.groups.col.configs": "Collection configs applied",
    "report.groups.configs.none": (
        "none: its agents slow their heartbeat to up to 12 minutes until one is applied"
    ),
    "report.groups.configs.not_read": "not read",
    "report.groups.type.ip": "IP address",
    "report.groups.type.userdefined": "custom identifier",
    "report.groups.from_targets": "(targets file; SLS not read)",
    "report.groups.more": "(+{count} more)",
    # --- a finding in short (<found id>.short): the root-cause column, the causes ---
    "file.unusable.short": "{path} unusable",
    "file.state.short": "{path} is {state}",
    "outcome.error.found.short": "the test broke: {error}",
    # --- what the agent runs with (issue 33): where a value came from ---
    "agent.from_env": "{variable} in the agent's environment",
    "agent.from_config": "{setting} in {config}",
    "agent.folder_moved": "{found} (the agent's folder is {folder}, set by {source})",
    "agent.config_named": "{found} (the agent loads {path}: {variable} names it)",
    "agent.config_d_merged": "{found}; merged over it from config.d: {files}",
    "agent.set_in": "{found}; {setting} set in {file}",
    "agent.and": "{first}; {second}",
}
