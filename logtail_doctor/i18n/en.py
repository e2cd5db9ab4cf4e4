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
    "file.unusable": "{path} is unusable: {error}",
    # --- host.reachable -----------------------------------------------------------------------
    "host.reachable.expected": "an answer to the probe",
    "host.reachable.found.ok": "answered as {hostname}",
    "host.reachable.fix.auth": (
        "Check the SSH user and key for {host} (--ssh-identity-file, --ssh-config); "
        "the suite logs in non-interactively (BatchMode)"
    ),
    "host.reachable.fix.network": (
        "Check that {host} is up and that its SSH port is reachable from this runner "
        "(try: {ssh_cmd})"
    ),
    "host.reachable.fix.auth.winrm": (
        "Check the Windows user and password in {host} (NTLM; DOMAIN\\user or user@domain) "
        "and that the user may use WinRM (Administrators or Remote Management Users)"
    ),
    "host.reachable.fix.network.winrm": (
        "Check that {host} is up and that its WinRM listener (5985 HTTP, 5986 HTTPS) is "
        "enabled and reachable from this runner (try: {check_cmd}; 401 or 405 means it answers)"
    ),
    "host.skip.unreachable": "the host is unreachable",
    # --- step 1 -------------------------------------------------------------------------------
    "step1.installed.expected": "{install_dir}/, the agent binary and its init script",
    "step1.installed.found.none": (
        "no agent: neither /etc/init.d/ilogtaild nor /etc/init.d/loongcollectord nor "
        "{install_dir}/ilogtail exists"
    ),
    "step1.installed.found.partial": "{agent} is partly installed: missing {missing}",
    "step1.installed.found.ok": "{agent}: {paths} present",
    "step1.installed.fix.install": "Install the agent for project region {region}: {install_cmd}",
    "step1.installed.fix.reinstall": "Reinstall the agent: {install_cmd}",
    "step1.installed.expected.windows": "the Logtail service ({services})",
    "step1.installed.found.no_service": (
        "no LogtailDaemon or LogtailWorker service (install folder: {install_dir})"
    ),
    "step1.installed.found.service": "{agent}: service {service}",
    "step1.instances.expected": "one agent daemon and one worker process",
    "step1.instances.expected.one": "one loongcollector process",
    "step1.instances.skip.windows": "process counts are not judged on Windows",
    "step1.instances.skip.none": "no agent is installed",
    "step1.instances.skip.not_running": "no agent process runs (see step1.running)",
    "step1.instances.found": "{daemons} daemon(s) and {workers} worker(s): {pids}",
    "step1.instances.fix": (
        "More than one agent instance runs (a second install, or a copy started by hand): "
        "stop them all with {stop_cmd}, end any daemon still left (PIDs {pids}), then start "
        "one: {start_cmd}"
    ),
    "step1.running.expected": (
        "`{command}` exits 0 saying 'is running', and agent processes exist"
    ),
    "step1.running.skip.no_script": "the agent's init script is not installed",
    "step1.running.found": ("`{command}` exited {rc} saying {said}; {processes} agent process(es)"),
    "step1.running.found.not_run": "nothing (the probe could not run it)",
    "step1.running.found.timed_out": (
        "`{command}` did not answer within {seconds} s (the probe's bound stopped it); "
        "{processes} agent process(es)"
    ),
    "step1.running.fix.hung": (
        "The init script's status hangs instead of answering: see where it waits with "
        "{trace_cmd}; if the agent itself hangs, restart it: {restart_cmd}"
    ),
    "step1.running.rc": "{rc} ({meaning})",
    "step1.running.rc.running": "running",
    "step1.running.rc.stopped": "stopped",
    "step1.running.rc.abnormal": "abnormal process count",
    "step1.running.expected.process": "a running {name} process",
    "step1.running.found.processes": "{processes} agent process(es)",
    "step1.running.expected.service": "service {service} in state Running",
    "step1.running.skip.no_service": "no Logtail service is installed",
    "step1.running.found.service": "service {service} is {state}",
    "step1.running.fix.windows": (
        "Start the service: {start_cmd}; if it stops again, read the logs in {install_dir}"
    ),
    "step1.running.fix": (
        "Start the agent: {start_cmd}; if it does not stay up, read "
        "{install_dir}/ilogtail.LOG (Logtail) or loongcollector.LOG"
    ),
    # --- step 2 -------------------------------------------------------------------------------
    "step2.skip.no_config": "ilogtail_config.json is missing or unusable",
    "step2.config_valid.expected": "{config} with a config server address",
    "step2.config_valid.found.ok": "{format} format, config server {url}",
    "step2.config_valid.fix.reinstall": (
        "The installer writes this file: reinstall with the project's parameter: {install_cmd}"
    ),
    "step2.config_valid.fix.broken": "{fix} (the agent does not start with a broken config)",
    "step2.config_valid.found.community": (
        "{path} is the open-source LoongCollector's own config ({error}): the community "
        "edition does not heartbeat to SLS machine groups"
    ),
    "step2.config_valid.fix.community": (
        "Install the SLS LoongCollector (it keeps /usr/local/ilogtail and registers with the "
        "machine group): {install_cmd}"
    ),
    "step2.config_loaded.expected": "{config} unchanged since the agent started",
    "step2.config_loaded.skip.no_start": "the agent's start time is unknown (not running?)",
    "step2.config_loaded.skip.no_mtime": "the config file's modification time is unknown",
    "step2.config_loaded.found": (
        "the file changed at {changed}, after the agent (PID {pid}) started at {started}"
    ),
    "step2.config_loaded.fix": (
        "The agent reads its config only when it starts: restart it to load the edit: {restart_cmd}"
    ),
    "step2.dns.expected": "{name} resolves to an address on the host",
    "step2.dns.found.ok": "{name} resolves",
    "step2.dns.found": "{name} does not resolve: {error}",
    "step2.dns.found.timed_out": "resolving {name} did not answer within {seconds} s: {error}",
    "step2.dns.fix": (
        "Make {name} resolvable on the host (check: {check_cmd}). Intranet endpoints resolve "
        "only through Alibaba Cloud's private DNS (100.100.2.136, 100.100.2.138) on an ECS "
        "in {region}; elsewhere reinstall with {region}-internet or fix the DNS servers"
    ),
    "step2.fix.config": (
        "Reinstall for region {region} over the {network} network: {install_cmd} "
        "(or correct the config server and data endpoint in {config}, then restart: "
        "{restart_cmd})"
    ),
    "step2.region.expected": "region {region}",
    "step2.region.found": "region {region} (config server {host})",
    "step2.network.expected": "network type {network}",
    "step2.network.found": (
        "network type {network} (config server {host}, data endpoint {endpoints})"
    ),
    "step2.endpoint.expected.short": "an SLS answer from the config server",
    "step2.endpoint.expected": (
        "`curl {url}` on the host returns an SLS error body such as OLSInvalidMethod"
    ),
    "step2.endpoint.skip.not_requested": "the probe did not request {url} (unusual characters?)",
    "step2.endpoint.skip.no_curl": "curl is not installed on the host",
    "step2.endpoint.found.no_answer": "no HTTP answer: {error}",
    "step2.endpoint.found.timed_out": "{url} did not answer within {seconds} s: {error}",
    "step2.endpoint.found.not_sls": "HTTP {status} from something that is not SLS: {body}",
    "step2.endpoint.found.ok": "HTTP {status} with SLS error code {code}",
    "step2.endpoint.found.tcp": "TCP port 80 on {name} accepts connections",
    "step2.endpoint.fix.windows": (
        "From this host, `{curl_cmd}` must connect: check that {name} resolves to the SLS "
        "endpoint (DNS, C:\\Windows\\System32\\drivers\\etc\\hosts), that outbound TCP 80 "
        "and 443 are open (Windows Firewall, security group) and that no proxy intercepts it. "
        "An intranet endpoint works only from an ECS in {region}; elsewhere reinstall with "
        "{region}-internet"
    ),
    "step2.https.expected": "an answer over HTTPS from {url}",
    "step2.https.found.ok": "{status} over HTTPS",
    "step2.https.skip.http_fails": "plain HTTP fails too (see step2.endpoint)",
    "step2.https.found": "no HTTPS answer while HTTP works: {error}",
    "step2.https.found.timed_out": (
        "{url} did not answer within {seconds} s while HTTP works: {error}"
    ),
    "step2.https.fix": (
        "Open outbound TCP 443 to {name} (firewall, security group, proxy): the agent "
        "authenticates over HTTPS even when it sends over HTTP. Test: {test_cmd}"
    ),
    "step2.proxy.expected": "HTTP(S)_PROXY and ALL_PROXY, when set, of the form "
    "[scheme://][user:password@]host[:port]",
    "step2.proxy.skip.windows": "the service's environment is not read on Windows",
    "step2.proxy.skip.no_env": (
        "the agent's environment could not be read (not running, or not root)"
    ),
    "step2.proxy.found.none": "no proxy variables: the agent connects directly",
    "step2.proxy.found.ok": "{variables}",
    "step2.proxy.found": (
        "{variables} is not a valid proxy URL ({shown}): the agent ignores it and connects directly"
    ),
    "step2.proxy.fix": (
        "Set {variables} to http://[user:password@]host:port in the agent's environment "
        "(its service unit or init script), then restart: {restart_cmd}"
    ),
    "step2.agent_version.expected": (
        "an agent version that honours every setting the config turns on"
    ),
    "step2.agent_version.found.none": "the config turns on no setting that needs a newer agent",
    "step2.agent_version.found.ok": "{agent} honours {settings}",
    "step2.agent_version.found": "{agent} is older than {minimum}: it ignores {settings}",
    "step2.agent_version.skip.no_version": "the agent's version is not known ({path})",
    "step2.agent_version.fix": (
        "Upgrade the agent to {minimum} or later by reinstalling it: "
        "`{install_cmd}`; until then {settings} in {config} has no effect"
    ),
    "step2.clock.expected": "the host's clock within {minutes} minutes of SLS",
    "step2.clock.skip.no_clock": "the host's time could not be read",
    "step2.clock.skip.no_reference": "no reference clock (no Date from the endpoint)",
    "step2.clock.found": "host {host_time}, {reference} {reference_time}: {skew}",
    "step2.clock.the_endpoint": "endpoint {url}",
    "step2.clock.the_runner": "this runner",
    "step2.clock.fix": (
        "SLS rejects requests more than 15 minutes off (RequestTimeExpired): set the clock "
        'right ({sync_cmd}, and keep NTP on), or set "enable_log_time_auto_adjust": true '
        "in {config} (Logtail 1.0.19+); then restart: {restart_cmd}"
    ),
    "step2.endpoint.fix": (
        "From this host, `{curl_cmd}` must return SLS's OLSInvalidMethod error: check that "
        "{name} resolves to the SLS endpoint (DNS, /etc/hosts), that outbound TCP 80 and 443 "
        "are open (firewall, security group) and that no proxy intercepts it. An intranet "
        "endpoint works only from an ECS in {region}; elsewhere reinstall with {region}-internet"
    ),
    # --- step 3 -------------------------------------------------------------------------------
    "step3.skip.no_ip": "app_info.json records no usable IP",
    "step3.ip_recorded.expected": "{path} with a non-empty IPv4 in 'ip'",
    "step3.ip_recorded.found.empty": "'ip' is empty: the agent found no IP and cannot work",
    "step3.ip_recorded.found.not_ipv4": "'ip' is {ip}, not an IPv4 address",
    "step3.ip_recorded.found.ok": "ip {ip}",
    "step3.ip_recorded.fix.writes": "The agent writes it when it starts: {restart_cmd}",
    "step3.ip_recorded.fix.rewrites": "The agent rewrites it when it starts: {restart_cmd}",
    "step3.ip_recorded.fix.set_ip": (
        'Tell the agent its IP: set "working_ip": "{ip}" (or "working_interface": "{nic}") '
        "in {config}, then restart: {restart_cmd}"
    ),
    "step3.ip_recorded.this_hosts_ip": "<this host's IP>",
    "step3.custom_id.expected.none": "no custom identifier (an IP-based machine group)",
    "step3.custom_id.found.by_ip": "not needed: the host's machine group identifies it by IP",
    "step3.custom_id.expected": "a line of {path} holding {ids} (machine group {group})",
    "step3.custom_id.found.ok": "{id}",
    "step3.custom_id.found": "{path} holds {held}",
    "step3.custom_id.fix": (
        "Add the identifier on a line of its own: {write_cmd} (the agent reads it within a "
        "minute; machine group {group} then sees the host)"
    ),
    "step3.found.custom_group": (
        "not needed: machine group {group} identifies machines by custom identifier"
    ),
    "step3.ip_in_group.expected": "the agent's IP listed in machine group {groups}",
    "step3.ip_in_group.found.ok": "{ip} is in {groups}",
    "step3.ip_in_group.found": "{ip} is not in {groups} (which lists {listed})",
    "step3.ip_in_group.the_hosts_group": "the host's machine group",
    "step3.ip_in_group.fix": (
        "In the SLS console, project {project}, machine group {group}: add {ip} (the IP this "
        "agent reports), save, wait one minute and check the heartbeat"
    ),
    "step3.ip_current.expected": "the IP the agent would take now: {candidates} ({rule})",
    "step3.ip_current.found.ok": "app_info.json ip {ip}",
    "step3.ip_current.found": "app_info.json ip {ip}: the network changed since the agent started",
    "step3.ip_current.found.resolve_timed_out": (
        "`{command}` did not answer within {seconds} s: the host cannot resolve its own "
        "name {hostname} in time, and the agent resolves it the same way when it starts"
    ),
    "step3.ip_current.fix.resolve": (
        "Make the host's own name resolve at once: add the line '{ip} {hostname}' to "
        "{hosts_path} (or fix the DNS servers the host uses); check: {check_cmd}; then "
        "restart the agent so it takes its IP again: {restart_cmd}"
    ),
    "step3.ip_current.the_new_ip": "the new IP",
    "step3.ip_current.its_group": "(its group)",
    "step3.ip_current.fix.restart": (
        "Restart the agent so it takes the current IP: {restart_cmd}; then put {ip} (the new "
        "app_info.json ip) in machine group {group} in the SLS console"
    ),
    "step3.ip_current.fix.stale_hosts": (
        "First correct the stale line for {hostname} in /etc/hosts (it points to {ip}, which "
        'no NIC of this host has), or set "working_ip" in {config}; then restart the agent: '
        "{restart_cmd}, and check that machine group {group} lists the ip app_info.json then "
        "shows"
    ),
    # --- step 4 -------------------------------------------------------------------------------
    "step4.user_id.expected": "{users_dir}/<account ID> for one of {ids}",
    "step4.user_id.expected.same_account": (
        "no user identifier (an ECS of the project's own account)"
    ),
    "step4.user_id.found.same_account": "not needed: same_account_ecs is true in the targets file",
    "step4.user_id.found.no_dir": "{users_dir} does not exist",
    "step4.user_id.found.holds": "{users_dir} holds {listed}",
    "step4.user_id.a_directory": "{name}/ (a directory)",
    "step4.user_id.nothing": "nothing",
    "step4.user_id.fix": (
        "Create the identifier file: {create_cmd} (the ID of the Alibaba Cloud account that "
        "owns project {project}, not a RAM user's)"
    ),
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
    # --- server.heartbeat (--sls) -------------------------------------------------------------
    "server.heartbeat.expected.any": "a heartbeat within {limit}",
    "server.heartbeat.expected": "a heartbeat to machine group {group} within the last {limit}",
    "server.heartbeat.skip.no_group": (
        "the host's machine group is unknown (give machine_group in the targets file)"
    ),
    "server.heartbeat.skip.not_read": "ListMachines was not read",
    "server.heartbeat.skip.no_custom_id": "the host has no {path} to match",
    "server.heartbeat.skip.no_ip": (
        "no IP to match (app_info.json records none and the host spec has no address)"
    ),
    "server.heartbeat.who.custom_id": "custom identifier {ident}",
    "server.heartbeat.who.ip": "IP {ident}",
    "server.heartbeat.who.ip_from": "IP {ident} ({source})",
    "server.heartbeat.source.address": "host address",
    "server.heartbeat.source.none": "none",
    "server.heartbeat.found.none": (
        "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}"
    ),
    "server.heartbeat.found.none_unlisted": (
        "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}, "
        "and {group} does not list it"
    ),
    "server.heartbeat.found.last": "last heartbeat from {who} {age} ago ({at})",
    "server.heartbeat.fix.unreachable": (
        "The host could not be checked over SSH, so the host-side steps cannot say why: {fix}"
    ),
    "server.heartbeat.fix.reach_default": "make it reachable and run again",
    "server.heartbeat.fix.host_side": "The host-side diagnosis explains it ({cause}): {fix}",
    "server.heartbeat.fix.see_check": "see that check",
    "server.heartbeat.fix.add": (
        "Add {ident} to machine group {group} in the SLS console, then check the "
        "heartbeat again after about a minute"
    ),
    "server.heartbeat.fix.backoff": (
        "with no collection config applied to machine group {group} the agent slows "
        "its heartbeat to up to {minutes} minutes: apply a config to the group, or "
        "restart the agent"
    ),
    "server.heartbeat.fix.log": (
        "read the agent's log ({path}, or {alt}) for errors talking to the config server"
    ),
    "server.heartbeat.fix.clock": (
        "the host's clock must be within {minutes} minutes of the real time"
    ),
    "server.heartbeat.fix.no_heartbeat": (
        "The host-side checks pass but Log Service lists no heartbeat from it: a new "
        "agent's first heartbeat takes about {minutes} minutes; else {log}; {clock}; {backoff}"
    ),
    "server.heartbeat.fix.backing_off": "The host-side checks pass: {backoff}; {clock}",
    "server.heartbeat.fix.stopped": (
        "The host-side checks pass now, but the heartbeats stopped "
        "{age} ago (longer than the {minutes}-minute back-off): {log}; {clock}"
    ),
    "report.groups.title": "Machine groups (from SLS)",
    "report.groups.col.group": "Machine group",
    "report.groups.col.identify_type": "Identify type",
    "report.groups.col.not_checked": "Not checked (no host in this run covers them)",
    "report.groups.col.unexpected": "Heartbeating but not in the group",
    "report.groups.type.ip": "IP address",
    "report.groups.type.userdefined": "custom identifier",
    "report.groups.from_targets": "(targets file; SLS not read)",
    "report.groups.more": "(+{count} more)",
    # --- a finding in short (<found id>.short): the root-cause column, the causes ---
    "step1.installed.found.none.short": "no agent installed",
    "step1.installed.found.partial.short": "agent partly installed (missing {missing})",
    "step1.installed.found.no_service.short": "no agent service",
    "step1.instances.found.short": "{daemons} agent daemons running",
    "step1.running.found.short": "agent not running (status exit {rc})",
    "step1.running.found.not_run.short": "agent status unknown (script could not run)",
    "step1.running.found.timed_out.short": "agent status hangs (no answer in {seconds} s)",
    "step1.running.found.processes.short": "agent not running ({processes} processes)",
    "step1.running.found.service.short": "service {service} is {state}",
    "step2.config_valid.found.community.short": "community edition: no heartbeat to SLS",
    "step2.config_loaded.found.short": "config changed after the agent started",
    "step2.dns.found.short": "{name} does not resolve",
    "step2.dns.found.timed_out.short": "resolving {name} hangs",
    "step2.region.found.short": "agent installed for region {region}",
    "step2.network.found.short": "agent installed for network type {network}",
    "step2.endpoint.found.no_answer.short": "config server does not answer over HTTP",
    "step2.endpoint.found.timed_out.short": "config server silent for {seconds} s",
    "step2.endpoint.found.not_sls.short": "HTTP {status} from a server that is not SLS",
    "step2.https.found.short": "HTTPS 443 fails while HTTP works",
    "step2.https.found.timed_out.short": "HTTPS 443 silent for {seconds} s",
    "step2.proxy.found.short": "invalid proxy {variables}",
    "step2.agent_version.found.short": "{agent} too old for {settings}",
    "step2.clock.found.short": "clock off by {skew}",
    "step3.ip_recorded.found.empty.short": "agent recorded no IP",
    "step3.ip_recorded.found.not_ipv4.short": "recorded IP {ip} is not IPv4",
    "step3.custom_id.found.short": "custom identifier missing in {path}",
    "step3.ip_in_group.found.short": "IP {ip} not in group {groups}",
    "step3.ip_current.found.short": "recorded IP {ip} is stale (network changed)",
    "step3.ip_current.found.resolve_timed_out.short": (
        "own hostname {hostname} does not resolve in time"
    ),
    "step4.user_id.found.no_dir.short": "no account ID file ({users_dir} missing)",
    "step4.user_id.found.holds.short": "account ID file missing in {users_dir}",
    "server.heartbeat.found.none.short": "no heartbeat in {group}",
    "server.heartbeat.found.none_unlisted.short": "no heartbeat, not listed in {group}",
    "server.heartbeat.found.last.short": "last heartbeat {age} ago",
    "file.unusable.short": "{path} unusable",
    "file.state.short": "{path} is {state}",
    "outcome.error.found.short": "the test broke: {error}",
}
