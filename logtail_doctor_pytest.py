"""logtail-doctor's command-line options, registered as a pytest plugin (entry point).

Options declared in a conftest.py are unknown while pytest first reads the
command line, so `pytest --targets /elsewhere/fleet.yaml` would take the path
for a test path and miss the project's conftest.py. Registering them from an
installed plugin avoids that. Everything else lives in conftest.py.

OPTIONS is the one list: pytest registers it here, and `logtail-doctor --help`
(logtail_doctor/cli.py) prints it first.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest

# --max-connections unless given: an ssh process per host (measured in the README's
# many-hosts section), and the in-process asyncssh transport, whose runner CPU per
# host is about a third of the floor's (docs/ssh-transports.md, latency_bench).
DEFAULT_MAX_CONNECTIONS = 16
ASYNCSSH_MAX_CONNECTIONS = 64

if TYPE_CHECKING:
    from logtail_doctor.outcome import Finding

GROUP = "logtail-doctor"
GROUP_TITLE = "logtail-doctor: machine group heartbeat diagnosis"

# (option, argparse keywords), in the order --help shows them.
OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "--targets",
        {
            "metavar": "FILE",
            "help": "targets file (YAML): project, account IDs, machine groups, hosts",
        },
    ),
    (
        "--summary-json",
        {
            "metavar": "PATH",
            "default": "reports/summary.json",
            "help": "where to write the JSON summary (default: %(default)s)",
        },
    ),
    (
        "--remediation",
        {
            "metavar": "PATH",
            "default": "reports/remediation.yml",
            "help": "where to write the fix plan, an Ansible playbook, and its inventory "
            "(PATH's name + .inventory.ini) beside it; never run by the suite "
            "(default: %(default)s)",
        },
    ),
    (
        "--connect-timeout",
        {
            "default": 10,
            "metavar": "SECONDS",
            "help": "SSH connect timeout per host (default: %(default)s)",
        },
    ),
    (
        "--command-timeout",
        {
            "default": 60,
            "metavar": "SECONDS",
            "help": "bound on one host's probe once connected (default: %(default)s)",
        },
    ),
    (
        "--agent-tls",
        {
            "action": "store_true",
            "help": "also verify the config server's certificate with the agent's own CA "
            "bundle (a TLS-inspecting middlebox; costs each host about 20 ms of CPU)",
        },
    ),
    (
        "--max-connections",
        {
            "default": None,
            "metavar": "N",
            "help": f"hosts probed at the same time (default: {DEFAULT_MAX_CONNECTIONS}; "
            f"with --connection asyncssh: {ASYNCSSH_MAX_CONNECTIONS})",
        },
    ),
    (
        "--shard",
        {
            "metavar": "K/N",
            "help": "check only shard K of N (hosts split deterministically; "
            "merge reports with logtail-doctor merge)",
        },
    ),
    # The report and the gate (logtail_doctor.outputs.html, logtail_doctor.waivers).
    (
        "--report",
        {
            "metavar": "PATH",
            "default": "reports/report.html",
            "help": "where to write the HTML report (default: %(default)s)",
        },
    ),
    (
        "--report-lang",
        {
            "metavar": "LANG",
            "default": "en",
            "help": "language of the HTML report: en, ja or zh (default: %(default)s)",
        },
    ),
    (
        "--waivers",
        {
            "metavar": "FILE",
            "default": None,
            "help": "waivers file (YAML): accepted failures with a justification and an expiry "
            "date",
        },
    ),
    (
        "--fail-on",
        {
            "metavar": "STATUSES",
            "default": "unhealthy,unreachable",
            "help": "what makes the run exit 1, comma-separated: unhealthy, unreachable (hosts "
            "of that status), new (a failure the baseline did not have) (default: %(default)s)",
        },
    ),
    (
        "--baseline",
        {
            "metavar": "FILE",
            "default": None,
            "help": "an earlier run's summary.json: report what broke, was fixed or changed root "
            "cause since (default: the summary already in the reports folder, kept as "
            "summary.previous.json)",
        },
    ),
    (
        "--progress-every",
        {
            "default": 10.0,
            "metavar": "SECONDS",
            "help": "without a terminal (CI logs): print the probe's progress every SECONDS (on "
            "a terminal one line updates in place; -qq: silent) (default: %(default)s)",
        },
    ),
    # Metrics of every run for Prometheus (logtail_doctor.outputs.metrics, docs/watch.md).
    (
        "--metrics",
        {
            "metavar": "PATH",
            "default": "reports/metrics.prom",
            "help": "where to write the run's metrics, Prometheus text format, atomically (for "
            "node_exporter's textfile collector; empty: none) (default: %(default)s)",
        },
    ),
    (
        "--pushgateway",
        {
            "metavar": "URL",
            "default": None,
            "help": "also PUT the run's metrics to this Prometheus Pushgateway (job "
            "logtail_doctor, grouped by project and shard)",
        },
    ),
    # The server's view (logtail_doctor.sls); credentials never on the command line.
    (
        "--sls",
        {
            "action": "store_true",
            "default": False,
            "help": "also read the machine groups and their heartbeats from the SLS API "
            "(credentials: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET or ~/.alibabacloud/credentials)",
        },
    ),
    (
        "--sls-endpoint",
        {
            "metavar": "URL",
            "default": None,
            "help": "SLS API endpoint (default: https://<project region>.log.aliyuncs.com)",
        },
    ),
    (
        "--heartbeat-threshold",
        {
            "default": 300,
            "metavar": "SECONDS",
            "help": "the server's heartbeat check passes when the last heartbeat is at most "
            "this old (default: %(default)s)",
        },
    ),
)

# Options (ours, testinfra's, pytest's report paths) whose value a user may write
# after a space; pytest cannot tell them from test paths while it looks for its
# ini file (see pytest_configure).
_VALUE_OPTIONS = frozenset(
    {name for name, keywords in OPTIONS if keywords.get("action") != "store_true"}
    | {"--hosts", "--ssh-config", "--ssh-identity-file", "--ansible-inventory", "--connection"}
    | {"--sudo-user", "--junitxml", "--junit-xml", "--html"}
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, GROUP_TITLE)
    for name, keywords in OPTIONS:
        group.addoption(name, **keywords)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # pytest looks for its ini file next to the first path-like argument, and at
    # that moment it does not yet know which options take a value: in
    # `--targets /srv/fleet.yaml` or `--ssh-config /tmp/cfg` the path counts as a
    # test path, so our pytest.ini (testpaths, report paths) is silently lost.
    # No hook runs before that search, so the space form cannot be made to work
    # here; the `logtail-doctor` command names its pytest.ini itself and takes both.
    if getattr(config.option, "max_connections", 0) is None:
        # One event loop costs a fraction of a process per host: asyncssh's own
        # default (docs/ssh-transports.md, the latency benchmark). asyncssh:// hosts
        # under another --connection keep the default of their run.
        asyncssh = getattr(config.option, "connection", None) == "asyncssh"
        config.option.max_connections = (
            ASYNCSSH_MAX_CONNECTIONS if asyncssh else DEFAULT_MAX_CONNECTIONS
        )
    if config.getoption("targets") and config.inipath is None:
        raise pytest.UsageError(
            "logtail-doctor's pytest.ini was not found (pytest took a path option's value "
            f"for a test path): type `pytest {equals_form(config.invocation_params.args)}` "
            "from the logtail-doctor folder, or use the logtail-doctor command, which takes "
            "both spellings"
        )


def equals_form(args: tuple[str, ...] | list[str]) -> str:
    """The command line with each `--option value` of a value option written `--option=value`."""
    words: list[str] = []
    pending: str | None = None
    for arg in args:
        if pending is not None:
            words.append(f"{pending}={arg}")
            pending = None
        elif arg in _VALUE_OPTIONS:
            pending = arg
        else:
            words.append(arg)
    if pending is not None:
        words.append(pending)
    return shlex.join(words)


def guide_tests(step: str) -> dict[str, Callable[..., None]]:
    """The tests of one step's checks, each named as its check's declaration says.

    A tests_infra/ module is the readable face of a step of the guide: its
    docstring, then ``globals().update(guide_tests("step1"))``. Each test asserts
    that its check passed on the host of its parameter (conftest.py: one per
    check and host), with the finding's explanation as the message; written
    here, in a plugin module, so that pytest rewrites the assertion.
    """
    from logtail_doctor.catalogue import CATALOGUE  # noqa: PLC0415 - not at every pytest start

    tests: dict[str, Callable[..., None]] = {}
    for check in CATALOGUE:
        if check.step != step or check.test is None:
            continue

        def test(finding: Finding) -> None:
            assert finding.passed, finding.explain()

        test.__name__ = test.__qualname__ = check.test
        test.__doc__ = check.title
        tests[check.test] = pytest.mark.check(check.check_id)(test)
    return tests
