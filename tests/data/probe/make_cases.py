"""Build the probe test cases from the one real probe recording.

``not_installed.txt`` is the unedited stdout of ``sh logtail_doctor/probe/linux.sh``
run on the development container, where no agent is installed. linux.sh reads
fixed absolute paths, so the other cases cannot be recorded there; this script
makes them instead: it splits that recording into its records, replaces or adds
records, and encodes them again exactly as linux.sh does (``record``: one line
``<key> <rc> <base64>``; ``run``: ``<key> - <base64>`` then ``<key>.rc <rc>``).
Record values come from recorded outputs wherever one exists: the ps lines
from tests/data/parsers/parse_ps (filtered like the probe's agent_ps), curl
output from tests/data/parsers/parse_curl, config texts from
tests/data/agent_config, app_info.json texts from tests/data/parsers/parse_app_info.

Regenerate (the unit tests check the committed files are what this prints):

    .venv/bin/python tests/data/probe/make_cases.py
"""

from __future__ import annotations

import base64
import json
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent
BASE = "not_installed.txt"

# What the probe's agent_ps keeps of the process table.
_AGENT_PS = re.compile(r"^ *[0-9]+ +[0-9]+ +([0-9]+ +)?(ilogtail|loongcollect)")

Entry = tuple[str, list[str]]  # record key, its lines (value line and, for `run`, its .rc line)


def encode(value: str) -> str:
    return base64.b64encode(value.encode("utf-8")).decode("ascii")


def record(key: str, rc: int, value: str) -> list[str]:
    """linux.sh `record KEY RC` fed VALUE on stdin."""
    return [f"{key} {rc} {encode(value)}"]


def run(key: str, rc: int, value: str) -> list[str]:
    """linux.sh `run KEY CMD`: the output record, then the exit code record."""
    return [f"{key} - {encode(value)}", f"{key}.rc {rc}"]


def entries(text: str) -> list[Entry]:
    """Group a probe output into records, a `run` record with its .rc line."""
    grouped: list[Entry] = []
    for line in text.splitlines():
        key = line.split(" ", 1)[0]
        if key.endswith(".rc") and grouped and grouped[-1][0] == key[:-3]:
            grouped[-1][1].append(line)
        else:
            grouped.append((key, [line]))
    return grouped


def render(grouped: list[Entry]) -> str:
    return "".join(line + "\n" for _, lines in grouped for line in lines)


def replace(grouped: list[Entry], key: str, lines: list[str]) -> list[Entry]:
    keys = [k for k, _ in grouped]
    assert key in keys, key
    return [(k, lines if k == key else v) for k, v in grouped]


def insert_after(grouped: list[Entry], after: str, key: str, lines: list[str]) -> list[Entry]:
    out: list[Entry] = []
    for k, v in grouped:
        out.append((k, v))
        if k == after:
            out.append((key, lines))
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


def build_cases() -> dict[str, str]:
    base_text = (HERE / BASE).read_text(encoding="utf-8")
    base = entries(base_text)
    cases: dict[str, str] = {}

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
    g = replace(g, "epoch", run("epoch", 0, f"{epoch}\n"))
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
    g = replace(g, "app_info", record("app_info", 0, app_info))
    g = replace(g, "users", record("users", 0, "1234567890123456\nbackup/\n"))
    cases["logtail_healthy.txt"] = render(g)

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

    # Commands that failed or whose exit-code line went missing.
    g = replace(base, "epoch", [run("epoch", 0, "1795559772\n")[0]])
    g = replace(g, "resolve", run("resolve", 2, ""))
    g = replace(
        g, "nics", [run("nics", 0, _text("parsers/parse_ip_addr/real_host.json", "output"))[0]]
    )
    cases["failed_commands.txt"] = render(g)

    # A login banner, MOTD and shell noise around and between the records.
    banner = (
        "Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic x86_64)\n"
        "\n"
        " * Documentation:  https://help.ubuntu.com\n"
        "Last login: Mon Nov 24 09:10:11 2026 from 10.0.0.1\n"
        "end of maintenance window: 02:00\n"
    )
    noisy: list[Entry] = []
    for key, lines in base:
        noisy.append((key, lines))
        if key == "paths":
            noisy.append(
                ("", ["bash: warning: setlocale: LC_ALL: cannot change locale (en_US.UTF-8)"])
            )
        if key == "resolve":
            noisy.append(("", ["resolve 0 !!not-base64!!", "   ", "\t"]))
    cases["banner_and_noise.txt"] = banner + render(noisy)

    # Cut off before the end marker (killed on the host, or a timeout).
    keys = [k for k, _ in base]
    cases["truncated.txt"] = render(base[: keys.index("users")])

    # The same cut-off probe behind a banner whose line starts with "end".
    cases["truncated_after_banner.txt"] = banner + cases["truncated.txt"]

    # A probe from a future format.
    cases["unknown_format.txt"] = render(replace(base, "probe", record("probe", 0, "2")))

    # /bin/sh refused the script before it printed a record.
    cases["no_records.txt"] = 'sh: 1: Syntax error: "(" unexpected\n'
    return cases


def main() -> None:
    for name, text in build_cases().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
