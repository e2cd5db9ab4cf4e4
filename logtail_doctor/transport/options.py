"""The run's connection options and the bounds every runner keeps."""

from __future__ import annotations

from dataclasses import dataclass

# The most we read from one host: the probe caps each of its ~20 values at
# 64 KiB (raw bytes, plus a short header each); anything beyond is not our probe.
OUTPUT_LIMIT = 4 * 1024 * 1024
# Slack for the watchdog over a backend we cannot kill (paramiko, ansible, ...).
WATCHDOG_SLACK = 5.0


@dataclass(frozen=True)
class ConnectionOptions:
    """testinfra's own options plus our bounds; mirrors the pytest command line."""

    connection: str | None = None
    ssh_config: str | None = None
    ssh_identity_file: str | None = None
    sudo: bool = False
    sudo_user: str | None = None
    ansible_inventory: str | None = None
    force_ansible: bool = False
    connect_timeout: int = 10
    command_timeout: int = 60
    # --agent-tls: also verify the config server's certificate with the agent's own CA
    # bundle (the TLS check of step 2). Off by default: loading a bundle costs the host
    # about 20 ms of CPU, most of what the probe costs beyond the SSH session
    # (docs/agent-inputs.md).
    agent_tls: bool = False

    @property
    def host_limit(self) -> float:
        """The most one host may take, connect and probe together."""
        return float(self.connect_timeout + self.command_timeout)

    @property
    def step_limit(self) -> int:
        """Seconds one slow step of the probe may take on the host (LTD_STEP in linux.sh).

        The probe has at most 7 such steps (2 status calls, 4 curls, getent), so
        an eighth of the command timeout keeps them all inside it.
        """
        return max(2, self.command_timeout // 8)

    @property
    def winrm_timeouts(self) -> tuple[int, int]:
        """pywinrm's (read_timeout_sec, operation_timeout_sec) from our bounds.

        read_timeout_sec is what requests waits for a connect and for each
        answer: the connect timeout. operation_timeout_sec is how long the host
        holds one WS-Management request (a Receive waiting for output) before
        answering "nothing yet"; pywinrm requires it below read_timeout_sec, and
        half of it leaves the other half for the network.
        """
        operation = max(1, self.connect_timeout // 2)
        return max(operation + 1, self.connect_timeout), operation
