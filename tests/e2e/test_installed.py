"""The logtail-doctor command as a user installs it: a wheel in a fresh venv, run from elsewhere.

One wheel is built for the module (`python -m build`: an sdist, then the wheel
from it, as a user would), from a copy of this working tree, and installed
into a fresh venv under /tmp. Every run is that venv's `logtail-doctor`, from
a folder that is neither the repo nor the venv, over real SSH against the
demo lab; the CI recipes' own command lines run the same way, each job in a
folder of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from lab import Lab
from logtail_doctor import __version__
from logtail_doctor.packaged import suite_sources
from logtail_doctor.targets import load_targets
from tests.e2e.installed import Installed
from tests.e2e.suite import REPO, verdict_mismatches
from tests.e2e.test_shards import _comparable, _differences
from tests.support.sls_api_standin import SlsApiStandin, StandinGroup, machine
from tests.unit.test_cli import recipe_commands

pytestmark = pytest.mark.e2e

KEY_ID = "LTAI5tInitStandinKey"
SECRET = "PLANTED-init-secret-3e81aa"


@dataclass(frozen=True)
class Ran:
    exit_code: int
    stdout: str
    stderr: str
    cwd: Path

    def summary(self, folder: str = "reports") -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.cwd / folder / "summary.json").read_text())
        return data


def _environment(installed: Installed, extra: dict[str, str] | None = None) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "ALIBABA_CLOUD_", "ALICLOUD_", "VIRTUAL_ENV", "PYTHON"))
    }
    environ["PATH"] = f"{installed.bin}{os.pathsep}{environ.get('PATH', '')}"
    environ["ALIBABA_CLOUD_CREDENTIALS_FILE"] = "/nonexistent/credentials"
    environ.update(extra or {})
    return environ


def run_command(
    installed: Installed,
    cwd: Path,
    command: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> Ran:
    """One shell command line, as a CI job's `run:` / `script:` line runs, in cwd."""
    cwd.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_environment(installed, env),
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr, cwd)


def _tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every file and folder under root: (size, mtime in ns); a write anywhere shows."""
    found: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            info = path.lstat()
            found[str(path.relative_to(root))] = (info.st_size, info.st_mtime_ns)
    return found


def _changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


@pytest.fixture(scope="module")
def fleet_files(demo_lab: Lab, workdir: Path) -> tuple[Path, Path]:
    """The lab's targets file and ssh config at absolute paths of their own."""
    folder = workdir / "fleet-files"
    folder.mkdir(exist_ok=True)
    targets = shutil.copy(demo_lab.targets_file, folder / "targets.yaml")
    ssh_config = shutil.copy(demo_lab.ssh_config, folder / "ssh_config")
    return Path(targets), Path(ssh_config)


@pytest.fixture(scope="module")
def whole_run(
    installed: Installed, demo_lab: Lab, fleet_files: tuple[Path, Path], workdir: Path
) -> tuple[Ran, list[str], list[str]]:
    """The done-means run: space-form options, absolute paths, an unrelated folder.

    Returns the run and what changed in the repo and in the venv meanwhile.
    """
    targets, ssh_config = fleet_files
    repo_before = _tree(REPO, skip=(".git", ".venv"))
    venv_before = _tree(installed.venv)
    ran = run_command(
        installed,
        workdir / "user" / "whole",
        f"logtail-doctor --targets {targets} --ssh-config {ssh_config}",
    )
    return (
        ran,
        _changed(repo_before, _tree(REPO, skip=(".git", ".venv"))),
        _changed(venv_before, _tree(installed.venv)),
    )


