"""Host specs in, testinfra Hosts out: parsing, validation and redaction.

A spec is untrusted (it comes from a targets file or --hosts): check_spec and
_check_backend_host refuse anything that could make a runner do more than
connect to a host, and redact/scrub keep its password out of every message.
This is the only module of the project that imports testinfra.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import testinfra
import testinfra.backend
import testinfra.backend.base

from logtail_doctor.text import mask_password, one_line, quoted, shorten
from logtail_doctor.transport.options import ConnectionOptions

DEFAULT_CONNECTION = "ssh"
# Backends whose probe we run as our own local ssh process, so that a hung
# connection is killed (process group and all) at the bound.
SSH_BACKENDS = ("ssh", "safe-ssh")
# Windows hosts: the PowerShell probe, through pywinrm driven by us (bounded).
WINRM_BACKEND = "winrm"
# SSH in-process (asyncssh_runner): testinfra parses the spec as ssh://, we connect.
ASYNCSSH_BACKEND = "asyncssh"

# Query parameters a host spec may carry. Others (ssh_config, ssh_identity_file,
# ansible_inventory, controlpersist, ...) would let a targets file choose files
# or programs the runner uses, so they are options of the run, never of a host.
ALLOWED_SPEC_QUERY = frozenset({"sudo", "sudo_user"})
# A winrm:// spec may only say how to speak HTTP(S) to the host (testinfra's
# WinRM options); sudo means nothing there. Timeouts come from our bounds.
WINRM_SPEC_QUERY = frozenset({"no_ssl", "no_verify_ssl"})
# Agents in containers: testinfra's podman, docker and kubectl backends (transport.container).
CONTAINER_SCHEMES = ("podman", "docker", "kubectl")
# A kubectl:// spec may say where the pod is; a kubeconfig file is the run's (KUBECONFIG).
KUBECTL_SPEC_QUERY = frozenset({"namespace", "container", "context"})
# A container's name or ID (podman, docker), optionally as user@name.
_CONTAINER_RE = re.compile(r"(?:[A-Za-z0-9_][A-Za-z0-9_.-]*@)?[A-Za-z0-9][A-Za-z0-9_.-]{0,253}")
# A pod, namespace or container name (RFC 1123) and a kubeconfig context name.
_KUBE_NAME_RE = re.compile(r"[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?")
KUBE_CONTEXT_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@:/-]{0,252}")
# A host name, an IPv4 or IPv6 address (bare or in brackets): never starting
# with "-" (it would be an ssh option) and no shell metacharacters.
_HOSTNAME_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.%:-]*|\[[0-9A-Fa-f:.%]+\]")
_USER_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# A Windows account for WinRM may be DOMAIN\\user or user@domain (NTLM, never a shell word).
_WINRM_USER_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\\@-]*")


@dataclass(frozen=True)
class Target:
    """One host to probe: its display id (no secrets) and its testinfra Host."""

    host_id: str
    spec: str
    host: Any  # testinfra.host.Host (untyped upstream)


def address_of(spec: str) -> tuple[str, str | None, str | None]:
    """The (host name, user, port) testinfra reads from a spec, as its backends do.

    An IPv6 address comes without its brackets; a password and query are left out.
    """
    hostspec = testinfra.backend.parse_hostspec(spec)[0] if "://" in spec else spec
    try:
        parsed = testinfra.backend.base.BaseBackend.parse_hostspec(hostspec)
    except ValueError:  # "[::1" and the like: testinfra rejects the spec anyway
        return hostspec, None, None
    return str(parsed.name), parsed.user, parsed.port


def redact(spec: str) -> str:
    """The spec without a password: ssh://root:secret@h -> ssh://root:***@h (to the last @)."""
    return mask_password(spec)


def scheme_of(spec: str, options: ConnectionOptions) -> str:
    if "://" in spec:
        return spec.split("://", 1)[0]
    return options.connection or DEFAULT_CONNECTION


