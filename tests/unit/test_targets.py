"""The targets file: the example loads; every bad document is one line naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from logtail_doctor.targets import (
    HostEntry,
    MachineGroup,
    Project,
    Targets,
    TargetsError,
    load_targets,
    parse_targets,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "example.yaml"

VALID = """\
project:
  name: web-logs
  region: cn-hangzhou
  network: intranet
account_ids: ["1559122535028493"]
machine_groups:
  - name: web-servers
    ips: [10.0.0.11, 10.0.0.12]
  - name: db-servers
    ips: [10.0.1.21]
hosts:
  - url: ssh://root@10.0.0.11
    machine_group: web-servers
  - url: ssh://root@10.0.0.12
    machine_group: web-servers
    same_account_ecs: true
"""


def edit(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "fleet.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- what loads -----------------------------------------------------------------------------


def test_example_file_loads() -> None:
    targets = load_targets(EXAMPLE)
    assert targets == Targets(
        path=EXAMPLE,
        project=Project("web-logs", "cn-hangzhou", "intranet"),
        account_ids=("1234567890123456",),
        machine_groups=(
            MachineGroup("web-servers", ("10.0.0.11", "10.0.0.12")),
            MachineGroup("batch-workers", (), ("batch-worker-1",)),
        ),
        hosts=(
            HostEntry("ssh://root@10.0.0.11", "web-servers", False),
            HostEntry("ssh://root@10.0.0.12", "web-servers", False),
        ),
    )
    assert targets.group("web-servers") == targets.machine_groups[0]
    assert targets.group("nope") is None


def test_valid_document_loads(tmp_path: Path) -> None:
    targets = load_targets(write(tmp_path, VALID))
    assert targets.account_ids == ("1559122535028493",)
    assert [g.name for g in targets.machine_groups] == ["web-servers", "db-servers"]
    assert targets.hosts[1] == HostEntry("ssh://root@10.0.0.12", "web-servers", True)
    assert targets.group("db-servers") == MachineGroup("db-servers", ("10.0.1.21",))


@pytest.mark.parametrize(
    ("group", "where", "problem"),
    [
        ("{name: g1, ips: [10.0.0.1], custom_ids: [a]}", "custom_ids", "not both"),
        ("{name: g1, custom_ids: []}", "custom_ids", "needs at least 1 item"),
        ("{name: g1, custom_ids: [' padded']}", "custom_ids[0]", "not a custom identifier"),
        ("{name: g1, custom_ids: [7]}", "custom_ids[0]", "must be a string"),
    ],
)
def test_bad_custom_ids(tmp_path: Path, group: str, where: str, problem: str) -> None:
    text = (
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        'account_ids: ["1559122535028493"]\n'
        f"machine_groups:\n  - {group}\n"
    )
    with pytest.raises(TargetsError) as caught:
        load_targets(write(tmp_path, text))
    message = str(caught.value)
    assert f"machine_groups[0].{where}: " in message, message
    assert problem in message
    assert "\n" not in message


def test_unquoted_numeric_account_ids_are_strings(tmp_path: Path) -> None:
    text = edit('account_ids: ["1559122535028493"]', "account_ids: [1559122535028493, 123456]")
    assert load_targets(write(tmp_path, text)).account_ids == ("1559122535028493", "123456")


def test_optional_parts_may_be_left_out(tmp_path: Path) -> None:
    text = (
        "project: {name: web-logs, region: cn-shanghai-finance-1, network: acceleration}\n"
        "account_ids: ['1559122535028493']\n"
        "machine_groups: [{name: new-group}]\n"
    )
    targets = load_targets(write(tmp_path, text))
    assert targets.project == Project("web-logs", "cn-shanghai-finance-1", "acceleration")
    assert targets.machine_groups == (MachineGroup("new-group", ()),)
    assert targets.hosts == ()


def test_host_without_group(tmp_path: Path) -> None:
    text = edit("    machine_group: web-servers\n    same_account_ecs: true\n", "")
    host = load_targets(write(tmp_path, text)).hosts[1]
    assert host == HostEntry("ssh://root@10.0.0.12", None, False)


# --- what does not ------------------------------------------------------------------------

BAD = [
    # (id, document, field, problem)
    (
        "unknown-network",
        edit("network: intranet", "network: vpc"),
        "project.network",
        "'vpc' is not one of intranet, internet, acceleration",
    ),
    (
        "network-not-a-string",
        edit("network: intranet", "network: 1"),
        "project.network",
        "must be a string, found a number",
    ),
    (
        "region-malformed",
        edit("region: cn-hangzhou", "region: Hangzhou"),
        "project.region",
        "'Hangzhou' is not a region ID",
    ),
    (
        "project-name-malformed",
        edit("name: web-logs", "name: Web Logs"),
        "project.name",
        "'Web Logs' is not an SLS project name",
    ),
    (
        "project-not-a-mapping",
        edit(
            "project:\n  name: web-logs\n  region: cn-hangzhou\n  network: intranet\n",
            "project: web-logs\n",
        ),
        "project",
        "must be a mapping, found a string",
    ),
    (
        "project-unknown-key",
        edit("  network: intranet\n", "  network: intranet\n  endpoint: x\n"),
        "project.endpoint",
        "unknown field (allowed: name, network, region)",
    ),
    ("project-missing-key", edit("  region: cn-hangzhou\n", ""), "project.region", "is missing"),
    (
        "account-id-with-letters",
        edit('["1559122535028493"]', '["15591225350284a3"]'),
        "account_ids[0]",
        "'15591225350284a3' is not an all-digit account ID",
    ),
    (
        "account-id-second-bad",
        edit('["1559122535028493"]', '["1559122535028493", true]'),
        "account_ids[1]",
        "must be a string, found a boolean",
    ),
    (
        "account-id-too-short",
        edit('["1559122535028493"]', "[12345]"),
        "account_ids[0]",
        "'12345' is not an all-digit account ID",
    ),
    (
        "account-ids-not-a-list",
        edit('["1559122535028493"]', '"1559122535028493"'),
        "account_ids",
        "must be a list, found a string",
    ),
    (
        "account-ids-empty",
        edit('["1559122535028493"]', "[]"),
        "account_ids",
        "needs at least 1 item(s)",
    ),
    (
        "ip-malformed",
        edit("[10.0.0.11, 10.0.0.12]", "[10.0.0.11, 10.0.0.256]"),
        "machine_groups[0].ips[1]",
        "'10.0.0.256' is not an IPv4 address",
    ),
    (
        "ip-short",
        edit("[10.0.1.21]", "[10.0.1]"),
        "machine_groups[1].ips[0]",
        "'10.0.1' is not an IPv4 address",
    ),
    (
        "ip-a-number",
        edit("[10.0.0.11, 10.0.0.12]", "[10.0.0.11, 10.5]"),
        "machine_groups[0].ips[1]",
        "must be a string, found a number",
    ),
    (
        "ip-v6",
        edit("[10.0.1.21]", "['fe80::1']"),
        "machine_groups[1].ips[0]",
        "'fe80::1' is not an IPv4 address",
    ),
    (
        "ips-not-a-list",
        edit("[10.0.1.21]", "10.0.1.21"),
        "machine_groups[1].ips",
        "must be a list, found a string",
    ),
    (
        "group-name-missing",
        edit("  - name: db-servers\n    ips", "  - ips"),
        "machine_groups[1].name",
        "is missing",
    ),
    (
        "group-unknown-key",
        edit("  - name: db-servers\n", "  - name: db-servers\n    ip: x\n"),
        "machine_groups[1].ip",
        "unknown field (allowed: custom_ids, ips, name)",
    ),
    (
        "group-name-malformed",
        edit("name: db-servers", "name: DB_Servers"),
        "machine_groups[1].name",
        "'DB_Servers' is not a machine group name",
    ),
    (
        "group-duplicate",
        edit("name: db-servers", "name: web-servers"),
        "machine_groups[1].name",
        "duplicate group name 'web-servers'",
    ),
    (
        "groups-a-mapping",
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        "account_ids: ['1559122535028493']\nmachine_groups: {name: web-servers}\n",
        "machine_groups",
        "must be a list, found a mapping",
    ),
    (
        "host-unknown-group",
        edit("    machine_group: web-servers\n    same", "    machine_group: web-server\n    same"),
        "hosts[1].machine_group",
        "names no machine group of this file: 'web-server'",
    ),
    (
        "host-group-first-host",
        edit("machine_group: web-servers", "machine_group: app"),
        "hosts[0].machine_group",
        "names no machine group of this file: 'app'",
    ),
    (
        "host-url-with-space",
        edit("url: ssh://root@10.0.0.12", "url: ssh://root@ 10.0.0.12"),
        "hosts[1].url",
        "must be a host spec",
    ),
    (
        "host-url-missing",
        edit(
            "  - url: ssh://root@10.0.0.11\n    machine_group: web-servers\n",
            "  - machine_group: web-servers\n",
        ),
        "hosts[0].url",
        "is missing",
    ),
    (
        "host-not-a-mapping",
        edit(
            "  - url: ssh://root@10.0.0.11\n    machine_group: web-servers\n",
            "  - ssh://root@10.0.0.11\n",
        ),
        "hosts[0]",
        "must be a mapping, found a string",
    ),
    (
        "host-flag-not-boolean",
        edit("same_account_ecs: true", 'same_account_ecs: "yes"'),
        "hosts[1].same_account_ecs",
        "must be true or false",
    ),
    (
        "hosts-null",
        "project: {name: web-logs, region: cn-hangzhou, network: intranet}\n"
        "account_ids: ['1559122535028493']\nmachine_groups: [{name: web-servers}]\nhosts:\n",
        "hosts",
        "must be a list, found nothing",
    ),
    (
        "unknown-top-level-key",
        edit("machine_groups:", "machine_group: []\nmachine_groups:"),
        "machine_group",
        "unknown field (allowed: account_ids, hosts, machine_groups, project)",
    ),
    (
        "missing-top-level-key",
        edit('account_ids: ["1559122535028493"]\n', ""),
        "account_ids",
        "is missing",
    ),
    ("top-level-list", "- project: web-logs\n", "top level", "must be a mapping, found a list"),
    ("empty-file", "", "top level", "must be a mapping, found nothing"),
    ("only-a-comment", "# nothing yet\n", "top level", "must be a mapping, found nothing"),
]


@pytest.mark.parametrize(
    ("document", "where", "problem"), [c[1:] for c in BAD], ids=[c[0] for c in BAD]
)
def test_bad_document(tmp_path: Path, document: str, where: str, problem: str) -> None:
    path = write(tmp_path, document)
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {where}: "), message
    assert problem in message


@pytest.mark.parametrize(
    ("document", "line"),
    [
        ("project: [unclosed\naccount_ids: []\n", 2),
        ("project:\n  name: web-logs\n\tregion: cn-hangzhou\n", 3),
        ("project: {name: a}\n---\nproject: {name: b}\n", 2),
    ],
    ids=["unclosed-flow", "tab-indent", "two-documents"],
)
def test_not_yaml(tmp_path: Path, document: str, line: int) -> None:
    path = write(tmp_path, document)
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    assert str(caught.value) == f"{path}: not valid YAML (line {line})"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    assert str(caught.value) == (f"{path}: cannot read the targets file: No such file or directory")


def test_unreadable_file(tmp_path: Path) -> None:
    # A directory cannot be read as a file even by root (chmod 000 can).
    with pytest.raises(TargetsError) as caught:
        load_targets(tmp_path)
    assert str(caught.value) == f"{tmp_path}: cannot read the targets file: Is a directory"


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.encode("utf-8").replace(b"web-logs", b"web-l\xf6gs"))
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    assert str(caught.value) == f"{path}: the targets file is not UTF-8 text"


def test_parse_targets_names_the_given_path() -> None:
    with pytest.raises(TargetsError) as caught:
        parse_targets({"project": None}, Path("/srv/fleet.yaml"))
    assert str(caught.value).startswith("/srv/fleet.yaml: ")


def test_bad_table_ids_are_unique() -> None:
    ids = [c[0] for c in BAD]
    assert len(set(ids)) == len(ids)


def test_an_impossible_date_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("project: {name: 2027-02-30, region: cn-hangzhou, network: intranet}\n")
    with pytest.raises(TargetsError, match=r"not valid YAML: day is out of range for month"):
        load_targets(path)


# --- a key given twice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "line", "first"),
    [
        # Top level: a second hosts: list would silently replace the first.
        (
            "hosts:\n",
            "hosts: [{url: 'ssh://root@10.0.9.9'}]\nhosts:\n",
            "hosts",
            12,
            11,
        ),
        # Nested: project.region given twice.
        ("  network: intranet\n", "  network: intranet\n  region: cn-beijing\n", "region", 5, 3),
        # In a list item, and in a flow mapping.
        ("    same_account_ecs: true\n", "    same_account_ecs: true\n    url: x\n", "url", 17, 14),
        ("ips: [10.0.1.21]", "ips: [10.0.1.21]\n    name: db-2", "name", 11, 9),
        ('account_ids: ["1559122535028493"]', "account_ids: {a: 1, a: 2}", "a", 5, 5),
    ],
    ids=["top-level-hosts", "project.region", "hosts[1].url", "machine_groups[1].name", "flow"],
)
def test_a_duplicate_key_is_one_line_naming_file_line_and_key(
    tmp_path: Path, old: str, new: str, key: str, line: int, first: int
) -> None:
    path = write(tmp_path, edit(old, new))
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    assert str(caught.value) == f"{path}:{line}: duplicate key {key!r} (first at line {first})"


def test_a_merge_key_may_still_be_overridden(tmp_path: Path) -> None:
    """`<<:` is how YAML shares settings: a mapping's own key beats the merged one."""
    path = write(tmp_path, edit("  name: web-logs\n", "  <<: {name: other}\n  name: web-logs\n"))
    assert load_targets(path).project.name == "web-logs"


def test_the_yaml_loader_is_libyamls_where_pyyaml_has_it() -> None:
    """issue 36: a 17.7 MB targets file took 79 s with the pure-Python loader."""
    import yaml  # noqa: PLC0415 - only here

    from logtail_doctor.yaml_input import UserYamlLoader  # noqa: PLC0415

    assert hasattr(yaml, "CSafeLoader")  # Debian's python3-yaml and PyYAML's wheels have it
    assert issubclass(UserYamlLoader, yaml.CSafeLoader)


def test_a_targets_file_over_the_size_bound_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from logtail_doctor import yaml_input  # noqa: PLC0415

    monkeypatch.setattr(yaml_input, "MAX_YAML_BYTES", 1024 * 1024)
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * (1024 * 1024) + "\n")
    with pytest.raises(TargetsError) as caught:
        load_targets(path)
    assert str(caught.value) == (
        f"{path}: the targets file is {path.stat().st_size} bytes, more than the 1 MiB a "
        "targets file may have"
    )