def test_the_wheel_carries_the_repos_suite_files_unchanged(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        packaged = {
            name.removeprefix("logtail_doctor/_suite/"): wheel.read(name)
            for name in wheel.namelist()
            if name.startswith("logtail_doctor/_suite/")
        }
        entry_points = wheel.read(
            next(n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
        ).decode()
    assert packaged == {str(p): (REPO / p).read_bytes() for p in suite_sources(REPO)}
    assert "logtail-doctor = logtail_doctor.cli:main" in entry_points


def test_the_installed_command_diagnoses_the_lab_from_an_unrelated_folder(
    demo_lab: Lab,
    fleet_files: tuple[Path, Path],
    whole_run: tuple[Ran, list[str], list[str]],
) -> None:
    ran, repo_changes, venv_changes = whole_run
    assert ran.exit_code == 1, ran.stdout[-3000:] + ran.stderr[-3000:]  # the demo's faults
    summary = ran.summary()
    assert set(summary["hosts"]) == {h.url for h in demo_lab.hosts}
    assert not verdict_mismatches(demo_lab.hosts, summary)
    assert summary["gate"]["exit_code"] == 1
    assert summary["run"]["tool"]["name"] == "logtail-doctor"
    assert summary["run"]["targets_file"] == str(fleet_files[0])
    for name in ("report.html", "junit.xml", "tests.html"):
        assert (ran.cwd / "reports" / name).is_file(), name
    # Written where the user stands, nowhere else.
    assert repo_changes == []
    assert venv_changes == []
    assert "logtail-doctor: hosts" in ran.stdout


def test_equals_form_relative_paths_and_a_selection(
    demo_lab: Lab, installed: Installed, fleet_files: tuple[Path, Path], workdir: Path
) -> None:
    targets, ssh_config = fleet_files
    cwd = workdir / "user" / "relative"
    (cwd / "conf").mkdir(parents=True)
    shutil.copy(targets, cwd / "conf" / "fleet.yaml")
    shutil.copy(ssh_config, cwd / "conf" / "ssh_config")
    healthy = next(h for h in demo_lab.hosts if h.name == "healthy")
    stopped = next(h for h in demo_lab.hosts if h.name == "stopped")
    ran = run_command(
        installed,
        cwd,
        "logtail-doctor --targets=conf/fleet.yaml --ssh-config=conf/ssh_config "
        f"--hosts={healthy.url},{stopped.url} -k step1 --summary-json out/s.json -q",
    )
    assert ran.exit_code == 1, ran.stdout[-3000:] + ran.stderr[-3000:]
    summary = json.loads((cwd / "out" / "s.json").read_text())
    assert {h: (v["status"], v["root_cause"]) for h, v in summary["hosts"].items()} == {
        healthy.url: ("partial", None),
        stopped.url: ("unhealthy", "step1.running"),
    }
    assert (cwd / "reports" / "junit.xml").is_file()  # pytest.ini's path, in this folder
    # The cache lives here too: --lf re-runs the one failed test.
    again = run_command(
        installed,
        cwd,
        "logtail-doctor --targets conf/fleet.yaml --ssh-config conf/ssh_config "
        f"--hosts {healthy.url},{stopped.url} --lf --summary-json out/lf.json",
    )
    assert again.exit_code == 1, again.stdout[-3000:] + again.stderr[-3000:]
    assert "1 failed" in again.stdout
    assert "run-last-failure: rerun previous 1 failure" in again.stdout
    # The other exit codes, as a run from a clone gives them.
    fine = run_command(
        installed,
        cwd,
        f"logtail-doctor --targets conf/fleet.yaml --hosts {healthy.url} -q "
        "--ssh-config conf/ssh_config",
    )
    assert fine.exit_code == 0, fine.stdout[-3000:] + fine.stderr[-3000:]
    nothing = run_command(
        installed, cwd, "logtail-doctor --targets conf/fleet.yaml -k no_such_check -q"
    )
    assert nothing.exit_code == 5, nothing.stdout[-3000:] + nothing.stderr[-3000:]


def test_version_help_and_a_usage_error(installed: Installed, workdir: Path) -> None:
    cwd = workdir / "user" / "misc"
    version = run_command(installed, cwd, "logtail-doctor --version")
    assert version.exit_code == 0
    lines = version.stdout.splitlines()
    assert lines[0] == f"logtail-doctor {__version__}"  # built from an sdist: no revision
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    suite = installed.venv / "lib" / python / "site-packages" / "logtail_doctor" / "_suite"
    assert lines[1] == f"suite: {suite}"
    helped = run_command(installed, cwd, "logtail-doctor --help")
    assert helped.exit_code == 0
    ours = helped.stdout.index("--targets FILE")
    assert ours < helped.stdout.index("pytest's own help") < helped.stdout.index("--last-failed")
    bad = run_command(installed, cwd, "logtail-doctor --targets missing.yaml")
    assert bad.exit_code == 4
    assert bad.stderr.strip().count("\n") == 0
    assert "missing.yaml" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


# --- the CI recipes, their own command lines, against the lab -----------------------------------


def _recipe(name: str) -> Any:
    return yaml.safe_load((REPO / "ci-recipes" / name).read_text())


def _job_folder(base: Path, fleet_files: tuple[Path, Path]) -> Path:
    """A CI job's checkout: the user's repository with its fleet.yaml and ssh_config."""
    base.mkdir(parents=True)
    shutil.copy(fleet_files[0], base / "fleet.yaml")
    shutil.copy(fleet_files[1], base / "ssh_config")
    return base


def _verdicts(summary: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    return {h: (v["status"], v["root_cause"]) for h, v in summary["hosts"].items()}


def _check_merge_matches_whole(merged: Ran, whole: Ran, folder: str = "reports") -> None:
    assert merged.exit_code == 1, merged.stdout[-3000:] + merged.stderr[-3000:]
    differences = _differences(_comparable(merged.summary(folder)), _comparable(whole.summary()))
    assert not differences, "\n".join(differences)


def test_github_actions_recipes_run_locally_give_the_whole_runs_summary(
    installed: Installed,
    fleet_files: tuple[Path, Path],
    whole_run: tuple[Ran, list[str], list[str]],
    workdir: Path,
) -> None:
    base = workdir / "github"
    # The single job, in a checkout of its own: the whole run to compare with.
    [single] = recipe_commands(REPO / "ci-recipes" / "github-actions.yml")
    assert single == "logtail-doctor --targets fleet.yaml --ssh-config ssh_config"
    whole = run_command(installed, _job_folder(base / "single", fleet_files), single)
    assert whole.exit_code == 1, whole.stdout[-3000:] + whole.stderr[-3000:]
    assert _verdicts(whole.summary()) == _verdicts(whole_run[0].summary())

    recipe = _recipe("github-actions-sharded.yml")
    shards = recipe["jobs"]["shard"]["strategy"]["matrix"]["shard"]
    assert shards == [1, 2, 3]
    upload = next(
        s for s in recipe["jobs"]["shard"]["steps"] if "upload-artifact" in s.get("uses", "")
    )
    download = next(
        s for s in recipe["jobs"]["merge"]["steps"] if "download-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "reports/"
    assert download["with"] == {"pattern": "shard-*", "path": "shards"}
    [shard_line] = [
        line
        for step in recipe["jobs"]["shard"]["steps"]
        for line in str(step.get("run", "")).splitlines()
        if line.startswith("logtail-doctor")
    ]
    merge = _job_folder(base / "merge", fleet_files)
    for shard in shards:
        job = _job_folder(base / f"shard-{shard}", fleet_files)
        ran = run_command(installed, job, shard_line.replace("${{ matrix.shard }}", str(shard)))
        assert ran.exit_code == 0, ran.stdout[-3000:] + ran.stderr[-3000:]  # 1 is tolerated
        assert ran.summary()["run"]["shard"] == f"{shard}/3"
        # download-artifact with a pattern: one folder per artifact, named after it.
        name = upload["with"]["name"].replace("${{ matrix.shard }}", str(shard))
        shutil.copytree(job / "reports", merge / download["with"]["path"] / name)
    [merge_line] = [
        line
        for step in recipe["jobs"]["merge"]["steps"]
        for line in str(step.get("run", "")).splitlines()
        if line.startswith("logtail-doctor")
    ]
    merged = run_command(installed, merge, merge_line)
    _check_merge_matches_whole(merged, whole)
    assert (merge / "reports" / "junit.xml").is_file()


def test_gitlab_ci_recipes_run_locally_give_the_whole_runs_summary(
    installed: Installed,
    fleet_files: tuple[Path, Path],
    whole_run: tuple[Ran, list[str], list[str]],
    workdir: Path,
) -> None:
    base = workdir / "gitlab"
    single = _recipe("gitlab-ci.yml")["logtail-doctor"]
    assert single["script"] == ["logtail-doctor --targets fleet.yaml --ssh-config ssh_config"]
    assert single["artifacts"]["reports"]["junit"] == "reports/junit.xml"
    whole = run_command(installed, _job_folder(base / "single", fleet_files), single["script"][0])
    assert whole.exit_code == 1, whole.stdout[-3000:] + whole.stderr[-3000:]
    assert _verdicts(whole.summary()) == _verdicts(whole_run[0].summary())

    recipe = _recipe("gitlab-ci-sharded.yml")
    diagnose, gate = recipe["diagnose"], recipe["merge"]
    total = diagnose["parallel"]
    assert total == 3
    merge = _job_folder(base / "merge", fleet_files)
    for index in range(1, total + 1):
        job = _job_folder(base / f"diagnose-{index}", fleet_files)
        env = {"CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(total)}
        for line in diagnose["script"]:
            ran = run_command(installed, job, line, env=env)
            assert ran.exit_code == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
        # GitLab extracts every needed job's artifacts into the same paths.
        for path in diagnose["artifacts"]["paths"]:
            shutil.copytree(job / path, merge / path, dirs_exist_ok=True)
    assert sorted(p.name for p in (merge / "shards").iterdir()) == ["1", "2", "3"]
    [merge_line] = gate["script"]
    merged = run_command(installed, merge, merge_line)
    _check_merge_matches_whole(merged, whole)


# --- init --from-sls, then a run with the file it wrote -----------------------------------------


@pytest.fixture(scope="module")
def standin(demo_lab: Lab) -> Iterator[tuple[SlsApiStandin, dict[str, str]]]:
    """Log Service's groups for two lab hosts, and a custom-identifier group."""
    targets = load_targets(demo_lab.targets_file)
    chosen = {h.name: h for h in demo_lab.hosts if h.name in ("healthy", "stopped")}
    group_of = {h.url: h.machine_group for h in targets.hosts}
    groups: dict[str, StandinGroup] = {}
    for lab_host in chosen.values():
        name = group_of[lab_host.url]
        assert name is not None
        groups.setdefault(name, StandinGroup([])).machine_list.append(lab_host.ip)
        groups[name].machines.append(machine(lab_host.ip, time.time() - 30))
    groups["batch-workers"] = StandinGroup(["batch-1"], identify_type="userdefined")
    with SlsApiStandin(targets.project.name, groups, KEY_ID, SECRET) as server:
        yield server, {lab_host.url: name for name, lab_host in chosen.items()}


def test_init_from_sls_then_a_run_with_the_file_it_wrote(
    demo_lab: Lab,
    installed: Installed,
    standin: tuple[SlsApiStandin, dict[str, str]],
    fleet_files: tuple[Path, Path],
    workdir: Path,
) -> None:
    server, names = standin
    targets = load_targets(demo_lab.targets_file)
    cwd = workdir / "user" / "init"
    credentials = {
        "ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID,
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET,
    }
    init = (
        f"logtail-doctor init fleet.yaml --from-sls {targets.project.name} "
        f"--region {targets.project.region} --sls-endpoint {server.endpoint} "
        f"--account-id {targets.account_ids[0]}"
    )
    wrote = run_command(installed, cwd, init, env=credentials)
    assert wrote.exit_code == 0, wrote.stdout + wrote.stderr
    assert wrote.stdout.startswith("wrote fleet.yaml")
    written = load_targets(cwd / "fleet.yaml")
    assert {h.url for h in written.hosts} == set(names)
    assert "batch-workers" in {g.name for g in written.machine_groups}
    assert SECRET not in (cwd / "fleet.yaml").read_text()

    again = run_command(installed, cwd, init, env=credentials)
    assert again.exit_code == 4
    assert (
        again.stderr
        == "ERROR: logtail-doctor init: fleet.yaml exists: give --force to overwrite it\n"
    )

    ran = run_command(
        installed, cwd, f"logtail-doctor --targets fleet.yaml --ssh-config {fleet_files[1]} -q"
    )
    assert ran.exit_code == 1, ran.stdout[-3000:] + ran.stderr[-3000:]
    verdicts = {h: (v["status"], v["root_cause"]) for h, v in ran.summary()["hosts"].items()}
    expected = {
        h.url: (h.expect["status"], h.expect["root_cause"])
        for h in demo_lab.hosts
        if h.url in names
    }
    assert verdicts == expected
    assert expected[next(u for u, n in names.items() if n == "stopped")] == (
        "unhealthy",
        "step1.running",
    )
