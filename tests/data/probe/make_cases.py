"""Build the probe test cases from the one real probe recording.

``not_installed.txt`` is the unedited stdout of

    LTD_STEP=15 LTD_NONCE=7e57da7a7e57da7a7e57da7a7e57da7a sh logtail_doctor/probe/linux.sh

run (record format 2) on the development container, where no agent is installed (so the probe
curls nothing: there is no config). Every case uses that fixed test nonce,
``NONCE`` below, where a real run has a fresh one (transport.probe). linux.sh
reads fixed absolute paths, so the other cases cannot be recorded there; this
script makes them instead: it splits that recording into its records, replaces
or adds records, and frames them again exactly as linux.sh does (record format
2: ``header``: a line ``\\n<nonce> <key> <rc>\\n``; ``record``: a header, then
the value's raw bytes; ``run``: ``<key> -`` and the output, then a header
``<key>.rc <rc>`` with an empty value). Format 3 only adds, after the exit
code of a step its bound cut, a header ``<key>.timeout <seconds>`` (``cut``);
the cases that need it say format 3, the others stay format 2 as recorded.
``recorded_status_and_dns_hang.txt`` is a second real run, of record format
3, with LTD_STEP=2 and the same nonce, in private namespaces of that container
(``unshare -mnu -p -f --mount-proc``; nothing outside them changed): host
name ``vm-hang.lab``, only ``lo``, an ``/etc/init.d/ilogtaild`` whose
``status`` sleeps an hour, ``/usr/local/ilogtail`` holding the docs' example
config (tests/data/agent_config/old_intranet_docs_example.json), and an
``/etc/resolv.conf`` naming 127.0.0.1, where a UDP socket on port 53 never
answers. The status and both curls were cut at 2 s; getent answered "not
found" at once there (that container's resolver did not wait), so the cut of
getent is only in the generated ``steps_timed_out.txt``.
Record values come from recorded outputs wherever one exists: the ps lines
from tests/data/parsers/parse_ps (filtered like the probe's agent_ps), curl
output from tests/data/parsers/parse_curl, config texts from
tests/data/agent_config, app_info.json texts from tests/data/parsers/parse_app_info.

Regenerate (the unit tests check the committed files are what this prints):

    .venv/bin/python tests/data/probe/make_cases.py
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
BASE = "not_installed.txt"

# What the probe's agent_ps keeps of the process table.
_AGENT_PS = re.compile(r"^ *[0-9]+ +[0-9]+ +([0-9]+ +)?(ilogtail|loongcollect)")

# The nonce not_installed.txt was recorded with, hence every case's.
NONCE = "7e57da7a" * 4
# Another run's nonce (or a guess): what it frames is not a record of ours.
OTHER_NONCE = "0bad" * 8
SEPARATOR = f"\n{NONCE} ".encode("ascii")

Entry = tuple[str, bytes]  # record key, its bytes (for `run`, with its .rc header)


def _agent_log(epoch: int) -> str:
    """A healthy agent's log in its own format (tests/data/agent_log/healthy.LOG's lines),
    its times moved to the hour before EPOCH, in UTC."""
    lines = (DATA / "agent_log" / "healthy.LOG").read_text().splitlines(keepends=True)
    stamps = (epoch - 3500, epoch - 3499, epoch - 300)
    out = []
    for line, stamp in zip(lines, stamps, strict=True):
        when = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M:%S")
        out.append("[" + when + line[line.index(".") :])
    return "".join(out)


def header(key: str, rc: int | str, nonce: str = NONCE) -> bytes:
    """linux.sh `header KEY RC`: alone, a record with an empty value."""
    return f"\n{nonce} {key} {rc}\n".encode()


def record(key: str, rc: int | str, value: str | bytes) -> bytes:
    """linux.sh `record KEY RC` fed VALUE on stdin."""
    return header(key, rc) + (value.encode() if isinstance(value, str) else value)


def run(key: str, rc: int, value: str | bytes) -> bytes:
    """linux.sh `run KEY CMD`: the output record, then the exit code record."""
    return record(key, "-", value) + header(f"{key}.rc", rc)


def cut(key: str, seconds: int) -> bytes:
    """linux.sh's record that the step of KEY was cut by its bound (format 3)."""
    return header(f"{key}.timeout", seconds)


