"""Write the Windows probe test cases: outputs in windows.ps1's exact format, made by us.

No Windows host was available, so nothing here is recorded from a server (see
README.md next to this file). Each case is the JSON document windows.ps1
builds (the same keys and value types; ``ConvertTo-Json -Compress``), framed as
the script frames it: one line ``LTD-WINDOWS-PROBE 1 <base64 of UTF-8 JSON>``.
Texts come from recorded or documented sources where one exists: the agent
config from tests/data/agent_config, the SLS answer body from
tests/data/parsers/parse_curl, app_info.json in the documented jsoncpp style
(tests/data/parsers/parse_app_info). Exception texts are .NET's English
wording as we know it, not captured from a host.

Regenerate (tests/unit/test_windows_probe.py checks the files are what this prints):

    .venv/bin/python tests/data/probe/windows/make_cases.py
"""

from __future__ import annotations

import base64
import copy
import json
from email.utils import formatdate
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent

X64_DIR = "C:\\Program Files\\Alibaba\\Logtail"
X86_DIR = "C:\\Program Files (x86)\\Alibaba\\Logtail"
HOSTNAME = "WIN-WEB-2"
HOST_IP = "10.0.0.12"
ACCOUNT = "1559122535028493"
EPOCH = 1795559772
STEP = 7
URL = "http://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
HTTPS_URL = "https://logtail.cn-hangzhou-intranet.log.aliyuncs.com"
ENDPOINT_IP = "100.100.30.19"  # intranet endpoints resolve into 100.64/10 [example value]
CUSTOM_ID = "win-web-servers"


