"""What each host sees: its overlay upper dirs, keys, CA bundle and agent files.

Written into the work dir before anything is mounted; ``host_path`` maps a
path on the host to where the lab keeps it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lab import render, tls
from lab.errors import LabError
from lab.network import HOST_NETNS_PREFIX, host_ip
from lab.scenario import HUGE_FILE_SIZE, STALE_REGION, HostSpec, Scenario
from lab.state import HostRecord, LabState
from lab.system import write

TEMPLATES: Final = Path(__file__).with_name("templates")
SKEL: Final = (".bashrc", ".profile", ".bash_logout")


def keypair(comment: str) -> tuple[bytes, bytes]:
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return private, public + f" {comment}\n".encode()


def write_files(state: LabState, scenario: Scenario, workdir: Path) -> Templates:
    ips = {h.name: host_ip(i) for i, h in enumerate(scenario.hosts)}
    state.hosts = [
        HostRecord(
            name=spec.name,
            ip=ips[spec.name],
            netns=f"{HOST_NETNS_PREFIX}{spec.name}",
            veth=f"ltdv{i}",
            entry=spec.to_entry(),
        )
        for i, spec in enumerate(scenario.hosts)
    ]
    state.save()
    keys = workdir / "keys"
    keys.mkdir(mode=0o700)
    private, public = keypair("ltd-lab-client")
    write(keys / "id_ed25519", private, 0o600)
    write(keys / "id_ed25519.pub", public)
    tls_dir = workdir / "tls"
    tls_dir.mkdir(mode=0o700)
    lab_tls = tls.make_lab_tls(render.tls_names(scenario), [render.SLS_IP])
    write(tls_dir / "ca.crt", lab_tls.ca_cert)
    write(tls_dir / "server.crt", lab_tls.server_cert)
    write(tls_dir / "server.key", lab_tls.server_key, 0o600)
    bundle = tls_dir / "ca-certificates.crt"
    write(bundle, lab_tls.bundle())
    # A middlebox's view from the agent: its own bundle lacks the CA that signed what
    # it is shown (the lab CA; the host's system store still trusts it). The machine's
    # CAs and an unrelated CA, made only when a host wants it.
    untrusting = tls_dir / "untrusting-ca-bundle.crt"
    if any(spec.agent_ca_bundle == "untrusting" for spec in scenario.hosts):
        other = tls.make_lab_tls(["unrelated-ca.invalid"], [])
        write(untrusting, other.bundle())
    started = time.time()
    templates = Templates.load()
    for spec in scenario.hosts:
        write_host_files(
            workdir / "h" / spec.name,
            spec,
            ip=ips[spec.name],
            project_name=scenario.project.name,
            client_pub=public,
            started=started,
            tpl=templates,
            ca_bundle=bundle,
            untrusting_bundle=untrusting,
        )
    targets_text, _data = render.targets_yaml(scenario, ips)
    write(workdir / "targets.yaml", targets_text)
    write(workdir / "ssh_config", render.ssh_config(keys / "id_ed25519"))
    return templates


@dataclass(frozen=True)
class Templates:
    hoststart: str
    agentctl: str
    sshd_config: str
    skel: dict[str, bytes]

    @classmethod
    def load(cls) -> Templates:
        skel: dict[str, bytes] = {}
        for name in SKEL:
            with contextlib.suppress(OSError):
                skel[name] = Path("/etc/skel", name).read_bytes()
        return cls(
            hoststart=(TEMPLATES / "hoststart.sh").read_text(),
            agentctl=(TEMPLATES / "agentctl.sh").read_text(),
            sshd_config=(TEMPLATES / "sshd_config").read_text(),
            skel=skel,
        )


def init_scripts(spec: HostSpec) -> tuple[str, ...]:
    layout = render.agent_layout(spec)
    return layout.init_scripts if layout is not None else ()


def host_path(hdir: Path, path: str) -> Path:
    """Where a file the host sees at ``path`` lives in the work dir."""
    for prefix, base in (
        ("/usr/local/ilogtail/", "a/ilogtail"),
        ("/etc/ilogtail/", "a/etc_ilogtail"),
        ("/usr/local/", "u/usr_local"),
        ("/etc/", "u/etc"),
        ("/opt/", "u/opt"),
    ):
        if path.startswith(prefix):
            return hdir / base / path.removeprefix(prefix)
    raise LabError(f"internal error: no host dir for {path}")


def write_host_files(
    hdir: Path,
    spec: HostSpec,
    *,
    ip: str,
    project_name: str,
    client_pub: bytes,
    started: float,
    tpl: Templates,
    ca_bundle: Path,
    untrusting_bundle: Path,
) -> None:
    upper = hdir / "u"
    layout = render.agent_layout(spec)
    parts = ["etc", "usr_local", "var", "root"]
    if spec.agent == "community":
        parts.append("opt")
    for part in parts:
        (upper / part).mkdir(parents=True)
        (hdir / "w" / part).mkdir(parents=True)
    (upper / "root").chmod(0o700)

    etc = upper / "etc"
    write(etc / "hostname", f"{spec.hostname}\n")
    write(etc / "hosts", render.etc_hosts(spec, ip, project_name))
    write(etc / "resolv.conf", render.RESOLV_CONF)
    (etc / "ssh").mkdir()
    write(etc / "ssh" / "sshd_config", tpl.sshd_config)
    host_key, host_pub = keypair(f"root@{spec.hostname}")
    write(etc / "ssh" / "ssh_host_ed25519_key", host_key, 0o600)
    write(etc / "ssh" / "ssh_host_ed25519_key.pub", host_pub)
    # The machine's CA bundle plus the lab CA: one file, hard-linked into every
    # host (the lab never writes it again; a host that did would show in snapshots).
    (etc / "ssl" / "certs").mkdir(parents=True)
    os.link(ca_bundle, etc / "ssl" / "certs" / "ca-certificates.crt")
    if spec.clock_offset:
        (upper / "usr_local" / "bin").mkdir()
        write(upper / "usr_local" / "bin" / "date", render.date_wrapper(spec.clock_offset), 0o755)

    root = upper / "root"
    for name, data in tpl.skel.items():
        write(root / name, data)
    (root / ".ssh").mkdir(mode=0o700)
    write(root / ".ssh" / "authorized_keys", client_pub, 0o600)

    if layout is not None:
        write_agent_files(hdir, spec, layout, ip=ip, started=started, tpl=tpl)
        write_agent_log(
            host_path(hdir, layout.log), spec, render.agent_log(spec, ip, started, layout)
        )
        if spec.agent != "community":
            # The agent's own bundle: hard-linked, like the system store (never written again).
            chosen = {"ok": ca_bundle, "untrusting": untrusting_bundle}.get(spec.agent_ca_bundle)
            if chosen is not None:
                os.link(chosen, host_path(hdir, "/usr/local/ilogtail/ca-bundle.crt"))


def write_agent_files(
    hdir: Path,
    spec: HostSpec,
    layout: render.AgentLayout,
    *,
    ip: str,
    started: float,
    tpl: Templates,
) -> None:
    upper = hdir / "u"
    etc = upper / "etc"
    if spec.agent_env:
        # Read by hoststart.sh with `read -r`, never evaluated (values hold no newline).
        write(hdir / "agent.env", "".join(f"{k}={v}\n" for k, v in spec.agent_env), 0o600)
    if layout.init_scripts:
        (etc / "init.d").mkdir()
    binary = layout.binary.rsplit("/", 1)[1]
    for script in layout.init_scripts:
        text = (
            tpl.agentctl.replace("@AGENT@", binary)
            .replace("@STATUS_FAULT@", spec.agent_status)
            .replace("@RECORD_IP@", "1" if spec.agent_records_ip else "0")
            .replace("@APP_INFO@", layout.app_info)
        )
        write(etc / "init.d" / script, text, 0o755)
    if spec.agent != "community":
        # mount points for the bind-mounted agent dirs
        (etc / "ilogtail").mkdir()
        (upper / "usr_local" / "ilogtail").mkdir()
        (hdir / "a" / "ilogtail").mkdir(parents=True)
        users = hdir / "a" / "etc_ilogtail" / "users"
        if spec.users_folder == "loop":  # /etc/ilogtail/users -> users: ELOOP
            users.parent.mkdir(parents=True)
            users.symlink_to("users")
        else:
            users.mkdir(parents=True)
        for uid in spec.user_ids if spec.users_folder != "loop" else ():
            write(users / uid, b"")
        if spec.users_folder == "many":
            for n in range(MANY_USER_FILES):
                (users / f"9{n:015d}").touch()
    binary_path = host_path(hdir, layout.binary)
    for path in (binary_path, host_path(hdir, layout.config), host_path(hdir, layout.app_info)):
        path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile("/bin/dash", binary_path)
    binary_path.chmod(0o755)
    write_agent_inputs(hdir, spec, layout)
    write_agent_file(
        host_path(hdir, layout.app_info), spec.app_info, render.app_info(spec, ip, started)
    )
    received = render.user_log_config(spec)
    if layout.user_log_config is not None and received is not None:
        write(host_path(hdir, layout.user_log_config), received)
    if spec.user_defined_id is not None:
        path = host_path(hdir, layout.user_defined_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, render.user_defined_id(spec.user_defined_id))


def write_agent_inputs(hdir: Path, spec: HostSpec, layout: render.AgentLayout) -> None:
    """The config where the agent loads it, config.d, the metadata cache, the container flag."""
    if spec.config_path is not None:
        # The agent loads the file its environment names; the install's own holds a
        # leftover config of another region, which it does not load.
        moved = host_path(hdir, spec.config_path)
        moved.parent.mkdir(parents=True, exist_ok=True)
        write_agent_file(moved, spec.config, render.agent_config(spec))
        stale = dataclasses.replace(spec, config_region=STALE_REGION)
        write(host_path(hdir, layout.config), render.agent_config(stale))
    else:
        write_agent_file(host_path(hdir, layout.config), spec.config, render.agent_config(spec))
    for name, text in spec.config_d:
        path = host_path(hdir, f"/etc/ilogtail/config.d/{name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, text)
    if spec.ecs_metadata_cache is not None:
        # What the agent writes after reading the ECS metadata (MachineInfoUtil.cpp).
        path = host_path(hdir, "/etc/ilogtail/checkpoint/instance_identity")
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path, render.instance_identity(spec))
    if spec.container_agent:
        write(hdir / "container_agent", "")  # read by hoststart.sh


# users_folder: many: this many more empty files (the probe sends 4096 names).
MANY_USER_FILES = 30000


def write_agent_file(path: Path, state: str, text: str) -> None:
    """An agent file as the scenario wants it: ok/invalid text, missing, huge or binary."""
    if state == "missing":
        return
    if state == "huge":  # sparse: costs no disk, reads as 1 GiB of NUL bytes
        write(path, text)
        os.truncate(path, HUGE_FILE_SIZE)
    elif state == "binary":
        write(path, os.urandom(100 * 1024))
    else:
        write(path, text)


# How big the "huge" agent log is: 2 GiB (sparse), its last lines the agent's own.
HUGE_LOG_SIZE = 2 << 30


def write_agent_log(path: Path, spec: HostSpec, text: str) -> None:
    """The agent's log as the scenario wants it (AGENT_LOGS)."""
    if spec.agent_log == "missing":
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if spec.agent_log == "symlink_loop":
        # ilogtail.LOG -> ilogtail.LOG.loop -> ilogtail.LOG: nothing can open it.
        loop = path.with_name(path.name + ".loop")
        path.symlink_to(loop.name)
        loop.symlink_to(path.name)
    elif spec.agent_log == "binary":
        write(path, os.urandom(100 * 1024))
    elif spec.agent_log == "huge":
        # Sparse: 2 GiB of NUL bytes that cost no disk, then the agent's lines.
        write(path, b"")
        os.truncate(path, HUGE_LOG_SIZE)
        with path.open("ab") as log:
            log.write(b"\n" + text.encode())
    else:
        write(path, text)
