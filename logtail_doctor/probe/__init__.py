"""The per-host probe: one script, one round trip, all the facts.

``linux.py`` holds the Linux probe (``linux.sh``) and its parser, ``windows.py``
the Windows one (``windows.ps1``); ``common.py`` what both parsers share. This
module only hands their entry points on, for the transport and the tests.
"""

from __future__ import annotations

from logtail_doctor.probe.common import VALUE_LIMIT, ProbeError
from logtail_doctor.probe.linux import (
    APP_INFO_PATH,
    CONFIG_PATH,
    NONCE_RE,
    PROBE_FORMAT,
    READABLE_FORMATS,
    USERS_DIR,
    linux_probe_script,
    new_nonce,
    parse_linux_probe,
    split_records,
)
from logtail_doctor.probe.windows import (
    parse_windows_probe,
    windows_probe_command,
    windows_probe_input,
)

__all__ = [
    "APP_INFO_PATH",
    "CONFIG_PATH",
    "NONCE_RE",
    "PROBE_FORMAT",
    "READABLE_FORMATS",
    "USERS_DIR",
    "VALUE_LIMIT",
    "ProbeError",
    "linux_probe_script",
    "new_nonce",
    "parse_linux_probe",
    "parse_windows_probe",
    "split_records",
    "windows_probe_command",
    "windows_probe_input",
]
