"""Step 1 of the guide: the agent is installed, one instance of it, and it runs."""

from __future__ import annotations

from logtail_doctor.actions import RolloutRestart, StartAgent, StartService
from logtail_doctor.agent_log import (
    RESTART_CAUSES,
    parse_agent_log,
    recent,
    restarts,
    unexplained,
)
from logtail_doctor.checks.host import (
    INSTALL_DIR,
    WINDOWS_SERVICES,
    Host,
    container_ctl,
    container_logs,
    daemons_and_workers,
    daemonset_of,
    kubectl_for,
)
from logtail_doctor.checks.registry import CheckSpec, Fix, check
from logtail_doctor.facts import ContainerFacts, FileState
from logtail_doctor.i18n import Msg, joined
from logtail_doctor.outcome import (
    Outcome,
)
from logtail_doctor.probe.common import VALUE_LIMIT
from logtail_doctor.text import one_line, quoted, shorten


@check(
    "step1.installed",
    "The agent is installed",
    test="test_agent_is_installed",
    needs=("install_paths", "services", "layout"),
    fixes={
        "fix.install": Fix("Install the agent for project region {region}: {install_cmd}"),
        "fix.reinstall": Fix("Reinstall the agent: {install_cmd}"),
        "fix.container": Fix(
            "Run the agent's image in {name} (the Logtail or LoongCollector image of region "
            "{region}), or point this target at the agent's container"
        ),
    },
    texts={
        "expected": "{install_dir}/, the agent binary and its init script",
        "found.none": (
            "no agent: neither /etc/init.d/ilogtaild nor /etc/init.d/loongcollectord nor "
            "{install_dir}/ilogtail exists"
        ),
        "found.partial": "{agent} is partly installed: missing {missing}",
        "found.ok": "{agent}: {paths} present",
        "expected.windows": "the Logtail service ({services})",
        "found.no_service": (
            "no LogtailDaemon or LogtailWorker service (install folder: {install_dir})"
        ),
        "found.service": "{agent}: service {service}",
        "found.none.short": "no agent installed",
        "expected.container": "{install_dir}/ilogtail or {install_dir}/loongcollector in the image",
        "found.container": "container agent {agent} in {engine} {name}: {paths} present",
        "found.container.none": (
            "container {name} ({engine}) has neither {install_dir}/ilogtail nor "
            "{install_dir}/loongcollector: not an agent image"
        ),
        "found.container.none.short": "no agent in the container",
        "found.partial.short": "agent partly installed (missing {missing})",
        "found.no_service.short": "no agent service",
    },
)
def check_installed(c: CheckSpec, host: Host) -> Outcome:
    """The agent is installed: `/usr/local/ilogtail/`, the binary and its init script (Logtail
    `ilogtaild`, LoongCollector `loongcollectord`); the community edition's
    `/opt/loongcollector/loongcollector`; on Windows the `LogtailDaemon` (1.x) or
    `LogtailWorker` (0.x) service.
    """
    agent, paths, layout = host.agent, host.facts.install_paths, host.layout
    if host.container is not None:
        return _container_installed(c, host, host.container)
    if host.windows:
        expected = c.msg("expected.windows", services=" / ".join(WINDOWS_SERVICES))
        if agent.flavour == "none":
            return c.failed(
                expected,
                c.msg("found.no_service", install_dir=layout.install_dir),
                c.msg(
                    "fix.install",
                    region=host.expect.project.region,
                    install_cmd=host.reinstall_command(),
                ),
            )
        return c.passed(
            expected,
            c.msg("found.service", agent=agent.display, service=agent.service),
        )
    expected = c.msg("expected", install_dir=layout.install_dir)
    if agent.flavour == "none":
        return c.failed(
            expected,
            c.msg("found.none", install_dir=INSTALL_DIR),
            c.msg(
                "fix.install",
                region=host.expect.project.region,
                install_cmd=host.reinstall_command(),
            ),
        )
    if agent.flavour == "community":
        needed = [layout.install_dir, f"{layout.install_dir}/loongcollector"]
    else:
        binary = "loongcollector" if agent.flavour == "loongcollector" else "ilogtail"
        needed = [INSTALL_DIR, f"{INSTALL_DIR}/{binary}", f"/etc/init.d/{agent.service}"]
    missing = [p for p in needed if p not in paths]
    if missing:
        return c.failed(
            expected,
            c.msg("found.partial", agent=agent.display, missing=", ".join(missing)),
            c.msg("fix.reinstall", install_cmd=host.reinstall_command()),
        )
    return c.passed(expected, c.msg("found.ok", agent=agent.display, paths=", ".join(needed)))


