"""The `logtail-doctor` command: the packaged suite from any folder, and its subcommands.

    logtail-doctor --targets FILE [our, testinfra's and pytest's options]
    logtail-doctor init [FILE] [--from-sls PROJECT --region REGION | --from-k8s [--context C]]
    logtail-doctor merge OUT_DIR IN_DIR... [--report-lang LANG] [--fail-on STATUSES]
    logtail-doctor watch [--interval 5m] [--listen HOST:PORT] --targets FILE [options]
    logtail-doctor --version | --help

A run is pytest itself, in this process, told where the suite is: `-c` names
its pytest.ini and `--rootdir` its folder, so pytest never has to guess them
from the first path on the command line (the guess that makes
`pytest --targets /srv/fleet.yaml` lose the ini file). Nothing changes
directory: relative paths, the targets file and the reports (pytest.ini's
`reports/junit.xml`, conftest.py's `reports/...` defaults) are all the
user's folder's.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import iniconfig
import pytest

from logtail_doctor import __version__
from logtail_doctor.arguments import USAGE_ERROR, OneLineParser
from logtail_doctor.doc_links import DOCS_BASE_URL
from logtail_doctor.packaged import CLONE, SUITE_DIRS, SuiteNotFoundError, find_suite, revision

PROG = "logtail-doctor"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["merge"]:
        from logtail_doctor.merge import main as merge_main  # noqa: PLC0415 (only for merge)

        return merge_main(args[1:], prog=f"{PROG} merge")
    if args[:1] == ["init"]:
        return init(args[1:])
    if args[:1] == ["watch"]:
        from logtail_doctor.watch import main as watch_main  # noqa: PLC0415 (only for watch)

        return watch_main(args[1:], prog=f"{PROG} watch")
    try:
        suite = find_suite()
    except SuiteNotFoundError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)  # noqa: T201 - a command-line tool
        return USAGE_ERROR
    if "--version" in args or "-V" in args:
        print(version_text(suite))  # noqa: T201
        return 0
    if "--help" in args or "-h" in args:
        print(help_text())  # noqa: T201
        print("pytest's own help, with every option it and its plugins take:\n")  # noqa: T201
        sys.stdout.flush()
    return run(suite, args)


def run(suite: Path, args: Sequence[str]) -> int:
    """The suite under pytest, as `python -m pytest` runs it from a clone."""
    # pytest rewrites the asserts of conftest.py and tests_infra/ and caches the
    # result beside them: in an installed package that would write into the venv.
    sys.dont_write_bytecode = True
    ini = suite / "pytest.ini"
    command = [
        "-c",
        str(ini),
        "--rootdir",
        str(suite),
        # pytest.ini turns the cache off, so that a run from a clone writes nothing
        # beside the suite. The command keeps it in the user's folder instead, for
        # --lf, --ff and --sw: pytest.ini's own addopts, less that one option (a
        # built-in plugin once blocked cannot be turned back on with -p).
        # `-p no:cacheprovider` turns it off again.
        "-o",
        f"addopts={shlex.join(addopts_with_cache(ini))}",
        "-o",
        f"cache_dir={Path.cwd() / '.pytest_cache'}",
        # pytest marks every module of the plugin's distribution for assert
        # rewriting, and warns about logtail_doctor, already imported (it is this
        # command); filterwarnings=error would make that fatal. Its asserts need no
        # rewriting: it is not test code. (-W's message is literal, matched at the start.)
        "-W",
        "ignore:Module already imported so cannot be rewritten; logtail_doctor"
        ":pytest.PytestAssertRewriteWarning",
        *args,
    ]
    return int(pytest.main(command, plugins=[SuiteLocation(suite)]))


def addopts_with_cache(ini: Path) -> list[str]:
    """pytest.ini's addopts without its `-p no:cacheprovider`."""
    words = shlex.split(iniconfig.IniConfig(ini)["pytest"].get("addopts", ""))
    kept: list[str] = []
    for word in words:
        if word == "-pno:cacheprovider":
            continue
        if word == "no:cacheprovider" and kept and kept[-1] == "-p":
            kept.pop()
            continue
        kept.append(word)
    return kept