def _case(path: str) -> dict[str, Any]:
    document = json.loads((DATA / path).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def frame(document: dict[str, Any]) -> str:
    """windows.ps1's output line for DOCUMENT."""
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return f"LTD-WINDOWS-PROBE 1 {b64(text)}\n"


OLD_CONFIG = str(_case("agent_config/old_intranet_docs_example.json")["text"])
SLS_BODY = str(_case("parsers/parse_curl/real_sls_standin_405.json")["output"]).rsplit("\n", 1)[0]
DATE = formatdate(EPOCH + 3, usegmt=True)


def app_info(ip: str = HOST_IP, version: str = "1.8.7") -> str:
    """app_info.json in jsoncpp's style (sorted keys, 3-space indent; domain-facts §2.2)."""
    return (
        "{\n"
        '   "UUID" : "",\n'
        f'   "hostname" : "{HOSTNAME}",\n'
        f'   "instance_id" : "C36692DC-0C6D-11EB-A61A-525400473BD9_{ip}_1795500000",\n'
        f'   "ip" : "{ip}",\n'
        f'   "logtail_version" : "{version}",\n'
        '   "update_time" : "2026-11-24 09:10:11"\n'
        "}\n"
    )


def present(path: str, text: str, mtime: int = EPOCH - 86400) -> dict[str, Any]:
    data = text.encode("utf-8")
    return {"path": path, "state": 0, "size": len(data), "mtime": mtime, "data": b64(text)}


def absent(path: str) -> dict[str, Any]:
    return {"path": path, "state": 1, "size": 0, "mtime": None, "data": ""}


def answered(url: str, port: int, status: int = 405, body: str = SLS_BODY) -> dict[str, Any]:
    """A URL whose name resolved, whose port accepted and whose GET got an HTTP status."""
    return {
        "url": url,
        "port": port,
        "dns": [ENDPOINT_IP],
        "dns_error": None,
        "tcp": "ok",
        "tcp_error": None,
        "status": status,
        "body": b64(body),
        "date": DATE,
        "http": "ProtocolError" if status >= 400 else "ok",
        "http_error": f"The remote server returned an error: ({status}) Method Not Allowed."
        if status == 405
        else None,
        "http_wait": STEP,  # Invoke-WebRequest's -TimeoutSec
    }


def unresolved(url: str, port: int) -> dict[str, Any]:
    return {
        "url": url,
        "port": port,
        "dns": [],
        "dns_error": 'Exception calling "EndGetHostAddresses" with "1" argument(s): '
        '"No such host is known"',
        "tcp": None,
        "tcp_error": None,
        "status": None,
        "body": "",
        "date": None,
        "http": None,
        "http_error": None,
        "http_wait": None,  # no GET was tried
    }


def not_connected(url: str, port: int, tcp: str, error: str) -> dict[str, Any]:
    return {
        "url": url,
        "port": port,
        "dns": [ENDPOINT_IP],
        "dns_error": None,
        "tcp": tcp,
        "tcp_error": error,
        "status": None,
        "body": "",
        "date": None,
        "http": None,
        "http_error": None,
        "http_wait": None,  # no GET was tried
    }


REFUSED = (
    f"No connection could be made because the target machine actively refused it {ENDPOINT_IP}:80"
)


def healthy() -> dict[str, Any]:
    """Logtail 1.x in the 64-bit folder, running, every fact as a healthy host has it."""
    config = OLD_CONFIG
    return {
        "step": STEP,
        "errors": [],
        "hostname": HOSTNAME,
        "epoch": EPOCH,
        "services": [
            {"name": "LogtailDaemon", "exists": True, "status": "Running"},
            {"name": "LogtailWorker", "exists": False, "status": ""},
        ],
        "dirs": [{"path": X64_DIR, "exists": True}, {"path": X86_DIR, "exists": False}],
        "install_dir": X64_DIR,
        "entries": [
            {"name": "app_info.json", "dir": False},
            {"name": "ilogtail.exe", "dir": False},
            {"name": "ilogtail_config.json", "dir": False},
            {"name": "LogtailDaemon.exe", "dir": False},
            {"name": "checkpoint", "dir": True},
        ],
        # Process names are inferred (domain-facts §8.3 names the services, not the binaries).
        "processes": [
            {"name": "LogtailDaemon.exe", "pid": 2412, "ppid": 684, "age": 3600},
            {"name": "ilogtail.exe", "pid": 2588, "ppid": 2412, "age": 3598},
        ],
        "files": {
            "config": present(f"{X64_DIR}\\ilogtail_config.json", config),
            "app_info": present(f"{X64_DIR}\\app_info.json", app_info(), EPOCH - 3598),
            "user_defined_id": absent("C:\\LogtailData\\user_defined_id"),
            "hosts": present(
                "C:\\Windows\\System32\\drivers\\etc\\hosts",
                "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n"
                "# localhost name resolution is handled within DNS itself.\r\n"
                "#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n",
            ),
        },
        "users": {"state": 0, "files": [ACCOUNT], "dirs": []},
        "nics": [
            {"nic": "Ethernet", "ip": HOST_IP, "prefix": 24},
            {"nic": "Loopback Pseudo-Interface 1", "ip": "127.0.0.1", "prefix": 8},
        ],
        "resolved": [HOST_IP],
        "resolve_error": None,
        "net": [answered(URL, 80), answered(HTTPS_URL, 443)],
    }


def build_cases() -> dict[str, str]:
    cases: dict[str, dict[str, Any]] = {}
    cases["logtail1_healthy.txt"] = healthy()

    # Logtail 0.x: the LogtailWorker service, the 32-bit folder on 64-bit Windows.
    d = healthy()
    d["services"] = [
        {"name": "LogtailDaemon", "exists": False, "status": ""},
        {"name": "LogtailWorker", "exists": True, "status": "Running"},
    ]
    d["dirs"] = [{"path": X64_DIR, "exists": False}, {"path": X86_DIR, "exists": True}]
    d["install_dir"] = X86_DIR
    d["entries"] = [
        {"name": "app_info.json", "dir": False},
        {"name": "ilogtail.exe", "dir": False},
        {"name": "ilogtail_config.json", "dir": False},
        {"name": "LogtailWorker.exe", "dir": False},
    ]
    d["processes"] = [{"name": "ilogtail.exe", "pid": 1948, "ppid": 684, "age": 86400}]
    d["files"]["config"] = present(f"{X86_DIR}\\ilogtail_config.json", OLD_CONFIG)
    d["files"]["app_info"] = present(f"{X86_DIR}\\app_info.json", app_info(version="0.16.60"))
    cases["logtail0_healthy_x86.txt"] = d

    # Nothing installed: no service, no folder, no files, no process, no URL to test.
    d = healthy()
    d["services"] = [
        {"name": "LogtailDaemon", "exists": False, "status": ""},
        {"name": "LogtailWorker", "exists": False, "status": ""},
    ]
    d["dirs"] = [{"path": X64_DIR, "exists": False}, {"path": X86_DIR, "exists": False}]
    d["install_dir"] = None
    d["entries"] = []
    d["processes"] = []
    d["files"]["config"] = absent(f"{X64_DIR}\\ilogtail_config.json")
    d["files"]["app_info"] = absent(f"{X64_DIR}\\app_info.json")
    d["users"] = {"state": 1, "files": [], "dirs": []}
    d["net"] = []
    cases["not_installed.txt"] = d

    # Installed, service stopped: no agent process.
    d = healthy()
    d["services"][0]["status"] = "Stopped"
    d["processes"] = []
    cases["service_stopped.txt"] = d

    # The config file is gone: the probe finds no URL to test.
    d = healthy()
    d["files"]["config"] = absent(f"{X64_DIR}\\ilogtail_config.json")
    d["net"] = []
    cases["config_missing.txt"] = d

    # The config is not JSON: ConvertFrom-Json fails, noted, no URL tested.
    d = healthy()
    broken = OLD_CONFIG.replace('"data_server_list" :', '"data_server_list" ')
    d["files"]["config"] = present(f"{X64_DIR}\\ilogtail_config.json", broken)
    d["errors"] = ["config servers: Invalid object passed in, ':' or '}' expected. (95): {"]
    d["net"] = []
    cases["config_invalid_json.txt"] = d

    # Installed for another region: its endpoint answers, but it is not the project's.
    d = healthy()
    shanghai = OLD_CONFIG.replace("cn-hangzhou", "cn-shanghai")
    d["files"]["config"] = present(f"{X64_DIR}\\ilogtail_config.json", shanghai)
    d["net"] = [
        answered(URL.replace("cn-hangzhou", "cn-shanghai"), 80),
        answered(HTTPS_URL.replace("cn-hangzhou", "cn-shanghai"), 443),
    ]
    cases["wrong_region.txt"] = d

    # The config server's name does not resolve (no DNS for the intranet name).
    d = healthy()
    d["net"] = [unresolved(URL, 80), unresolved(HTTPS_URL, 443)]
    cases["endpoint_not_resolving.txt"] = d

    # The name resolves, but port 80 (and 443) refuse the connection.
    d = healthy()
    d["net"] = [
        not_connected(URL, 80, "ConnectionRefused", REFUSED),
        not_connected(HTTPS_URL, 443, "ConnectionRefused", REFUSED.replace(":80", ":443")),
    ]
    cases["tcp80_refused.txt"] = d

    # HTTP on 80 answers like SLS; 443 is dropped by a firewall: the connect times out.
    d = healthy()
    d["net"] = [
        answered(URL, 80),
        not_connected(HTTPS_URL, 443, "timeout", f"timed out after {STEP * 1000} ms"),
    ]
    cases["https443_blocked.txt"] = d

    # The agent never wrote app_info.json.
    d = healthy()
    d["files"]["app_info"] = absent(f"{X64_DIR}\\app_info.json")
    d["entries"] = [e for e in d["entries"] if e["name"] != "app_info.json"]
    cases["app_info_missing.txt"] = d

    # The agent found no IP: app_info.json records "ip" : "".
    d = healthy()
    d["files"]["app_info"] = present(f"{X64_DIR}\\app_info.json", app_info(ip=""))
    cases["empty_ip.txt"] = d

    # The agent's IP is not one the machine group lists.
    d = healthy()
    d["files"]["app_info"] = present(f"{X64_DIR}\\app_info.json", app_info(ip="10.0.0.99"))
    d["nics"][0]["ip"] = "10.0.0.99"
    d["resolved"] = ["10.0.0.99"]
    cases["ip_not_in_group.txt"] = d

    # No user identifier: C:\LogtailData\users does not exist.
    d = healthy()
    d["users"] = {"state": 1, "files": [], "dirs": []}
    cases["no_user_id.txt"] = d

    # A custom identifier (written with Notepad-style CRLF), for a custom-identifier group.
    d = healthy()
    d["files"]["user_defined_id"] = present("C:\\LogtailData\\user_defined_id", f"{CUSTOM_ID}\r\n")
    cases["custom_id.txt"] = d

    return {name: frame(copy.deepcopy(document)) for name, document in cases.items()}


def main() -> None:
    for name, text in build_cases().items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