def output_only(key: str, value: str | bytes) -> bytes:
    """A `run` record whose exit code record is missing."""
    return record(key, "-", value)


def entries(data: bytes) -> list[Entry]:
    """Group a probe output into records, a `run` record with its .rc (and .timeout) record.

    Bytes before the first header (a banner) become an entry with the key "".
    """
    chunks = data.split(SEPARATOR)
    grouped: list[Entry] = [("", chunks[0])] if chunks[0] else []
    for chunk in chunks[1:]:
        key = chunk.split(b"\n", 1)[0].split(b" ", 1)[0].decode()
        base = key.removesuffix(".rc").removesuffix(".timeout")
        if base != key and grouped and grouped[-1][0] == base:
            grouped[-1] = (grouped[-1][0], grouped[-1][1] + SEPARATOR + chunk)
        else:
            grouped.append((key, SEPARATOR + chunk))
    return grouped


def render(grouped: list[Entry]) -> bytes:
    return b"".join(data for _, data in grouped)


def replace(grouped: list[Entry], key: str, data: bytes) -> list[Entry]:
    keys = [k for k, _ in grouped]
    assert key in keys, key
    return [(k, data if k == key else v) for k, v in grouped]


def insert_after(grouped: list[Entry], after: str, key: str, data: bytes) -> list[Entry]:
    out: list[Entry] = []
    for k, v in grouped:
        out.append((k, v))
        if k == after:
            out.append((key, data))
    assert key in [k for k, _ in out], after
    return out


