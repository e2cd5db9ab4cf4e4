"""The logtail-doctor command without a lab: packaging, arguments, init, help, CI recipes.

The installed command against lab hosts is tests/e2e/test_installed.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import logtail_doctor_pytest
from logtail_doctor import __version__, cli
from logtail_doctor.init_targets import blank_targets, targets_from_groups
from logtail_doctor.packaged import REVISION_FILE, copy_suite, suite_sources
from logtail_doctor.sls.api import GroupInfo
from logtail_doctor.targets import TargetsError, load_targets, parse_targets

REPO = Path(__file__).resolve().parents[2]
RECIPES = REPO / "ci-recipes"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True, timeout=30
    ).stdout


# --- the packaged suite is the repo's -------------------------------------------------------


def test_the_packaged_suite_is_byte_for_byte_the_repos(tmp_path: Path) -> None:
    """What setup.py puts in the wheel: every tracked suite file, unchanged, nothing else."""
    copied = copy_suite(REPO, tmp_path / "_suite")
    tracked = set(_git("ls-files", "pytest.ini", "conftest.py", "tests_infra").split())
    assert {str(p) for p in copied} == tracked
    for relative in copied:
        assert (tmp_path / "_suite" / relative).read_bytes() == (REPO / relative).read_bytes()
    on_disk = {
        str(p.relative_to(tmp_path / "_suite"))
        for p in (tmp_path / "_suite").rglob("*")
        if p.is_file()
    }
    assert on_disk == tracked | {REVISION_FILE}
    revision = (tmp_path / "_suite" / REVISION_FILE).read_text().strip()
    assert revision == _git("rev-parse", "--short", "HEAD").strip()


def test_a_new_tests_infra_module_is_packaged_without_a_list_to_update(tmp_path: Path) -> None:
    root = tmp_path / "clone"
    (root / "tests_infra" / "__pycache__").mkdir(parents=True)
    for name in ("pytest.ini", "conftest.py"):
        (root / name).write_text("x")
    (root / "tests_infra" / "test_step9_new.py").write_text("y")
    (root / "tests_infra" / "__pycache__" / "test_step9_new.cpython-311.pyc").write_text("z")
    assert [str(p) for p in suite_sources(root)] == [
        "pytest.ini",
        "conftest.py",
        "tests_infra/test_step9_new.py",
    ]


def test_the_sdist_manifest_carries_the_suite() -> None:
    manifest = (REPO / "MANIFEST.in").read_text()
    assert "include setup.py pytest.ini conftest.py" in manifest
    assert "graft tests_infra" in manifest


# --- running the suite -------------------------------------------------------------------


def test_the_cache_is_the_only_option_taken_from_pytest_ini() -> None:
    words = cli.addopts_with_cache(REPO / "pytest.ini")
    ini = (REPO / "pytest.ini").read_text()
    assert "no:cacheprovider" in ini
    assert "no:cacheprovider" not in words
    # Every other option of the ini file stays, in order.
    assert words[0] == "-rfE"
    assert "--junitxml=reports/junit.xml" in words
    assert words.count("-p") == ini.count("-p no:") - 1


@pytest.mark.parametrize(
    ("given", "placed"),
    [
        ("tests_infra/test_step1_agent.py", "{suite}/tests_infra/test_step1_agent.py"),
        (
            "tests_infra/test_step1_agent.py::test_agent_is_running",
            "{suite}/tests_infra/test_step1_agent.py::test_agent_is_running",
        ),
        ("tests_infra", "{suite}/tests_infra"),
        ("elsewhere/test_x.py", "elsewhere/test_x.py"),  # pytest says it is not found
    ],
)
def test_test_paths_into_the_suite_are_the_packaged_ones(
    given: str, placed: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    location = cli.SuiteLocation(REPO)
    assert location._place(given) == placed.format(suite=REPO)


def test_a_users_own_test_path_stays_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tests_infra").mkdir()
    (tmp_path / "tests_infra" / "test_mine.py").write_text("")
    monkeypatch.chdir(tmp_path)
    assert cli.SuiteLocation(REPO)._place("tests_infra/test_mine.py") == "tests_infra/test_mine.py"


def test_the_repo_root_error_says_what_to_type() -> None:
    args = ("--targets", "/srv/fleet.yaml", "--ssh-config", "/srv/ssh config", "-k", "step1")
    assert logtail_doctor_pytest.equals_form(args) == (
        "--targets=/srv/fleet.yaml '--ssh-config=/srv/ssh config' -k step1"
    )


def test_help_shows_our_options_first_and_all_of_them() -> None:
    text = cli.help_text()
    assert text.startswith("usage: logtail-doctor --targets FILE")
    for name, _ in logtail_doctor_pytest.OPTIONS:
        assert re.search(rf"^  {re.escape(name)}\b", text, re.MULTILINE), name
    assert "logtail-doctor init" in text
    assert "logtail-doctor merge" in text


def test_version_names_the_clone_and_its_revision(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    revision = _git("rev-parse", "--short", "HEAD").strip()
    assert first == f"logtail-doctor {__version__} (git {revision}, the clone {REPO})"


# --- init -------------------------------------------------------------------------------------


def test_init_writes_a_commented_file_that_names_what_to_fill_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init"]) == 0
    written = tmp_path / "targets.yaml"
    assert "wrote targets.yaml" in capsys.readouterr().out
    text = written.read_text()
    assert text.count("\n#") >= 10  # commented
    assert isinstance(yaml.safe_load(text), dict)
    with pytest.raises(TargetsError, match=r"targets\.yaml: project\.name"):
        load_targets(written)


def test_the_blank_file_filled_in_is_a_valid_targets_file() -> None:
    text = blank_targets("web-logs", "cn-hangzhou", "intranet", ["1234567890123456"])
    document = yaml.safe_load(text.replace('name: ""', "name: web-servers", 1))
    document["hosts"] = [{"url": "ssh://root@10.0.0.11", "machine_group": "web-servers"}]
    targets = parse_targets(document, Path("t.yaml"))
    assert targets.project.region == "cn-hangzhou"
    assert targets.account_ids == ("1234567890123456",)


def test_init_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "fleet.yaml"
    existing.write_text("mine\n")
    assert cli.main(["init", str(existing)]) == 4
    err = capsys.readouterr().err
    assert err == f"ERROR: logtail-doctor init: {existing} exists: give --force to overwrite it\n"
    assert existing.read_text() == "mine\n"
    assert cli.main(["init", str(existing), "--force"]) == 0
    assert existing.read_text() != "mine\n"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--network", "wan"], "argument --network: invalid choice: 'wan'"),
        (["--from-sls", "web-logs"], "--from-sls needs --region REGION"),
        (["--from-sls", "Web Logs", "--region", "cn-hangzhou"], "not an SLS project name"),
        (["--from-sls", "web-logs", "--region", "Hangzhou"], "not a region ID"),
        (
            ["--from-sls", "web-logs", "--region", "cn-hangzhou", "--sls-endpoint", "ftp://x"],
            "the scheme must be http or https",
        ),
        (["--sls-endpoint", "https://x"], "--sls-endpoint only applies with --from-sls"),
        (["a.yaml", "b.yaml"], "unrecognized arguments: b.yaml"),
    ],
)
def test_a_bad_init_argument_is_one_line_and_exit_4(
    args: list[str],
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init", *args]) == 4
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1, captured.err
    assert captured.err.startswith("ERROR: ")
    assert says in captured.err
    assert not (tmp_path / "targets.yaml").exists()


def test_groups_become_a_valid_targets_file() -> None:
    groups = [
        GroupInfo("web-servers", "ip", ("10.0.0.11", "10.0.0.12")),
        GroupInfo("db-servers", "ip", ("10.0.0.12", "10.0.0.31")),  # .12 is in both
        GroupInfo("batch", "userdefined", ("batch-1", "batch-2")),
        GroupInfo("empty", "ip", ()),
    ]
    text = targets_from_groups(
        "web-logs", "cn-shanghai", groups, account_ids=["1234567890123456"], ssh_user="ops"
    )
    targets = parse_targets(yaml.safe_load(text), Path("t.yaml"))
    assert targets.project.region == "cn-shanghai"
    assert [(g.name, g.ips, g.custom_ids) for g in targets.machine_groups] == [
        ("web-servers", ("10.0.0.11", "10.0.0.12"), ()),
        ("db-servers", ("10.0.0.12", "10.0.0.31"), ()),
        ("batch", (), ("batch-1", "batch-2")),
        ("empty", (), ()),
    ]
    assert [(h.url, h.machine_group) for h in targets.hosts] == [
        ("ssh://ops@10.0.0.11", "web-servers"),
        ("ssh://ops@10.0.0.12", "web-servers"),
        ("ssh://ops@10.0.0.31", "db-servers"),
    ]
    # The custom-identifier group's hosts are the user's to add: shown, commented out.
    assert "  #   machine_group: batch" in text


def test_a_file_from_only_custom_groups_has_an_empty_host_list() -> None:
    text = targets_from_groups(
        "web-logs", "cn-hangzhou", [GroupInfo("batch", "userdefined", ("b-1",))]
    )
    document: Any = yaml.safe_load(text)
    assert document["hosts"] == []
    assert document["account_ids"] == []  # left to fill in: the run says so in one line
    with pytest.raises(TargetsError, match=r"account_ids"):
        parse_targets(document, Path("t.yaml"))


# --- CI recipes --------------------------------------------------------------------------------


def recipe_commands(path: Path) -> list[str]:
    """The logtail-doctor command lines a CI recipe runs (GitHub `run:`, GitLab `script:`)."""
    document: Any = yaml.safe_load(path.read_text())
    lines: list[str] = []
    for job in (document.get("jobs") or document).values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps", []):
            lines.extend(str(step.get("run", "")).splitlines())
        lines.extend(str(line) for line in job.get("script", []))
    return [line.strip() for line in lines if line.strip().startswith("logtail-doctor")]


RECIPE_FILES = sorted(RECIPES.glob("*.yml"))


def test_there_are_recipes_for_both_ci_systems_whole_and_sharded() -> None:
    assert [p.name for p in RECIPE_FILES] == [
        "github-actions-sharded.yml",
        "github-actions.yml",
        "gitlab-ci-sharded.yml",
        "gitlab-ci.yml",
    ]


@pytest.mark.parametrize("recipe", RECIPE_FILES, ids=lambda p: p.name)
def test_a_recipes_commands_are_the_ones_the_docs_show(recipe: Path) -> None:
    docs = (REPO / "docs" / "fleets.md").read_text()  # its section "In CI"
    commands = recipe_commands(recipe)
    assert commands, f"{recipe.name} runs no logtail-doctor command"
    for command in commands:
        assert command in docs, f"{recipe.name}: {command!r} is not in docs/fleets.md"
    assert f"ci-recipes/{recipe.name}" in docs


@pytest.mark.parametrize("recipe", RECIPE_FILES, ids=lambda p: p.name)
def test_a_recipe_keeps_the_reports_and_publishes_junit(recipe: Path) -> None:
    text = recipe.read_text()
    if "sharded" in recipe.name:
        assert any("--shard" in c for c in recipe_commands(recipe))
        assert any(c.startswith("logtail-doctor merge reports ") for c in recipe_commands(recipe))
    if recipe.name.startswith("github"):
        assert "actions/upload-artifact@v4" in text
        assert "report_paths: reports/junit.xml" in text
    else:
        assert "junit: reports/junit.xml" in text
        assert "when: always" in text


def test_pytest_from_the_repo_root_with_the_space_form_says_what_to_type(tmp_path: Path) -> None:
    """`pytest --targets /elsewhere/x.yaml`: pytest has lost its ini file before any plugin runs."""
    targets = tmp_path / "fleet.yaml"
    targets.write_text("project: {}\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--targets", str(targets), "-k", "step1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 4
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert f"type `pytest --targets={targets} -k step1` from the logtail-doctor folder" in (
        done.stderr
    )
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "the following arguments are required: out_dir, in_dirs"),
        (["out", "in", "--report-lang", "fr"], "argument --report-lang: invalid choice: 'fr'"),
    ],
)
def test_a_bad_merge_argument_is_one_line_and_exit_4(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["merge", *args]) == 4
    err = capsys.readouterr().err
    assert err.startswith("ERROR: logtail-doctor merge: ")
    assert len(err.splitlines()) == 1
    assert says in err


def test_merge_help_names_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["merge", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: logtail-doctor merge [-h]")