def _container_installed(c: CheckSpec, host: Host, container: ContainerFacts) -> Outcome:
    """A container agent needs its binary only: the image's entrypoint starts it."""
    agent = host.agent
    expected = c.msg("expected.container", install_dir=INSTALL_DIR)
    if agent.flavour == "none":
        return c.failed(
            expected,
            c.msg(
                "found.container.none",
                name=container.name,
                engine=container.engine,
                install_dir=INSTALL_DIR,
            ),
            c.msg("fix.container", name=container.name, region=host.expect.project.region),
        )
    binary = "loongcollector" if agent.flavour == "loongcollector" else "ilogtail"
    return c.passed(
        expected,
        c.msg(
            "found.container",
            agent=agent.display,
            engine=container.engine,
            name=container.name,
            paths=f"{INSTALL_DIR}/{binary}",
        ),
    )


@check(
    "step1.instances",
    "Exactly one agent instance runs",
    test="test_exactly_one_agent_instance_runs",
    needs=("processes", "install_paths", "agent_pid_ns", "own_pid_ns"),
    fixes={
        "fix": Fix(
            "More than one agent instance runs (a second install, or a copy started by "
            "hand): stop them all with {stop_cmd}, end any daemon still left (PIDs {pids}), "
            "then start one: {start_cmd}"
        ),
    },
    texts={
        "expected": "one agent daemon and one worker process",
        "expected.one": "one loongcollector process",
        "skip.windows": "process counts are not judged on Windows",
        "skip.none": "no agent is installed",
        "skip.not_running": "no agent process runs (see step1.running)",
        "found": "{daemons} daemon(s) and {workers} worker(s): {pids}",
        "found.containers": (
            "{daemons} daemon(s) and {workers} worker(s): {pids}; not counted, in containers "
            "(PID namespaces of their own): {others}"
        ),
        "container": "{pid} (PID namespace {ns})",
        "found.short": "{daemons} agent daemons running",
    },
)
def check_instances(c: CheckSpec, host: Host) -> Outcome:
    """Exactly one daemon and one worker process run (community edition: one process); two installs
    or a copy started by hand fight over the same files. Agents in other PID namespaces than
    the host's (containers: logtail-ds, loongcollector-ds, `docker run` of the agent's image)
    are not counted, as `loongcollectord status` does not count them; the finding lists them.
    Not judged on Windows.
    """
    agent = host.agent
    # The open-source edition runs as one process (no daemon/worker pair).
    expected = c.msg("expected.one" if agent.flavour == "community" else "expected")
    if host.windows:
        return c.skipped(expected, c.msg("skip.windows"))
    if agent.flavour == "none":
        return c.skipped(expected, c.msg("skip.none"))
    if not host.processes:
        return c.skipped(expected, c.msg("skip.not_running"))
    daemons, workers = daemons_and_workers(host.processes)
    counts = {
        "daemons": str(len(daemons)),
        "workers": str(len(workers)),
        "pids": ", ".join(f"{p.pid} (parent {p.ppid})" for p in host.processes[:10]),
    }
    found = c.msg("found", **counts)
    if host.container_processes:
        namespaces = host.facts.agent_pid_ns
        others = joined(
            [
                c.msg("container", pid=str(p.pid), ns=str(namespaces.get(str(p.pid), "?")))
                for p in host.container_processes[:10]
            ]
        )
        found = c.msg("found.containers", others=others, **counts)
    wanted = (1, 0) if agent.flavour == "community" else (1, 1)
    if (len(daemons), len(workers)) == wanted:
        return c.passed(expected, found)
    fix = c.msg(
        "fix",
        stop_cmd=agent.ctl("stop"),
        pids=" ".join(str(pid) for pid in daemons),
        start_cmd=agent.ctl("start"),
    )
    return c.failed(expected, found, fix)


