"""Where the diagnosis suite's pytest files are, in a clone and in an installed package.

The repo's top-level ``pytest.ini``, ``conftest.py`` and ``tests_infra/`` are
the suite and its source of truth. A wheel carries a copy of them, made at
build time by ``setup.py`` (``copy_suite``) into ``logtail_doctor/_suite/``:
no second copy is kept in git. An editable install or a clone has no
``_suite/`` and uses the repo's files directly.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# What makes up the suite, relative to the repo root (and to _suite/ in a wheel).
SUITE_FILES = ("pytest.ini", "conftest.py")
SUITE_DIRS = ("tests_infra",)
# Written beside the copy at build time: the git revision the wheel was built from.
REVISION_FILE = "BUILD_REVISION"

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_SUITE = PACKAGE_DIR / "_suite"
CLONE = PACKAGE_DIR.parent


class SuiteNotFoundError(RuntimeError):
    """Neither a packaged copy nor a clone's files: a broken install (one line)."""


def suite_sources(root: Path) -> list[Path]:
    """Every file of the suite under root (a clone), relative to it, in a stable order.

    A directory's files are all its files but Python's caches: a module added to
    tests_infra/ is in the wheel without a list to update.
    """
    found = [Path(name) for name in SUITE_FILES]
    for directory in SUITE_DIRS:
        found.extend(
            path.relative_to(root)
            for path in sorted((root / directory).rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        )
    missing = [str(p) for p in found if not (root / p).is_file()]
    if missing:
        raise SuiteNotFoundError(f"{root}: missing {', '.join(missing)}")
    return found


def copy_suite(root: Path, destination: Path) -> list[Path]:
    """Copy the suite from a clone into destination (the build's logtail_doctor/_suite)."""
    files = suite_sources(root)
    if destination.exists():
        shutil.rmtree(destination)
    for relative in files:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / relative, target)
    revision = clone_revision(root)
    if revision:
        (destination / REVISION_FILE).write_text(revision + "\n", encoding="utf-8")
    return files


def is_suite(directory: Path) -> bool:
    return all((directory / name).is_file() for name in SUITE_FILES) and all(
        (directory / name).is_dir() for name in SUITE_DIRS
    )


def find_suite() -> Path:
    """The installed copy if there is one, else the clone this package runs from."""
    if is_suite(PACKAGED_SUITE):
        return PACKAGED_SUITE
    if is_suite(CLONE):
        return CLONE
    raise SuiteNotFoundError(
        f"logtail-doctor's suite was not found in {PACKAGED_SUITE} nor in {CLONE}: "
        "reinstall it (pipx install / pip install of a wheel built from the repo)"
    )


def clone_revision(root: Path) -> str | None:
    """`git rev-parse --short HEAD` of root, when root is a clone of this project."""
    # .git is a directory in a clone and a file in a worktree. Only ask git when
    # root holds the suite: a venv inside some other project's clone must not
    # report that project's revision.
    if not (root / ".git").exists() or not is_suite(root):
        return None
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=root,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def revision() -> str | None:
    """The suite's git revision: the clone's, else the one the wheel was built from."""
    if not is_suite(PACKAGED_SUITE):
        return clone_revision(CLONE)
    try:
        return (PACKAGED_SUITE / REVISION_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
