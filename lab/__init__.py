"""The logtail-doctor lab: simulated Logtail hosts in network namespaces on one machine.

Typical use (as root)::

    from lab import Lab

    with Lab.up(Path("lab/scenarios/smoke.yaml"), Path("/tmp/ltd-lab")) as lab:
        for host in lab.hosts:
            print(host.name, host.url, host.expect)
        before = lab.snapshot()
        ...  # run the suite with --hosts from lab.targets_file / lab.ssh_config
        assert lab.snapshot() == before

The command line equivalent is ``python -m lab up|down|snapshot|exec``.
"""

from __future__ import annotations

from lab.core import DEFAULT_WORKDIR, Lab, LabHost, down
from lab.errors import LabError
from lab.network import host_ip
from lab.scenario import ExtraNic, HostSpec, MachineGroup, Project, Scenario, load_scenario

__all__ = [
    "DEFAULT_WORKDIR",
    "ExtraNic",
    "HostSpec",
    "Lab",
    "LabError",
    "LabHost",
    "MachineGroup",
    "Project",
    "Scenario",
    "down",
    "host_ip",
    "load_scenario",
]