def expand_targets(specs: Iterable[str], options: ConnectionOptions) -> list[Target]:
    """testinfra Hosts for the given specs; an ansible:// spec may expand to several.

    Raises ValueError with one line naming the spec that testinfra rejects.
    """
    targets: list[Target] = []
    for spec in specs:
        check_spec(spec)
        scheme = scheme_of(spec, options)
        if scheme == "ansible":
            _find_ansible()
        # testinfra knows no asyncssh: it parses the same spec as ssh:// for us
        parsed_spec = f"ssh://{spec.split('://', 1)[-1]}" if scheme == ASYNCSSH_BACKEND else spec
        kwargs = _backend_kwargs(parsed_spec, options)
        try:
            hosts = testinfra.get_hosts([parsed_spec], **kwargs)
        except Exception as exc:  # testinfra raises bare RuntimeError/KeyError for bad specs
            raise ValueError(f"host {shorten(redact(spec))}: {shorten(one_line(exc))}") from None
        if len(hosts) == 1 and not spec.startswith("ansible://"):
            targets.append(Target(redact(spec), spec, hosts[0]))
        else:
            targets.extend(
                Target(h.backend.get_pytest_id(), spec, _native(h, options)) for h in hosts
            )
    for target in targets:
        _check_backend_host(target)
        if scheme_of(target.spec, options) == ASYNCSSH_BACKEND:
            _check_asyncssh_config(target, options)
    return targets


def _check_asyncssh_config(target: Target, options: ConnectionOptions) -> None:
    """Before any connection: the user's ssh_config asks nothing asyncssh would do otherwise."""
    # asyncssh takes 0.2 s of CPU to import: only runs that use it pay for it
    from logtail_doctor.transport.asyncssh_config import read_host_config  # noqa: PLC0415

    parsed = target.host.backend.host
    read_host_config(
        str(parsed.name),
        parsed.user,
        int(parsed.port) if parsed.port else None,
        ssh_config=options.ssh_config,
        host_id=target.host_id,
        identity_file=options.ssh_identity_file,
    )


def _native(host: Any, options: ConnectionOptions) -> Any:
    """For an ansible:// host, the ssh/paramiko/... Host its inventory entry amounts to.

    testinfra's ansible backend delegates each command to that Host anyway (unless
    --force-ansible or an unsupported ansible_connection); taking it here lets the
    probe run as our own bounded ssh process. Otherwise the ansible Host itself.
    """
    backend = host.backend
    if getattr(backend, "NAME", None) != "ansible" or backend.force_ansible:
        return host
    try:
        native = backend.ansible_runner.get_host(
            backend.host, ssh_config=backend.ssh_config, ssh_identity_file=backend.ssh_identity_file
        )
    except Exception as exc:  # inventory errors come untyped from ansible
        raise ValueError(f"host ansible://{backend.host}: {one_line(exc)}") from None
    if native is None:
        return host
    if getattr(native.backend, "NAME", None) in SSH_BACKENDS:
        # Our bounds and one-command policy, as for any ssh host.
        native.backend.timeout = options.connect_timeout
        native.backend.controlpersist = 0
    return native


def _find_ansible() -> None:
    """testinfra runs `ansible-inventory` from PATH: also look next to this Python (a venv)."""
    if shutil.which("ansible-inventory") is None:
        here = Path(sys.executable).parent
        if (here / "ansible-inventory").exists():
            os.environ["PATH"] = f"{here}{os.pathsep}{os.environ.get('PATH', '')}"


def check_spec(spec: str) -> None:
    """Refuse a host spec that could make the runner do more than connect to a host.

    A spec is untrusted (it comes from a targets file). Raises ValueError, one line.
    """
    shown = shorten(redact(spec))
    if any(c.isspace() or not c.isprintable() for c in spec):
        raise ValueError(
            f"host {quoted(redact(spec))}: spaces or control characters in a host spec"
        )
    scheme, _, rest = spec.partition("://") if "://" in spec else ("", "", spec)
    allowed = WINRM_SPEC_QUERY if scheme == WINRM_BACKEND else ALLOWED_SPEC_QUERY
    if scheme in CONTAINER_SCHEMES:
        allowed = KUBECTL_SPEC_QUERY if scheme == "kubectl" else frozenset()
    name, _, query = rest.partition("?")
    if scheme in CONTAINER_SCHEMES:
        _check_container_spec(shown, scheme, name, query)
    for key in urllib.parse.parse_qs(query, keep_blank_values=True):
        if key not in allowed and not allowed:
            raise ValueError(f"host {shown}: a {scheme} spec takes no parameters ({key!r} given)")
        if key not in allowed:
            raise ValueError(
                f"host {shown}: parameter {quoted(key)} is not allowed in a "
                f"{scheme or 'host'} spec "
                f"(allowed: {', '.join(sorted(allowed))}; use the command-line option)"
            )


