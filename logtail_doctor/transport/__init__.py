"""Our one seam to pytest-testinfra: host specs in, probe output out.

testinfra is frozen upstream, so everything we need from it goes through
here: building a Host from a spec (ssh, paramiko, ansible, ...), running the
probe once, and turning every transport failure into one line of text.
Nothing else in the project imports testinfra.

The modules, each importing only those above it:
``options`` (the run's options and bounds), ``specs`` (host specs parsed,
checked and redacted; the only importer of testinfra), ``ssh`` and
``winrm_runner`` (the two runners we bound ourselves), ``probe_run`` (one
host's probe, and every host's concurrently) and ``unreachable`` (the commands
that try a host that gave no answer).
"""

from __future__ import annotations

from logtail_doctor.transport.options import OUTPUT_LIMIT, WATCHDOG_SLACK, ConnectionOptions
from logtail_doctor.transport.probe_run import ProbeResult, ProbeRun, Progress, probe
from logtail_doctor.transport.specs import (
    DEFAULT_CONNECTION,
    SSH_BACKENDS,
    WINRM_BACKEND,
    Target,
    check_spec,
    expand_targets,
    redact,
    scheme_of,
)
from logtail_doctor.transport.unreachable import (
    container_check_command,
    missing_program,
    missing_program_error,
    ssh_check_command,
    wsman_check_command,
)

__all__ = [
    "DEFAULT_CONNECTION",
    "OUTPUT_LIMIT",
    "SSH_BACKENDS",
    "WATCHDOG_SLACK",
    "WINRM_BACKEND",
    "ConnectionOptions",
    "ProbeResult",
    "ProbeRun",
    "Progress",
    "Target",
    "check_spec",
    "container_check_command",
    "expand_targets",
    "missing_program",
    "missing_program_error",
    "probe",
    "redact",
    "scheme_of",
    "ssh_check_command",
    "wsman_check_command",
]
