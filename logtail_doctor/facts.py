"""What a probe learned about one host: plain typed values, no behaviour.

Checks are pure functions of these facts, so every check can be tested with
facts built from recorded probe output, without any host.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class FileState(Enum):
    PRESENT = "present"
    ABSENT = "absent"
    NOT_REGULAR = "not a regular file"
    UNREADABLE = "unreadable"
    NOT_PROBED = "not probed"


@dataclass(frozen=True)
class FileFact:
    path: str
    state: FileState
    content: str = ""
    truncated: bool = False

    @property
    def present(self) -> bool:
        return self.state is FileState.PRESENT


@dataclass(frozen=True)
class CommandFact:
    """A command the probe ran on the host: its exit code and merged output."""

    rc: int
    output: str


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    comm: str


@dataclass(frozen=True)
class NicAddress:
    interface: str
    address: str  # IPv4, no prefix length
    prefix: int


@dataclass(frozen=True)
class HttpAnswer:
    """What `curl URL` printed on the host. rc is curl's exit code (0 = an HTTP answer)."""

    url: str
    rc: int
    status: int | None
    body: str
    error: str  # curl's own message when rc != 0


@dataclass(frozen=True)
class HostFacts:
    hostname: str
    epoch: int | None
    install_paths: dict[str, str]  # path -> "d" | "f" | "l -> target"
    status: dict[str, CommandFact]  # init script name -> `status` result
    processes: tuple[Process, ...]
    config: FileFact
    http: dict[str, HttpAnswer]  # config server URL -> answer seen from the host
    app_info: FileFact
    etc_hosts: FileFact
    resolved: tuple[str, ...]  # getaddrinfo(hostname, AF_INET) order, deduplicated
    resolve_rc: int | None
    nics: tuple[NicAddress, ...]
    user_ids: tuple[str, ...] | None  # regular files in /etc/ilogtail/users; None: no such dir
    user_id_other_entries: tuple[str, ...] = field(default=())  # sub-dirs and other oddities
    user_defined_id: FileFact | None = None
