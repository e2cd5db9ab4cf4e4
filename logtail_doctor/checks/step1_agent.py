"""Step 1 of the guide: the agent is installed, one instance of it, and it runs."""

from __future__ import annotations

from logtail_doctor.checks.host import (
    INSTALL_DIR,
    WINDOWS_SERVICES,
    Host,
    daemons_and_workers,
)
from logtail_doctor.checks.registry import check
from logtail_doctor.i18n import M, Msg
from logtail_doctor.outcome import (
    Outcome,
    failed,
    passed,
    skipped,
)
from logtail_doctor.text import one_line


@check(
    "step1.installed",
    "The agent is installed",
    needs=("install_paths", "services", "layout"),
    fixes=("step1.installed.fix.install", "step1.installed.fix.reinstall"),
)
def check_installed(host: Host) -> Outcome:
    cid = "step1.installed"
    agent, paths, layout = host.agent, host.facts.install_paths, host.layout
    if host.windows:
        expected = M("step1.installed.expected.windows", services=" / ".join(WINDOWS_SERVICES))
        if agent.flavour == "none":
            return failed(
                cid,
                expected,
                M("step1.installed.found.no_service", install_dir=layout.install_dir),
                M(
                    "step1.installed.fix.install",
                    region=host.expect.project.region,
                    install_cmd=host.reinstall_command(),
                ),
            )
        return passed(
            cid,
            expected,
            M("step1.installed.found.service", agent=agent.display, service=agent.service),
        )
    expected = M("step1.installed.expected", install_dir=layout.install_dir)
    if agent.flavour == "none":
        return failed(
            cid,
            expected,
            M("step1.installed.found.none", install_dir=INSTALL_DIR),
            M(
                "step1.installed.fix.install",
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
        return failed(
            cid,
            expected,
            M("step1.installed.found.partial", agent=agent.display, missing=", ".join(missing)),
            M("step1.installed.fix.reinstall", install_cmd=host.reinstall_command()),
        )
    return passed(
        cid, expected, M("step1.installed.found.ok", agent=agent.display, paths=", ".join(needed))
    )


@check(
    "step1.instances",
    "Exactly one agent instance runs",
    needs=("processes", "install_paths"),
    fixes=("step1.instances.fix",),
)
def check_instances(host: Host) -> Outcome:
    cid = "step1.instances"
    agent = host.agent
    if agent.flavour == "community":
        # The open-source edition runs as one process (no daemon/worker pair).
        expected = M("step1.instances.expected.one")
    else:
        expected = M("step1.instances.expected")
    if host.windows:
        return skipped(cid, expected, M("step1.instances.skip.windows"))
    if agent.flavour == "none":
        return skipped(cid, expected, M("step1.instances.skip.none"))
    if not host.processes:
        return skipped(cid, expected, M("step1.instances.skip.not_running"))
    daemons, workers = daemons_and_workers(host.processes)
    found = M(
        "step1.instances.found",
        daemons=str(len(daemons)),
        workers=str(len(workers)),
        pids=", ".join(f"{p.pid} (parent {p.ppid})" for p in host.processes[:10]),
    )
    wanted = (1, 0) if agent.flavour == "community" else (1, 1)
    if (len(daemons), len(workers)) == wanted:
        return passed(cid, expected, found)
    fix = M(
        "step1.instances.fix",
        stop_cmd=agent.ctl("stop"),
        pids=" ".join(str(pid) for pid in daemons),
        start_cmd=agent.ctl("start"),
    )
    return failed(cid, expected, found, fix)


# What the control scripts' exit codes mean: loongcollectord's `status` exits
# 0 running, 3 stopped, 1 abnormal process count; ilogtaild is assumed to
# follow the same template (domain-facts §8).
_STATUS_MEANING = {0: "running", 1: "abnormal", 3: "stopped"}


@check(
    "step1.running",
    "The agent is running",
    needs=("status", "processes", "services", "install_paths"),
    fixes=("step1.running.fix", "step1.running.fix.windows", "step1.running.fix.hung"),
    automatable=("step1.running.fix", "step1.running.fix.windows"),
)
def check_running(host: Host) -> Outcome:
    cid = "step1.running"
    agent = host.agent
    if host.windows:
        return _windows_running(host)
    if agent.flavour == "community":
        expected = M("step1.running.expected.process", name="loongcollector")
        found = M("step1.running.found.processes", processes=str(len(host.processes)))
        if host.processes:
            return passed(cid, expected, found)
        return failed(
            cid,
            expected,
            found,
            M(
                "step1.running.fix",
                start_cmd=agent.ctl("start"),
                install_dir=host.layout.install_dir,
                **agent.control,
            ),
        )
    command = f"/etc/init.d/{agent.service} status"
    expected = M("step1.running.expected", command=command)
    if agent.flavour == "none" or f"/etc/init.d/{agent.service}" not in host.facts.install_paths:
        return skipped(cid, expected, M("step1.running.skip.no_script"))
    status = host.facts.status.get(agent.service)
    if status and status.timed_out and status.limit is not None:
        # The exit code is timeout's own (124): say that the script hung.
        return failed(
            cid,
            expected,
            M(
                "step1.running.found.timed_out",
                command=command,
                seconds=str(status.limit),
                processes=str(len(host.processes)),
            ),
            M(
                "step1.running.fix.hung",
                trace_cmd=f"sudo timeout 30 sh -x {command}",
                restart_cmd=agent.restart,
            ),
            f"$ {command}\n{status.output.strip()}",
        )
    said: str | Msg = repr(one_line(status.output)) if status else M("step1.running.found.not_run")
    rc = str(status.rc) if status else "None"
    meaning = _STATUS_MEANING.get(status.rc) if status else None
    found = M(
        "step1.running.found",
        command=command,
        rc=rc
        if meaning is None
        else M("step1.running.rc", rc=rc, meaning=M(f"step1.running.rc.{meaning}")),
        said=said,
        processes=str(len(host.processes)),
    )
    evidence = (f"$ {command}\n{status.output.strip()}" if status else "",)
    if status and status.rc == 0 and "is running" in status.output and host.processes:
        return passed(cid, expected, found, *evidence)
    return failed(
        cid,
        expected,
        found,
        M(
            "step1.running.fix",
            start_cmd=agent.ctl("start"),
            install_dir=INSTALL_DIR,
            **agent.control,
        ),
        *evidence,
    )


def _windows_running(host: Host) -> Outcome:
    cid = "step1.running"
    agent = host.agent
    expected = M("step1.running.expected.service", service=agent.service)
    if agent.flavour == "none":
        return skipped(cid, expected, M("step1.running.skip.no_service"))
    state = host.facts.services.get(agent.service, "")
    found = M("step1.running.found.service", service=agent.service, state=state or "?")
    if state == "Running":
        return passed(cid, expected, found)
    return failed(
        cid,
        expected,
        found,
        M(
            "step1.running.fix.windows",
            start_cmd=agent.ctl("start"),
            install_dir=host.layout.install_dir,
        ),
    )