class SuiteLocation:
    """Points pytest's collection at the packaged tests_infra/, from any folder.

    pytest uses pytest.ini's testpaths only when run from the ini file's folder;
    elsewhere it would collect the user's folder. Once every plugin's options
    are known (so `--targets FILE` is an option and its value, whichever way it
    is written), and before conftest.py files are looked for, this puts the
    suite's tests in: all of tests_infra/ when no test path was given, and a
    path such as `tests_infra/test_step1_agent.py` that is not in the user's
    folder becomes the packaged one. Paths that are all the user's own (a site's
    own tests, docs/site-checks.md) run in addition to the whole suite: the
    guide's checks are added after them.
    """

    def __init__(self, suite: Path) -> None:
        self.suite = suite

    @pytest.hookimpl(tryfirst=True)
    def pytest_load_initial_conftests(
        self, early_config: pytest.Config, parser: pytest.Parser, args: list[str]
    ) -> None:
        namespace = early_config.known_args_namespace
        given = [str(p) for p in (namespace.file_or_dir or [])]
        if not given:
            tests = [str(self.suite / directory) for directory in SUITE_DIRS]
            args.extend(tests)  # the list pytest parses next, in full
            namespace.file_or_dir = tests
            return
        placed = [self._place(path) for path in given]
        for old, new in zip(given, placed, strict=True):
            if old != new:
                # The last occurrence: test paths come after the options.
                at = len(args) - 1 - args[::-1].index(old)
                args[at] = new
        if not any(self._in_suite(path) for path in placed):
            tests = [str(self.suite / directory) for directory in SUITE_DIRS]
            args.extend(tests)
            placed += tests
        namespace.file_or_dir = placed

    def _in_suite(self, arg: str) -> bool:
        path = Path(arg.partition("::")[0]).resolve()
        return path == self.suite.resolve() or path.is_relative_to(self.suite.resolve())

    def _place(self, arg: str) -> str:
        path, separator, rest = arg.partition("::")
        if not path or Path(path).exists():
            return arg  # the user's own path, relative to where they stand
        first = Path(path).parts[0]
        if first in SUITE_DIRS and (self.suite / path).exists():
            return str(self.suite / path) + separator + rest
        return arg


# --- --version and --help ------------------------------------------------------------------


def version_text(suite: Path) -> str:
    rev = revision()
    if suite == CLONE and rev:
        where = f" (git {rev}, the clone {CLONE})"
    elif suite == CLONE:
        where = f" (the folder {CLONE})"
    elif rev:
        where = f" (built from git {rev})"
    else:
        where = ""
    tools = ", ".join(
        f"{name} {importlib.metadata.version(name)}" for name in ("pytest", "pytest-testinfra")
    )
    return f"{PROG} {__version__}{where}\nsuite: {suite}\n{tools}"


def help_text() -> str:
    import logtail_doctor_pytest  # noqa: PLC0415 (the plugin: its option table)

    parser = argparse.ArgumentParser(
        prog=PROG,
        add_help=False,
        usage=(
            f"{PROG} --targets FILE [options] [testinfra and pytest options] [tests_infra/...]\n"
            f"       {PROG} init [FILE] [--from-sls PROJECT --region REGION] [--force]\n"
            f"       {PROG} merge OUT_DIR IN_DIR... [--report-lang LANG] [--fail-on STATUSES]\n"
            f"       {PROG} watch [--interval 5m] [--listen HOST:PORT] --targets FILE [options]\n"
            f"       {PROG} --version"
        ),
        description=(
            "Diagnoses why SLS machine groups show no heartbeat, host by host, over SSH "
            "(or WinRM). Reports go to ./reports/ of the current folder; relative paths are "
            "relative to it; `--opt VALUE` and `--opt=VALUE` both work. Exit 0: no host "
            "--fail-on names; 1: a host it names, or a test broke; 4: a usage error (one "
            "line); pytest's other codes as pytest gives them."
        ),
        epilog=(
            "testinfra's options work unchanged: --hosts, --connection, --ssh-config, "
            "--ssh-identity-file, --sudo, --sudo-user, --ansible-inventory, --force-ansible. "
            "So do pytest's: -k, -m, -x, -q, --lf/--ff (the cache is ./.pytest_cache of the "
            "current folder). Subcommands: `init --help`, `merge --help`, `watch --help`."
        ),
    )
    group = parser.add_argument_group(logtail_doctor_pytest.GROUP_TITLE)
    for name, keywords in logtail_doctor_pytest.OPTIONS:
        group.add_argument(name, **keywords)
    # Outside argparse's wrapping, which would break the address at its hyphen.
    docs = f"Documentation, with a page per check: {DOCS_BASE_URL} (`make docs` in a clone)\n"
    return parser.format_help() + "\n" + docs