# What the control scripts' exit codes mean: loongcollectord's `status` exits
# 0 running, 3 stopped, 1 abnormal process count; ilogtaild is assumed to
# follow the same template (domain-facts §8).
_STATUS_MEANING = {0: "running", 1: "abnormal", 3: "stopped"}


@check(
    "step1.running",
    "The agent is running",
    test="test_agent_is_running",
    needs=("status", "processes", "services", "install_paths"),
    fixes={
        "fix": Fix(
            "Start the agent: {start_cmd}; if it does not stay up, read "
            "{install_dir}/ilogtail.LOG (Logtail) or loongcollector.LOG",
            action=StartAgent,
        ),
        "fix.windows": Fix(
            "Start the service: {start_cmd}; if it stops again, read the logs in {install_dir}",
            action=StartService,
        ),
        "fix.container": Fix(
            "The agent does not run in its container: read what it printed with {logs_cmd}, "
            "then restart it: {restart_cmd}",
            action=RolloutRestart,  # on Kubernetes; a podman or docker container: by hand
        ),
        "fix.hung": Fix(
            "The init script's status hangs instead of answering: see where it waits with "
            "{trace_cmd}; if the agent itself hangs, restart it: {restart_cmd}"
        ),
        "fix.flood": Fix(
            "The init script's status should print one line: see what it prints with "
            "{peek_cmd}; repair or reinstall the agent's init script, then restart it: "
            "{restart_cmd}"
        ),
    },
    texts={
        "expected": "`{command}` exits 0 saying 'is running', and agent processes exist",
        "skip.no_script": "the agent's init script is not installed",
        "found": "`{command}` exited {rc} saying {said}; {processes} agent process(es)",
        "found.not_run": "nothing (the probe could not run it)",
        "found.timed_out": (
            "`{command}` did not answer within {seconds} s (the probe's bound stopped it); "
            "{processes} agent process(es)"
        ),
        "found.too_long": (
            "`{command}` printed more than {kib} KiB (the probe kept the first {kib} KiB); "
            "{processes} agent process(es)"
        ),
        "found.too_long.short": "agent status prints more than {kib} KiB",
        "rc": "{rc} ({meaning})",
        "rc.running": "running",
        "rc.stopped": "stopped",
        "rc.abnormal": "abnormal process count",
        "expected.process": "a running {name} process",
        "found.processes": "{processes} agent process(es)",
        "expected.service": "service {service} in state Running",
        "skip.no_service": "no Logtail service is installed",
        "found.service": "service {service} is {state}",
        "found.short": "agent not running (status exit {rc})",
        "found.not_run.short": "agent status unknown (script could not run)",
        "found.timed_out.short": "agent status hangs (no answer in {seconds} s)",
        "found.processes.short": "agent not running ({processes} processes)",
        "found.service.short": "service {service} is {state}",
        "expected.container": "agent processes running in {engine} {name}",
    },
)
def check_running(c: CheckSpec, host: Host) -> Outcome:
    """`/etc/init.d/<script> status` exits 0 saying `... is running`, and the agent's processes
    exist (exit 3 = stopped, 1 = abnormal process count, as `loongcollectord` documents); on
    Windows the service is `Running`. A `status` that does not answer within an eighth of the
    command timeout is a failure of its own (the probe cut it).
    """
    agent = host.agent
    if host.windows:
        return _windows_running(c, host)
    if host.container is not None:
        return _container_running(c, host, host.container)
    if agent.flavour == "community":
        expected = c.msg("expected.process", name="loongcollector")
        found = c.msg("found.processes", processes=str(len(host.processes)))
        if host.processes:
            return c.passed(expected, found)
        return c.failed(
            expected,
            found,
            c.fix(
                "fix",
                agent.start_action,
                start_cmd=agent.ctl("start"),
                install_dir=host.layout.install_dir,
            ),
        )
    command = f"/etc/init.d/{agent.service} status"
    expected = c.msg("expected", command=command)
    if agent.flavour == "none" or f"/etc/init.d/{agent.service}" not in host.facts.install_paths:
        return c.skipped(expected, c.msg("skip.no_script"))
    status = host.facts.status.get(agent.service)
    if status and status.timed_out and status.limit is not None:
        # The exit code is timeout's own (124): say that the script hung.
        return c.failed(
            expected,
            c.msg(
                "found.timed_out",
                command=command,
                seconds=str(status.limit),
                processes=str(len(host.processes)),
            ),
            c.msg(
                "fix.hung",
                trace_cmd=f"sudo timeout 30 sh -x {command}",
                restart_cmd=agent.restart,
            ),
            f"$ {command}\n{status.output.strip()}",
        )
    if status and status.over_limit:
        # Not a lost host (issue 36): the probe's cap kept the host's answer small.
        return c.failed(
            expected,
            c.msg(
                "found.too_long",
                command=command,
                kib=str(VALUE_LIMIT // 1024),
                processes=str(len(host.processes)),
            ),
            c.msg(
                "fix.flood",
                peek_cmd=f"sudo {command} | head -c 2000",
                restart_cmd=agent.restart,
            ),
            f"$ {command}\n{shorten(status.output.strip(), 2000)}",
        )
    said: str | Msg = quoted(one_line(status.output)) if status else c.msg("found.not_run")
    rc = str(status.rc) if status else "None"
    meaning = _STATUS_MEANING.get(status.rc) if status else None
    found = c.msg(
        "found",
        command=command,
        rc=rc if meaning is None else c.msg("rc", rc=rc, meaning=c.msg(f"rc.{meaning}")),
        said=said,
        processes=str(len(host.processes)),
    )
    evidence = (f"$ {command}\n{status.output.strip()}" if status else "",)
    if status and status.rc == 0 and "is running" in status.output and host.processes:
        return c.passed(expected, found, *evidence)
    return c.failed(
        expected,
        found,
        c.fix("fix", agent.start_action, start_cmd=agent.ctl("start"), install_dir=INSTALL_DIR),
        *evidence,
    )


def _container_running(c: CheckSpec, host: Host, container: ContainerFacts) -> Outcome:
    """No init script in an agent image: its processes in the container are the answer."""
    expected = c.msg("expected.container", engine=container.engine, name=container.name)
    found = c.msg("found.processes", processes=str(len(host.processes)))
    if host.processes:
        return c.passed(expected, found)
    rollout = None
    if container.engine == "kubectl":
        rollout = RolloutRestart(
            container.namespace or "default", daemonset_of(container), container.context
        )
    return c.failed(
        expected,
        found,
        c.fix(
            "fix.container",
            rollout,
            logs_cmd=container_logs(container),
            restart_cmd=container_ctl(container, "restart"),
        ),
    )


def _windows_running(c: CheckSpec, host: Host) -> Outcome:
    agent = host.agent
    expected = c.msg("expected.service", service=agent.service)
    if agent.flavour == "none":
        return c.skipped(expected, c.msg("skip.no_service"))
    state = host.facts.services.get(agent.service, "")
    found = c.msg("found.service", service=agent.service, state=state or "?")
    if state == "Running":
        return c.passed(expected, found)
    return c.failed(
        expected,
        found,
        c.fix(
            "fix.windows",
            StartService(agent.service),
            start_cmd=agent.ctl("start"),
            install_dir=host.layout.install_dir,
        ),
    )


# How many restart lines a failure shows besides the one it quotes.
_RESTART_LINES = 5


@check(
    "step1.stable",
    "The agent has not restarted itself in the last hour",
    test="test_agent_has_not_restarted_itself",
    needs=("agent_log", "epoch", "utc_offset"),
    fixes={
        "fix.resource_limit": Fix(
            "The agent went over its own CPU or memory limit for minutes and restarted "
            "itself: raise cpu_usage_limit (cores, default 0.4) and mem_usage_limit (MB, "
            "default 384) in {config}, or collect less on this host; then restart the agent: "
            "{restart_cmd}"
        ),
        "fix.ip_changed": Fix(
            "The host's IP address changed under the running agent, which restarted itself "
            "and now reports the new one: give the host a stable address (a static IP, a "
            "DHCP reservation) or pin the agent's with working_ip in {config}, and list the "
            "address the agent reports in the machine group"
        ),
        "fix.config_watchdog": Fix(
            "The agent could not fetch its config for over an hour and forced itself to "
            "exit: make the config server reachable from this host (see the step 2 "
            "checks), then restart the agent: {restart_cmd}"
        ),
    },
    texts={
        "expected": "no self-restart in {log} in the last hour",
        "found.ok": "no self-restart in the last hour ({lines} lines of {log} since {since})",
        "found.quiet": "{log} has no line from the last hour",
        "found": "{count} self-restart(s) in the last hour, the last at {time}: {line}",
        "found.short": "agent restarted itself at {time}",
        "skip.not_read": "the agent's log was not read (an older probe or another OS)",
        "skip.absent": "no {log}",
        "skip.not_regular": (
            "{log} is not a regular file (a directory, a FIFO, or a symlink that leads to "
            "no file, e.g. a loop): not read"
        ),
        "skip.unreadable": "{log} cannot be read by the probe's user",
        "skip.no_clock": (
            "the host's clock or time zone is unknown: the log's times cannot be placed"
        ),
        "skip.no_lines": (
            "the last 64 KiB of {log} hold no line in the agent's format ({other} other lines)"
        ),
    },
    sources=tuple(cause.source for cause in RESTART_CAUSES),
    evidence_always=True,
)
def check_stable(c: CheckSpec, host: Host) -> Outcome:
    """The agent's own log (`ilogtail.LOG` or `loongcollector.LOG`, its last 64 KiB) has no line
    of the last hour in which the agent announces a restart of its own: its resource limit
    (`Resource used by program exceeds upper limit ...`), a change of the host's IP (`host ip
    changed during running, prepare to restart`) or its config watchdog (`last config get time
    is too old ... prepare force exit`). Each restart drops the heartbeat. Other warning and
    error lines of the last hour are shown as evidence, as written, and judge nothing.
    """
    log = host.facts.agent_log
    name = log.path if log is not None and log.path else "the agent's log"
    expected = c.msg("expected", log=name)
    if log is None:
        return c.skipped(expected, c.msg("skip.not_read"))
    skip = {
        FileState.ABSENT: "skip.absent",
        FileState.NOT_REGULAR: "skip.not_regular",
        FileState.UNREADABLE: "skip.unreadable",
        FileState.NOT_PROBED: "skip.not_read",
    }.get(log.state)
    if skip is not None:
        return c.skipped(expected, c.msg(skip, log=name))
    epoch, offset = host.facts.epoch, host.facts.utc_offset
    if epoch is None or offset is None:
        return c.skipped(expected, c.msg("skip.no_clock"))
    parsed = parse_agent_log(log.content, log.truncated)
    if not parsed.lines:
        return c.skipped(expected, c.msg("skip.no_lines", log=name, other=str(parsed.other_lines)))
    lines = recent(parsed, epoch, offset)
    evidence = unexplained(lines)
    if not lines:
        return c.passed(expected, c.msg("found.quiet", log=name))
    found = restarts(lines)
    if not found:
        ok = c.msg("found.ok", lines=str(len(lines)), log=name, since=lines[0].time)
        return c.passed(expected, ok, *evidence)
    last = found[-1]
    config = host.layout.config_path
    fix = c.fix(f"fix.{last.cause.name}", config=config, restart_cmd=host.agent.restart)
    restart_lines = [r.line.text for r in found[-_RESTART_LINES:]]
    return c.failed(
        expected,
        c.msg(
            "found",
            count=str(len(found)),
            time=last.line.time,
            line=one_line(last.line.message)[:300],
        ),
        fix,
        *restart_lines,
        *evidence,
    )


@check(
    "step1.pod",
    "The agent's pod runs and is ready (Kubernetes)",
    test="test_agent_pod_runs_and_is_ready",
    needs=("container",),
    fixes={
        "fix.crashloop": Fix(
            "The agent's container keeps crashing: read why its last run ended with "
            "{logs_cmd}; the usual causes are a config path (ALIYUN_LOGTAIL_CONFIG) or "
            "endpoint the agent cannot use, a memory limit too low (OOMKilled) and a host path "
            "it cannot mount. Fix the ConfigMap {namespace}/alibaba-log-configuration or the "
            "DaemonSet, then: {restart_cmd}"
        ),
        "fix.not_ready": Fix(
            "See why the pod is not running and ready: {describe_cmd} (its events: image "
            "pull, scheduling, probes) and {logs_cmd}; after fixing the cause: {restart_cmd}"
        ),
    },
    texts={
        "expected": "pod {pod} in phase Running, its agent container ready",
        "expected.not_pod": "nothing to judge (not a Kubernetes pod)",
        "found.not_pod": "not needed: the agent does not run in a Kubernetes pod",
        "skip.unknown": "the pod's status could not be read: {error}",
        "found": (
            "phase {phase}, container {state}, {restarts} restart(s){last_exit} "
            "(node {node}, DaemonSet {daemonset})"
        ),
        "state.ready": "ready",
        "state.not_ready": "not ready",
        "state.waiting": "waiting: {reason}",
        "last_exit": "; last run ended: {last_exit}",
        "found.short": "pod {state}",
    },
)
def check_pod(c: CheckSpec, host: Host) -> Outcome:
    """On Kubernetes (a `kubectl://` host), the agent's pod is in phase `Running` and its agent
    container is ready, as `kubectl get pod -o json` says on the runner. A container waiting in
    `CrashLoopBackOff` is a root cause of its own: its last run's log says why. Any other host
    passes: not needed.
    """
    return judge_pod(c, host.container)


def judge_pod(c: CheckSpec, container: ContainerFacts | None) -> Outcome:
    """step1.pod on the pod's status alone: also for a pod that gave the probe no answer."""
    if container is None or container.engine != "kubectl":
        # Not needed is a pass (as a custom identifier on an IP group), so an SSH host's
        # step 1 stays all green in the report.
        return c.passed(c.msg("expected.not_pod"), c.msg("found.not_pod"))
    expected = c.msg("expected", pod=container.name)
    pod = container.pod
    if pod is None:
        return c.skipped(expected, c.msg("skip.unknown", error=container.pod_error or "?"))
    if pod.waiting_reason:
        state = c.msg("state.waiting", reason=pod.waiting_reason)
    else:
        state = c.msg("state.ready" if pod.ready else "state.not_ready")
    found = c.msg(
        "found",
        phase=pod.phase,
        state=state,
        restarts=str(pod.restarts),
        last_exit=c.msg("last_exit", last_exit=pod.last_exit) if pod.last_exit else "",
        node=pod.node or "?",
        daemonset=daemonset_of(container),
    )
    if pod.phase == "Running" and pod.ready and not pod.waiting_reason:
        return c.passed(expected, found)
    restart_cmd = container_ctl(container, "restart")
    namespace = container.namespace or "default"
    if pod.waiting_reason == "CrashLoopBackOff":
        fix = c.msg(
            "fix.crashloop",
            logs_cmd=container_logs(container, previous=True),
            namespace=namespace,
            restart_cmd=restart_cmd,
        )
    else:
        fix = c.msg(
            "fix.not_ready",
            describe_cmd=f"{kubectl_for(container)} describe pod {container.name}",
            logs_cmd=container_logs(container),
            restart_cmd=restart_cmd,
        )
    return c.failed(expected, found, fix)
