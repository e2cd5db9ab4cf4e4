"""The two SSH transports the e2e tests run over, with the same assertions.

"ssh" is the default (our own OpenSSH process per host); "asyncssh" is the
in-process one (issue 34). The lab's targets file lists ssh:// hosts; for
asyncssh the tests use a copy whose hosts are asyncssh:// with the same address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from lab import Lab

TRANSPORTS = ("ssh", "asyncssh")


def url(spec: str, transport: str) -> str:
    """A host spec (ssh://...) as the transport's spec: its host id in the summary."""
    return f"{transport}://{spec.split('://', 1)[1]}" if "://" in spec else spec


def host_url(lab_host: Any, transport: str) -> str:
    return url(lab_host.url, transport)


def targets_file(lab: Lab, transport: str, directory: Path) -> Path:
    """The lab's targets file, its hosts' specs those of the transport."""
    if transport == "ssh":
        return lab.targets_file
    document = yaml.safe_load(lab.targets_file.read_text())
    for entry in document["hosts"]:
        entry["url"] = url(entry["url"], transport)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"targets-{transport}.yaml"
    path.write_text(yaml.safe_dump(document))
    return path