def _case(path: str) -> dict[str, object]:
    document = json.loads((DATA / path).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _text(path: str, field: str) -> str:
    value = _case(path)[field]
    assert isinstance(value, str)
    return value


def _agent_ps(prefix: str, recording: str = "real_agent_daemon_and_worker.json") -> str:
    table = _text(f"parsers/parse_ps/{recording}", "output")
    return "".join(
        line + "\n"
        for line in table.splitlines()
        if _AGENT_PS.match(line) and line.split()[-1].startswith(prefix)
    )


RECEIVED_CONFIGS = (
    '{\n   "metrics" : {\n      "##1.0##web-logs$nginx-access" : {\n'
    '         "aliuid" : "1234567890123456",\n'
    '         "defaultEndpoint" : "cn-hangzhou-intranet.log.aliyuncs.com",\n'
    '         "project_name" : "web-logs",\n'
    '         "region" : "cn-hangzhou"\n      }\n   }\n}\n'
)


def build_cases() -> dict[str, bytes]:
    base = entries((HERE / BASE).read_bytes())
    assert base[0][0] == "probe", "the recording starts with its first record"
    cases: dict[str, bytes] = {}

    # A healthy Logtail 1.x host: the recording's own hostname, /etc/hosts,
    # resolution and NICs, with the agent's files, status, processes, config,
    # config-server answer and account ID added.
    old_config = _text("agent_config/old_intranet_docs_example.json", "text")
    old_url = "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
    sls = _case("parsers/parse_curl/real_sls_standin_405.json")
    app_info = (
        _text("parsers/parse_app_info/documented_logtail_0_16_jsoncpp.json", "output")
        .replace("172.16.16.12", "192.0.2.2")
        .replace("VM-16-12-centos", "vm")
    )
    g = replace(
        base,
        "paths",
        record(
            "paths",
            0,
            "d /usr/local/ilogtail\nf /usr/local/ilogtail/ilogtail\nf /etc/init.d/ilogtaild\n",
        ),
    )
    g = insert_after(
        g, "paths", "status.ilogtaild", run("status.ilogtaild", 0, "ilogtail is running\n")
    )
    # ps with etimes (the agent started a second ago), then the daemon's
    # proxy variables: none.
    g = replace(g, "ps", run("ps", 0, _agent_ps("ilogtail", "real_with_etimes.json")))
    g = insert_after(g, "ps", "agent_env", record("agent_env", 0, ""))
    g = replace(g, "config", record("config", 0, old_config))
    # Two recordings made at different times: the host's clock is set to 2 s
    # before the recorded answer's Date, as on a host whose clock is right.
    with_headers = _case("parsers/parse_curl/real_sls_like_answer_with_headers.json")
    expected = with_headers["expected"]
    assert isinstance(expected, dict)
    answered = parsedate_to_datetime(str(expected["date"]))
    epoch = int(answered.timestamp()) - 2
    # `date '+%s %z'`: the host's clock and its offset from UTC (the log's times are local).
    g = replace(g, "epoch", run("epoch", 0, f"{epoch} +0000\n"))
    # The config file last changed a day before.
    g = insert_after(g, "config", "config_mtime", run("config_mtime", 0, f"{epoch - 86400}\n"))
    g = insert_after(
        g,
        "config_mtime",
        f"http={old_url}",
        run(f"http={old_url}", int(str(sls["rc"])), str(with_headers["output"])),
    )
    https_url = old_url.replace("http://", "https://")
    g = insert_after(
        g,
        f"http={old_url}",
        f"http={https_url}",
        run(f"http={https_url}", int(str(sls["rc"])), str(with_headers["output"])),
    )
    # The agent's CA bundle is a readable file, and the config server's certificate
    # verifies with it: the one curl run's last transfer.
    g = insert_after(g, "config_mtime", "ca_bundle", header("ca_bundle", 0))
    g = insert_after(
        g,
        f"http={https_url}",
        f"tls={https_url}",
        run(f"tls={https_url}", int(str(sls["rc"])), str(with_headers["output"])),
    )
    g = replace(g, "app_info", record("app_info", 0, app_info))
    g = replace(g, "users", record("users", 0, "1234567890123456\nbackup/\n"))
    # The collection configs SLS sent: one of the project (the agent's own jsoncpp form).
    g = insert_after(
        g, "user_defined_id", "user_log_config", record("user_log_config", 0, RECEIVED_CONFIGS)
    )
    # The tail of the agent's own log: its start an hour ago, a status line since.
    g = insert_after(
        g,
        "user_log_config",
        "agent_log_path",
        record("agent_log_path", 0, "/usr/local/ilogtail/ilogtail.LOG"),
    )
    g = insert_after(g, "agent_log_path", "agent_log", record("agent_log", 0, _agent_log(epoch)))
    cases["logtail_healthy.txt"] = render(g)
    healthy = g

    # Format 3: the same host, where every bounded step was cut at its bound,
    # LTD_STEP 3 s as in the curl recording (its message says 3000 ms): the
    # init script's status hangs (GNU timeout's 124, nothing printed), getent
    # hangs, and the config server accepts and never answers (curl's 28).
    timeout = _case("parsers/parse_curl/real_timeout.json")
    step = 3
    g = replace(healthy, "probe", record("probe", 0, "3"))
    g = replace(
        g, "status.ilogtaild", run("status.ilogtaild", 124, "") + cut("status.ilogtaild", step)
    )
    g = replace(g, "resolve", run("resolve", 124, "") + cut("resolve", step))
    for key in (f"http={old_url}", f"http={https_url}", f"tls={https_url}"):
        answer = run(key, int(str(timeout["rc"])), str(timeout["output"]))
        g = replace(g, key, answer + cut(key, step))
    cases["steps_timed_out.txt"] = render(g)

    # A LoongCollector host whose config server does not answer, with a
    # custom identifier and no users directory.
    new_config = _text("agent_config/new_intranet.json", "text")
    new_url = "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
    refused = _case("parsers/parse_curl/real_connection_refused.json")
    g = replace(
        base,
        "paths",
        record(
            "paths",
            0,
            "d /usr/local/ilogtail\n"
            "l /usr/local/ilogtail/loongcollector -> /usr/local/ilogtail/loongcollector_3.0.9\n"
            "f /etc/init.d/ilogtaild\nf /etc/init.d/loongcollectord\n",
        ),
    )
    g = insert_after(
        g, "paths", "status.ilogtaild", run("status.ilogtaild", 0, "loongcollector is running\n")
    )
    g = insert_after(
        g,
        "status.ilogtaild",
        "status.loongcollectord",
        run("status.loongcollectord", 0, "loongcollector is running\n"),
    )
    g = replace(g, "ps", run("ps", 0, _agent_ps("loongcollect")))
    g = replace(g, "config", record("config", 0, new_config))
    g = insert_after(
        g,
        "config",
        f"http={new_url}",
        run(f"http={new_url}", int(str(refused["rc"])), str(refused["output"])),
    )
    g = replace(
        g,
        "app_info",
        record(
            "app_info", 0, _text("parsers/parse_app_info/handmade_loongcollector.json", "output")
        ),
    )
    g = replace(g, "user_defined_id", record("user_defined_id", 0, "user-defined-test-1\n"))
    cases["loongcollector_unreachable_endpoint.txt"] = render(g)

    # The host has a config but no curl: linux.sh records its own message.
    g = replace(base, "config", record("config", 0, old_config))
    g = insert_after(
        g, "config", f"http={old_url}", record(f"http={old_url}", 127, "curl is not installed\n")
    )
    cases["curl_missing.txt"] = render(g)

    # Files in every other state readfile can report, and /etc/ilogtail/users
    # being a plain file.
    g = replace(base, "config", record("config", 3, ""))
    g = replace(g, "app_info", record("app_info", 2, ""))
    g = replace(g, "etc_hosts", record("etc_hosts", 1, ""))
    g = replace(g, "users", record("users", 2, ""))
    g = replace(g, "user_defined_id", record("user_defined_id", 3, ""))
    cases["odd_file_states.txt"] = render(g)

    # Commands that failed or whose exit-code record went missing.
    g = replace(base, "epoch", output_only("epoch", "1795559772\n"))
    g = replace(g, "resolve", run("resolve", 2, ""))
    g = replace(
        g, "nics", output_only("nics", _text("parsers/parse_ip_addr/real_host.json", "output"))
    )
    cases["failed_commands.txt"] = render(g)

    # A login banner and MOTD before the first record, with what looks like
    # records but is not ours: a whole probe framed with another nonce (whose
    # hostname and end must not count) and format 1's lines.
    banner = (
        b"Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic x86_64)\n"
        b"\n"
        b" * Documentation:  https://help.ubuntu.com\n"
        b"Last login: Mon Nov 24 09:10:11 2026 from 10.0.0.1\n"
        b"end of maintenance window: 02:00\n"
        + header("probe", 0, OTHER_NONCE)
        + b"2"
        + header("hostname", "-", OTHER_NONCE)
        + b"forged\n"
        + header("end", 0, OTHER_NONCE)
        + b"probe 0 MQ==\nend 0 MQ==\n"
    )
    # Between the records, headers that are not `<key> <rc>`, each after a
    # record with an empty value, so that dropping them, and the bytes after
    # them, changes nothing.
    after_paths = SEPARATOR + b"bash: warning: setlocale: LC_ALL: cannot change locale\n"
    after_resolve = b"".join(
        SEPARATOR + junk
        for junk in (
            b"resolve\n127.0.0.9\n",  # a key alone: must not replace resolve's record
            b"\n",  # nothing
            b"resolve 0 extra\n!!junk!!",  # three fields
            b" 0\n",  # no key
            b"resolve \n   \t",  # no rc
        )
    )
    noisy: list[Entry] = []
    for key, data in base:
        noisy.append((key, data))
        if key == "paths":
            assert data == header("paths", 0), "the recording's paths value is empty"
            noisy.append(("", after_paths))
        if key == "resolve":
            noisy.append(("", after_resolve))
    cases["banner_and_noise.txt"] = banner + render(noisy)

    # Cut off before the end marker (killed on the host, or a timeout).
    keys = [k for k, _ in base]
    cases["truncated.txt"] = render(base[: keys.index("users")])

    # The same cut-off probe behind the banner, whose lines include an end
    # record of another nonce and format 1's end line.
    cases["truncated_after_banner.txt"] = banner + cases["truncated.txt"]

    # A probe from a future format.
    cases["unknown_format.txt"] = render(replace(base, "probe", record("probe", 0, "5")))

    # /bin/sh refused the script before it printed a record.
    cases["no_records.txt"] = b'sh: 1: Syntax error: "(" unexpected\n'
    return cases


def main() -> None:
    for name, data in build_cases().items():
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
