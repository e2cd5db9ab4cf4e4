"""logtail-doctor's command-line options, registered as a pytest plugin (entry point).

Options declared in a conftest.py are unknown while pytest first reads the
command line, so `pytest --targets /elsewhere/fleet.yaml` would take the path
for a test path and miss the project's conftest.py. Registering them from an
installed plugin avoids that. Everything else lives in conftest.py.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("logtail-doctor", "logtail-doctor: machine group heartbeat diagnosis")
    group.addoption(
        "--targets",
        metavar="FILE",
        help="targets file (YAML): project, account IDs, machine groups, hosts",
    )
    group.addoption(
        "--summary-json",
        metavar="PATH",
        default="reports/summary.json",
        help="where to write the JSON summary (default: %(default)s)",
    )
    group.addoption(
        "--remediation",
        metavar="PATH",
        default="reports/remediation.yml",
        help="where to write the fix plan, an Ansible playbook, and its inventory "
        "(PATH's name + .inventory.ini) beside it; never run by the suite (default: %(default)s)",
    )
    group.addoption(
        "--connect-timeout",
        type=int,
        default=10,
        metavar="SECONDS",
        help="SSH connect timeout per host (default: %(default)s)",
    )
    group.addoption(
        "--command-timeout",
        type=int,
        default=60,
        metavar="SECONDS",
        help="bound on one host's probe once connected (default: %(default)s)",
    )
    group.addoption(
        "--max-connections",
        type=int,
        default=16,
        metavar="N",
        help="hosts probed at the same time (default: %(default)s)",
    )
    group.addoption(
        "--shard",
        metavar="K/N",
        help="check only shard K of N (hosts split deterministically; "
        "merge reports with python -m logtail_doctor.merge)",
    )
    # The report and the gate (logtail_doctor.html_report, logtail_doctor.waivers).
    group.addoption(
        "--report",
        metavar="PATH",
        default="reports/report.html",
        help="where to write the HTML report (default: %(default)s)",
    )
    group.addoption(
        "--report-lang",
        metavar="LANG",
        default="en",
        help="language of the HTML report: en, ja or zh (default: %(default)s)",
    )
    group.addoption(
        "--waivers",
        metavar="FILE",
        default=None,
        help="waivers file (YAML): accepted failures with a justification and an expiry date",
    )
    group.addoption(
        "--fail-on",
        metavar="STATUSES",
        default="unhealthy,unreachable",
        help="what makes the run exit 1, comma-separated: unhealthy, unreachable (hosts of that "
        "status), new (a failure the baseline did not have) (default: %(default)s)",
    )
    group.addoption(
        "--progress-every",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="without a terminal (CI logs): print the probe's progress every SECONDS "
        "(on a terminal one line updates in place; -qq: silent) (default: %(default)s)",
    )
    group.addoption(
        "--baseline",
        metavar="FILE",
        default=None,
        help="an earlier run's summary.json: report what broke, was fixed or changed root cause "
        "since (default: the summary already in the reports folder, kept as "
        "summary.previous.json)",
    )
    # The server's view (logtail_doctor.server_view); credentials never on the command line.
    group.addoption(
        "--sls",
        action="store_true",
        default=False,
        help="also read the machine groups and their heartbeats from the SLS API (credentials: "
        "ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET or ~/.alibabacloud/credentials)",
    )
    group.addoption(
        "--sls-endpoint",
        metavar="URL",
        default=None,
        help="SLS API endpoint (default: https://<project region>.log.aliyuncs.com)",
    )
    group.addoption(
        "--heartbeat-threshold",
        type=int,
        default=300,
        metavar="SECONDS",
        help="server.heartbeat passes when the last heartbeat is at most this old "
        "(default: %(default)s)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # pytest looks for its ini file next to the first path-like argument, and at
    # that moment it does not yet know which options take a value: in
    # `--targets /srv/fleet.yaml` or `--ssh-config /tmp/cfg` the path counts as a
    # test path, so our pytest.ini (testpaths, report paths) is silently lost.
    if config.getoption("targets") and config.inipath is None:
        raise pytest.UsageError(
            "logtail-doctor's pytest.ini was not found: run pytest from the logtail-doctor "
            "folder and write path options with '=' (--targets=FILE, --ssh-config=FILE)"
        )
