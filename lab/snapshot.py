"""Digests of every file the lab owns on a host, to show that a run changed nothing."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path


def sha256_entry(path: Path) -> str | None:
    st = path.lstat()
    if stat.S_ISREG(st.st_mode):
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                digest.update(chunk)
        return digest.hexdigest()
    if stat.S_ISLNK(st.st_mode):
        return hashlib.sha256(b"symlink:" + os.fsencode(path.readlink())).hexdigest()
    if stat.S_ISDIR(st.st_mode):
        return None
    # overlayfs whiteouts (a deleted lower file) are 0/0 character devices
    kind = f"special:{stat.S_IFMT(st.st_mode)}:{st.st_rdev}"
    return hashlib.sha256(kind.encode()).hexdigest()


def snapshot_roots(hdir: Path) -> list[tuple[str, Path]]:
    return [
        ("etc", hdir / "u" / "etc"),
        ("usr/local", hdir / "u" / "usr_local"),
        ("var", hdir / "u" / "var"),
        ("root", hdir / "u" / "root"),
        ("opt", hdir / "u" / "opt"),
        ("usr/local/ilogtail", hdir / "a" / "ilogtail"),
        ("etc/ilogtail", hdir / "a" / "etc_ilogtail"),
    ]


def walk(base: Path) -> Iterator[tuple[Path, str]]:
    if not base.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        here = Path(dirpath)
        # symlinks to directories show up in dirnames; report them as entries
        for name in sorted(filenames + [d for d in dirnames if (here / d).is_symlink()]):
            path = here / name
            yield path, path.relative_to(base).as_posix()


def host_digests(hdir: Path) -> dict[str, str]:
    """Path on the host (no leading /) -> sha256, for every file the lab owns there, sorted."""
    files: dict[str, str] = {}
    for prefix, base in snapshot_roots(hdir):
        for path, rel in walk(base):
            digest = sha256_entry(path)
            if digest is not None:
                files[f"{prefix}/{rel}"] = digest
    return dict(sorted(files.items()))