# --- init ----------------------------------------------------------------------------------


def _init_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog=f"{PROG} init",
        description="Write a commented targets file to fill in, or one filled from the "
        "machine groups of an SLS project (--from-sls). Never overwrites a file unless --force.",
    )
    parser.add_argument(
        "path", nargs="?", default="targets.yaml", help="the file to write (default: %(default)s)"
    )
    parser.add_argument(
        "--from-sls",
        metavar="PROJECT",
        help="fill it from this project's machine groups (ListMachineGroup, GetMachineGroup); "
        "credentials as for --sls: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET or the credentials file",
    )
    parser.add_argument(
        "--region", metavar="REGION", help="the project's region ID (needed with --from-sls)"
    )
    parser.add_argument(
        "--sls-endpoint",
        metavar="URL",
        help="SLS API endpoint (default: https://<region>.log.aliyuncs.com)",
    )
    parser.add_argument(
        "--network",
        choices=("intranet", "internet", "acceleration"),
        default="intranet",
        help="how the agents should reach SLS (default: %(default)s)",
    )
    parser.add_argument(
        "--account-id",
        action="append",
        default=[],
        metavar="ID",
        help="an account ID owning the project (repeat for several); else left to fill in",
    )
    parser.add_argument(
        "--ssh-user",
        default="root",
        help="user of the ssh://USER@IP hosts written for IP groups (default: %(default)s)",
    )
    parser.add_argument(
        "--from-k8s",
        action="store_true",
        help="fill it from the Kubernetes cluster kubectl reaches: the agent DaemonSet's pods "
        "(logtail-ds or loongcollector-ds in kube-system), and project, region, account and "
        "machine group from the ConfigMap kube-system/alibaba-log-configuration",
    )
    parser.add_argument(
        "--context", metavar="C", help="with --from-k8s: the kubeconfig context to use"
    )
    parser.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    return parser


def init(argv: Sequence[str]) -> int:
    from logtail_doctor.init_targets import blank_targets  # noqa: PLC0415 (only for init)

    parser = _init_parser()
    try:
        options = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a bad argument (4, already said)
        return int(exc.code or 0)
    path = Path(options.path)
    if path.exists() and not options.force:
        return _usage(f"{PROG} init: {path} exists: give --force to overwrite it")
    if options.from_sls and not (options.region or options.sls_endpoint):
        return _usage(f"{PROG} init: --from-sls needs --region REGION (or --sls-endpoint URL)")
    if not options.from_sls and options.sls_endpoint:
        return _usage(f"{PROG} init: --sls-endpoint only applies with --from-sls PROJECT")
    if options.from_k8s and options.from_sls:
        return _usage(f"{PROG} init: --from-k8s and --from-sls: give one of them")
    if options.context is not None and not options.from_k8s:
        return _usage(f"{PROG} init: --context only applies with --from-k8s")
    if options.from_k8s:
        try:
            text, what = _from_k8s(options.context)
        except _InitError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)  # noqa: T201
            return exc.exit_code
    elif options.from_sls:
        try:
            text = _from_sls(options)
        except _InitError as exc:
            print(f"ERROR: {exc}", file=sys.stderr)  # noqa: T201
            return exc.exit_code
        what = f"filled from project {options.from_sls}'s machine groups"
    else:
        text = blank_targets(
            region=options.region or "", network=options.network, account_ids=options.account_id
        )
        what = "to fill in"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"ERROR: {PROG} init: cannot write {path}: {exc.strerror}", file=sys.stderr)  # noqa: T201
        return 1
    print(f"wrote {path} ({what}); then: {PROG} --targets {path}")  # noqa: T201
    return 0


class _InitError(Exception):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _usage(message: str) -> int:
    print(f"ERROR: {message}", file=sys.stderr)  # noqa: T201
    return USAGE_ERROR


