"""The asyncssh transport's reading of ssh_config, its refusals, and its host-key policy.

ssh_config files are written per test; the known-hosts file is recorded data
(tests/unit/data/asyncssh/known_hosts: a @cert-authority line, an entry
hashed by ssh-keygen -H, one with a port, a @revoked key).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from logtail_doctor.transport import asyncssh_config
from logtail_doctor.transport.asyncssh_config import (
    ConfigRefused,
    HostConfig,
    jump_chain,
    parse_jump,
    read_host_config,
)
from logtail_doctor.transport.asyncssh_runner import _Client, _KnownHosts, _match

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import asyncssh

DATA = Path(__file__).parent / "data" / "asyncssh"


def _read(tmp_path: Path, text: str, host: str = "web1", **kwargs: object) -> HostConfig:
    config = tmp_path / "ssh_config"
    config.write_text(text)
    return read_host_config(
        host,
        kwargs.get("user"),  # type: ignore[arg-type]
        kwargs.get("port"),  # type: ignore[arg-type]
        ssh_config=str(config),
        host_id=f"asyncssh://{host}",
        identity_file=kwargs.get("identity_file"),  # type: ignore[arg-type]
    )


def _refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigRefused) as info:
        _read(tmp_path, text)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("host asyncssh://web1: ")
    return message


def test_a_host_block_gives_name_port_user_and_keys_and_the_spec_wins(tmp_path: Path) -> None:
    text = (
        "Host web1\n    HostName 10.0.0.5\n    Port 2200\n    User deploy\n"
        "    IdentityFile /keys/%h-%r\n"
        "Host *\n    User nobody\n    Port 22\n"
    )
    config = _read(tmp_path, text)
    assert (config.hostname, config.port, config.user) == ("10.0.0.5", 2200, "deploy")
    assert config.identity_files == ("/keys/10.0.0.5-deploy",)
    assert config.config_paths == (str(tmp_path / "ssh_config"),)
    spec = _read(tmp_path, text, user="root", port=22, identity_file="/run/key")
    assert (spec.user, spec.port) == ("root", 22)
    assert spec.identity_files[0] == "/run/key"  # ssh -i comes first


@pytest.mark.parametrize(
    ("value", "strict"),
    [
        (None, "yes"),  # ssh's default, "ask": nobody answers in a run
        ("ask", "yes"),
        ("yes", "yes"),
        ("accept-new", "accept-new"),
        ("no", "no"),
        ("off", "no"),
    ],
)
def test_strict_host_key_checking_is_read(tmp_path: Path, value: str | None, strict: str) -> None:
    line = f"    StrictHostKeyChecking {value}\n" if value else ""
    assert _read(tmp_path, f"Host web1\n{line}").strict == strict


def test_a_strict_host_key_checking_value_ssh_does_not_know_is_refused(tmp_path: Path) -> None:
    message = _refusal(tmp_path, "Host *\n    StrictHostKeyChecking maybe\n")
    assert "StrictHostKeyChecking maybe" in message


def test_known_hosts_files_default_as_openssh_and_follow_the_config(tmp_path: Path) -> None:
    default = _read(tmp_path, "Host web1\n    Port 22\n").known_hosts_files
    home = str(Path("~").expanduser())
    assert default == (
        f"{home}/.ssh/known_hosts",
        f"{home}/.ssh/known_hosts2",
        "/etc/ssh/ssh_known_hosts",
        "/etc/ssh/ssh_known_hosts2",
    )
    text = "Host *\n    UserKnownHostsFile /dev/null\n    GlobalKnownHostsFile /etc/kh\n"
    assert _read(tmp_path, text).known_hosts_files == ("/dev/null", "/etc/kh")
    assert _read(tmp_path, "Host *\n    HashKnownHosts yes\n").hash_known_hosts


def test_match_exec_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    message = _refusal(tmp_path, f'Match exec "touch {marker}"\n    Port 2222\n')
    assert "Match exec" in message
    assert "line 1" in message
    assert "default transport" in message
    assert not marker.exists()


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("KnownHostsCommand /usr/bin/find-keys %H", "KnownHostsCommand"),
        ("ProxyCommand ssh -W %h:%p bastion | tee /tmp/log", "ProxyCommand"),
        ("ProxyCommand nc %h %p $PORT", "ProxyCommand"),
        ("ProxyCommand ssh -W %h:%p %j", "token expansion: j"),  # asyncssh lacks %j
        ("ProxyUseFdpass yes", "ProxyUseFdpass"),
        ("VerifyHostKeyDNS yes", "VerifyHostKeyDNS"),
        ("PubkeyAcceptedAlgorithms ssh-ed25519", "PubkeyAcceptedAlgorithms"),
        ("BindInterface eth1", "BindInterface"),
    ],
)
def test_an_option_asyncssh_would_not_honour_stops_the_run(
    tmp_path: Path, line: str, named: str
) -> None:
    message = _refusal(tmp_path, f"Host web1\n    {line}\n")
    assert named in message
    assert "default transport" in message


def test_options_asyncssh_honours_or_that_change_nothing_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRB5CCNAME", f"FILE:{tmp_path / 'no-cache'}")
    text = (
        "Host web1\n    ProxyCommand nc %h %p\n    VerifyHostKeyDNS no\n"
        "    ControlMaster auto\n    ControlPath /tmp/cm-%C\n    KexAlgorithms curve25519-sha256\n"
        "    GSSAPIAuthentication yes\n"  # Debian's default; no Kerberos credentials here
    )
    config = _read(tmp_path, text)
    assert config.proxy_command == "nc web1 22"
    assert config.options["KexAlgorithms"] == "curve25519-sha256"


def test_gssapi_with_kerberos_credentials_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "krb5cc"
    cache.write_bytes(b"")
    monkeypatch.setattr(asyncssh_config, "gss_available", False)  # no python-gssapi
    monkeypatch.setenv("KRB5CCNAME", f"FILE:{cache}")
    message = _refusal(tmp_path, "Host web1\n    GSSAPIAuthentication yes\n")
    assert "GSSAPIAuthentication yes" in message
    assert "default transport" in message


def test_the_first_value_wins_as_in_openssh(tmp_path: Path) -> None:
    text = "Host web*\n    StrictHostKeyChecking accept-new\nHost *\n    StrictHostKeyChecking no\n"
    assert _read(tmp_path, text).strict == "accept-new"


@pytest.mark.parametrize(
    ("hop", "parsed"),
    [
        ("bastion", (None, "bastion", None)),
        ("ops@bastion:2222", ("ops", "bastion", 2222)),
        ("ssh://ops@10.0.0.1:22", ("ops", "10.0.0.1", 22)),
        ("[fd00::1]:2200", (None, "fd00::1", 2200)),
    ],
)
def test_proxy_jump_hops_parse(hop: str, parsed: tuple[str | None, str, int | None]) -> None:
    assert parse_jump(hop) == parsed


def test_a_jump_chain_reads_each_hops_own_config(tmp_path: Path) -> None:
    text = (
        "Host web1\n    ProxyJump ops@bastion\n"
        "Host bastion\n    HostName 10.0.0.1\n    ProxyJump outer:2022\n"
        "Host outer\n    HostName 192.0.2.1\n"
    )
    config = _read(tmp_path, text)
    chain = jump_chain(config, str(tmp_path / "ssh_config"), "asyncssh://web1")
    assert (chain[0].hostname, chain[0].port) == ("192.0.2.1", 2022)
    assert (chain[1].hostname, chain[1].user) == ("10.0.0.1", "ops")
    loop = "Host a\n    ProxyJump b\nHost b\n    ProxyJump a\n"
    (tmp_path / "ssh_config").write_text(loop)
    with pytest.raises(ConfigRefused, match="nests more than"):
        jump_chain(_read(tmp_path, loop, host="a"), str(tmp_path / "ssh_config"), "a")


def _known() -> object:
    return _KnownHosts().get((str(DATA / "known_hosts"), "/no/such/file"))


def _key(name: str) -> object:
    return asyncssh.import_public_key((DATA / name).read_text())


def test_known_hosts_hashed_port_cert_authority_and_revoked_entries_match_as_openssh() -> None:
    known = _known()
    host = _key("host.pub")
    # the hashed entry is web2.example's, and only its
    assert _match(known, "web2.example", None)[0] == [host]
    assert _match(known, "web4.example", None)[0] == []
    # an entry with a port matches that port only (asyncssh alone would fall back)
    assert _match(known, "web3.example", 2222)[0] == [host]
    assert _match(known, "web3.example", None)[0] == []
    assert _match(known, "web2.example", 2222)[0] == []
    # @cert-authority *.example: the CA for every such host, no plain key
    ca_keys = _match(known, "web1.example", None)[1]
    assert ca_keys == [_key("ca.pub")]
    assert _match(known, "web1.other", None)[1] == []
    assert _match(known, "anything", None)[2] == [_key("other.pub")]


def _client(tmp_path: Path, strict: str, files: tuple[str, ...]) -> _Client:
    config = HostConfig(
        alias="web2.example",
        hostname="web2.example",
        port=22,
        user="root",
        config_paths=(),
        identity_files=(),
        proxy_jump=(),
        proxy_command=None,
        strict=strict,
        known_hosts_files=files,
        hash_known_hosts=True,
        host_key_alias=None,
        gssapi=False,
    )
    known_hosts = _KnownHosts()
    return _Client(config, known_hosts.get(files), known_hosts)


def test_strict_yes_refuses_an_unknown_or_changed_key(tmp_path: Path) -> None:
    client = _client(tmp_path, "yes", (str(DATA / "known_hosts"),))
    assert not client.validate_host_public_key("web9.other", "", 22, _key("host.pub"))
    assert client.rejected == "no matching key"
    # under *.example's CA, a plain key is refused even with accept-new
    assert not client.validate_host_public_key("web9.example", "", 22, _key("host.pub"))
    assert not client.validate_host_public_key("web2.example", "", 22, _key("other.pub"))
    assert client.rejected == "changed"


def test_accept_new_records_a_new_key_hashed_and_refuses_a_changed_one(tmp_path: Path) -> None:
    own = tmp_path / "known_hosts"
    own.write_text((DATA / "known_hosts").read_text())
    client = _client(tmp_path, "accept-new", (str(own),))
    assert not client.validate_host_public_key("web2.example", "", 22, _key("other.pub"))
    assert not client.validate_host_public_key("new.example", "", 22, _key("other.pub"))
    assert client.validate_host_public_key("new.other", "", 2200, _key("other.pub"))
    line = own.read_text().splitlines()[-1]
    assert line.startswith("|1|")  # HashKnownHosts yes
    assert "new.other" not in line
    again = _KnownHosts().get((str(own),))
    assert _match(again, "new.other", 2200)[0] == [_key("other.pub")]
    assert _match(again, "new.other", None)[0] == []
