"""What to do about a host that gave no answer: the fix line of host.reachable."""

from __future__ import annotations

import shlex
import urllib.parse

from logtail_doctor.i18n import M, Msg
from logtail_doctor.transport.specs import WINRM_BACKEND


def unreachable_remediation(target_id: str, error: str) -> Msg:
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
        ssh_cmd=f"ssh {shlex.quote(_plain_host(target_id))} true",
    )


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


def _plain_host(target_id: str) -> str:
    return target_id.split("://", 1)[-1]