def _from_sls(options: argparse.Namespace) -> str:
    from logtail_doctor.init_targets import targets_from_groups  # noqa: PLC0415
    from logtail_doctor.sls.api import (  # noqa: PLC0415 (the SDK is heavy)
        SdkReader,
        check_endpoint,
        default_endpoint,
    )
    from logtail_doctor.sls.credentials import load_credentials  # noqa: PLC0415
    from logtail_doctor.sls.errors import SlsApiError  # noqa: PLC0415
    from logtail_doctor.targets import _REGION_RE, _SLS_NAME_RE  # noqa: PLC0415

    project: str = options.from_sls
    if not _SLS_NAME_RE.match(project):
        raise _InitError(f"{PROG} init: --from-sls {project!r}: not an SLS project name", 4)
    region: str | None = options.region
    if region is not None and not _REGION_RE.match(region):
        raise _InitError(f"{PROG} init: --region {region!r}: not a region ID (cn-hangzhou)", 4)
    try:
        endpoint = check_endpoint(options.sls_endpoint or default_endpoint(str(region)))
    except ValueError as exc:
        raise _InitError(f"{PROG} init: {exc}", 4) from None
    if region is None:
        region = _region_of(endpoint)
        if region is None:
            raise _InitError(
                f"{PROG} init: --sls-endpoint {endpoint} names no region: give --region", 4
            )
    try:
        reader = SdkReader(load_credentials(), endpoint)
        groups = [reader.get_group(project, name) for name in reader.list_groups(project)]
    except SlsApiError as exc:
        raise _InitError(str(exc), 1) from None
    if not groups:
        raise _InitError(f"SLS API: project {project} has no machine group", 1)
    return targets_from_groups(
        project,
        region,
        groups,
        network=options.network,
        account_ids=options.account_id,
        ssh_user=options.ssh_user,
        source=endpoint,
    )


# How long init --from-k8s waits for each of its kubectl calls.
K8S_TIMEOUT = 30.0


def _from_k8s(context: str | None) -> tuple[str, str]:
    """The targets file's text from the cluster, and what it was filled from."""
    import time  # noqa: PLC0415

    from logtail_doctor.init_targets import targets_from_k8s  # noqa: PLC0415
    from logtail_doctor.kube import (  # noqa: PLC0415
        CONFIG_MAP,
        DAEMONSETS,
        NAMESPACE,
        KubeError,
        daemonset_pods,
        load_json,
        log_configuration,
    )
    from logtail_doctor.targets import _REGION_RE, _SLS_NAME_RE  # noqa: PLC0415
    from logtail_doctor.transport.container import kubectl_get  # noqa: PLC0415
    from logtail_doctor.transport.specs import KUBE_CONTEXT_RE  # noqa: PLC0415

    if context is not None and not KUBE_CONTEXT_RE.fullmatch(context):
        raise _InitError(f"{PROG} init: --context {context[:80]!r}: not a context name", 4)
    bound = f"{K8S_TIMEOUT:.0f} s"

    def get(*what: str) -> object:
        answer = kubectl_get(list(what), NAMESPACE, context, time.monotonic() + K8S_TIMEOUT, bound)
        return load_json(answer, f"kubectl get {' '.join(what)}")

    try:
        config = log_configuration(get("configmap", CONFIG_MAP))
        listing = get("pods")
        found = [(ds, ctr, daemonset_pods(listing, ds)) for ds, ctr in DAEMONSETS]
    except (KubeError, ValueError) as exc:
        raise _InitError(f"{PROG} init --from-k8s: {exc}", 1) from None
    if not _SLS_NAME_RE.match(config.project) or not _REGION_RE.match(config.region):
        raise _InitError(
            f"{PROG} init --from-k8s: ConfigMap {CONFIG_MAP}: log-project {config.project[:80]!r} "
            f"or the region of log-endpoint {config.endpoint[:80]!r} is not an SLS name",
            1,
        )
    daemonset, container, pods = next((f for f in found if f[2]), found[0])
    text = targets_from_k8s(config, daemonset, container, pods, context=context)
    what = f"{len(pods)} pod(s) of DaemonSet {daemonset}, group {config.machine_group}"
    return text, what


def _region_of(endpoint: str) -> str | None:
    """cn-hangzhou from https://cn-hangzhou(-intranet|-share).log.aliyuncs.com."""
    host = endpoint.split("://", 1)[-1].split(":", 1)[0]
    if not host.endswith(".log.aliyuncs.com"):
        return None
    name = host.removesuffix(".log.aliyuncs.com")
    for suffix in ("-intranet", "-share"):
        name = name.removesuffix(suffix)
    return name or None


if __name__ == "__main__":
    raise SystemExit(main())
