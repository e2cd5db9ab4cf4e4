"""Commands that try what the run tried on a host that gave no answer (for its fix line)."""

from __future__ import annotations

import re
import shlex
import urllib.parse

from logtail_doctor.transport.options import ConnectionOptions
from logtail_doctor.transport.specs import address_of


def ssh_check_command(target_id: str, options: ConnectionOptions) -> str:
    """An ssh line that tries what the run tried: the host's user and port, the run's config, key.

    ssh wants the port as -p (host:port would be read as a host name) and an
    IPv6 address without brackets. Every word is quoted for a POSIX shell.
    """
    name, user, port = address_of(target_id)
    words = ["ssh"]
    if options.ssh_config:
        words += ["-F", options.ssh_config]
    if options.ssh_identity_file:
        words += ["-i", options.ssh_identity_file]
    if port:
        words += ["-p", port]
    words += [f"{user}@{name}" if user else name, "true"]
    return " ".join(shlex.quote(word) for word in words)


def wsman_check_command(target_id: str) -> str:
    """A command that shows whether the host's WinRM listener answers (401/405: it does)."""
    parts = urllib.parse.urlsplit(target_id)
    query = urllib.parse.parse_qs(parts.query)
    plain = query.get("no_ssl", ["false"])[0].lower() == "true"
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or ""
    shown = f"[{host}]" if ":" in host else host
    url = f"{'http' if plain else 'https'}://{shown}:{port or (5985 if plain else 5986)}/wsman"
    return f"curl -sS -o /dev/null -w '%{{http_code}}' {shlex.quote(url)}"


def container_check_command(target_id: str) -> str | None:
    """For a podman://, docker:// or kubectl:// host: what shows whether it runs and has a shell.

    None for any other host.
    """
    scheme, _, rest = target_id.partition("://")
    name, _, query = rest.partition("?")
    if scheme in ("podman", "docker"):
        name = name.rsplit("@", 1)[-1]
        return f"{scheme} exec {shlex.quote(name)} /bin/sh -c true"
    if scheme == "kubectl":
        values = urllib.parse.parse_qs(query)
        words = ["kubectl"]
        if "context" in values:
            words.append(f"--context={values['context'][0]}")
        words += ["-n", values.get("namespace", ["default"])[0], "get", "pod", name, "-o", "wide"]
        return " ".join(shlex.quote(word) for word in words)
    return None


# The programs a run starts locally for a host, and the Debian/Ubuntu package of each.
RUNNER_PACKAGES = {"ssh": "openssh-client", "sshpass": "sshpass"}
_MISSING_RE = re.compile(r"^cannot start ([A-Za-z0-9_.-]+): not installed on this runner")


def missing_program_error(program: str) -> str:
    """The host's unreachable reason when a program the run needs locally is not installed."""
    why = (
        " (a password in the host spec is passed to ssh by sshpass)" if program == "sshpass" else ""
    )
    package = RUNNER_PACKAGES.get(program, program)
    return f"cannot start {program}: not installed on this runner{why}; package {package}"


def missing_program(error: str) -> tuple[str, str] | None:
    """(program, package) when the error is missing_program_error's; None otherwise."""
    match = _MISSING_RE.match(error)
    if match is None:
        return None
    return match.group(1), RUNNER_PACKAGES.get(match.group(1), match.group(1))
