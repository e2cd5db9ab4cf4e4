"""What to do about a host that gave no answer: the fix line of host.reachable."""

from __future__ import annotations

import shlex
import urllib.parse

from logtail_doctor.i18n import M, Msg
from logtail_doctor.transport.options import ConnectionOptions
from logtail_doctor.transport.specs import WINRM_BACKEND, address_of


def unreachable_remediation(
    target_id: str, error: str, options: ConnectionOptions | None = None
) -> Msg:
    """The fix for a host that gave no answer; options: the run's (its ssh config and key)."""
    winrm = target_id.startswith(f"{WINRM_BACKEND}://")
    if "Permission denied" in error or "Authentication" in error or (winrm and "401" in error):
        return M(
            "host.reachable.fix.auth.winrm" if winrm else "host.reachable.fix.auth", host=target_id
        )
    if winrm:
        return M(
            "host.reachable.fix.network.winrm", host=target_id, check_cmd=_wsman_check(target_id)
        )
    return M(
        "host.reachable.fix.network",
        host=target_id,
        ssh_cmd=ssh_check_command(target_id, options or ConnectionOptions()),
    )


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


def _wsman_check(target_id: str) -> str:
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