def _check_container_spec(shown: str, scheme: str, name: str, query: str) -> None:
    """A container or pod name and its place must be plain names (never an option)."""
    pattern = _KUBE_NAME_RE if scheme == "kubectl" else _CONTAINER_RE
    if not pattern.fullmatch(name):
        what = "pod" if scheme == "kubectl" else "container"
        raise ValueError(f"host {shown}: {name[:80]!r} is not a {what} name")
    for key, values in urllib.parse.parse_qs(query, keep_blank_values=True).items():
        value_re = KUBE_CONTEXT_RE if key == "context" else _KUBE_NAME_RE
        if key in KUBECTL_SPEC_QUERY and not all(value_re.fullmatch(v) for v in values):
            raise ValueError(f"host {shown}: {key}={values[0][:80]!r} is not a Kubernetes name")
        if key in KUBECTL_SPEC_QUERY and len(values) > 1:
            raise ValueError(f"host {shown}: {key} given more than once")


def _check_backend_host(target: Target) -> None:
    """The host name, user and port testinfra parsed must be plain (no ssh option in disguise)."""
    backend = target.host.backend
    parsed = getattr(backend, "host", None)
    if parsed is None or isinstance(parsed, str):  # local, docker, ..., ansible's own
        return
    name, user, port = parsed.name, parsed.user, parsed.port
    user_re = _WINRM_USER_RE if getattr(backend, "NAME", None) == WINRM_BACKEND else _USER_RE
    if not isinstance(name, str) or not _HOSTNAME_RE.fullmatch(name):
        raise ValueError(
            f"host {shorten(target.host_id)}: {quoted(name)} is not a host name or address"
        )
    if user is not None and not user_re.fullmatch(str(user)):
        raise ValueError(f"host {shorten(target.host_id)}: {quoted(user)} is not a user name")
    if port is not None and not str(port).isdigit():
        raise ValueError(f"host {shorten(target.host_id)}: {quoted(port)} is not a port number")


# ssh's keepalive on a session: a host silent for about INTERVAL x COUNT_MAX s is given up
# (ssh_config(5): 15 x the default 3 "will disconnect after approximately 45 seconds").
SERVER_ALIVE_INTERVAL = 5
SERVER_ALIVE_COUNT_MAX = 2


def _backend_kwargs(spec: str, options: ConnectionOptions) -> dict[str, Any]:
    connection = options.connection or DEFAULT_CONNECTION
    kwargs: dict[str, Any] = {
        "connection": "ssh" if connection == ASYNCSSH_BACKEND else connection,
        "ssh_config": options.ssh_config,
        "ssh_identity_file": options.ssh_identity_file,
        "sudo": options.sudo,
        "sudo_user": options.sudo_user,
        "timeout": options.connect_timeout,
    }
    scheme = scheme_of(spec, options)
    if scheme in CONTAINER_SCHEMES:
        # No sudo in a container (kubectl exec cannot switch users; images rarely
        # have sudo): the probe runs as the container's user, root in the agent's images.
        return {"connection": scheme}
    if scheme == "ansible":
        kwargs["ansible_inventory"] = options.ansible_inventory
        kwargs["force_ansible"] = options.force_ansible
    if scheme == WINRM_BACKEND:
        kwargs["read_timeout_sec"], kwargs["operation_timeout_sec"] = options.winrm_timeouts
    if scheme in ("ssh", "safe-ssh"):
        # One command per host: a ControlMaster would only linger after the run.
        kwargs["controlpersist"] = 0
        extra = [
            f"-o ServerAliveInterval={SERVER_ALIVE_INTERVAL}",
            f"-o ServerAliveCountMax={SERVER_ALIVE_COUNT_MAX}",
            f"-o ConnectTimeout={options.connect_timeout}",
        ]
        if not _has_password(spec):
            # Never wait for a password prompt nobody will answer.
            extra.append("-o BatchMode=yes")
        kwargs["ssh_extra_args"] = " ".join(extra)
    return kwargs


def _has_password(spec: str) -> bool:
    netloc = urllib.parse.urlsplit(spec if "://" in spec else f"x://{spec}").netloc
    return "@" in netloc and ":" in netloc.rsplit("@", 1)[0]


def scrub(text: str, backend: Any) -> str:
    """Never let a password from a host spec into a message."""
    password = getattr(getattr(backend, "host", None), "password", None)
    if password:
        text = text.replace(password, "***")
        quoted = urllib.parse.quote(password, safe="")
        if quoted != password:
            text = text.replace(quoted, "***")
    return text
