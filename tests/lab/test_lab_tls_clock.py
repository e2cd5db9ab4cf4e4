"""The lab's HTTPS stand-in and its CA, and the fake clock of `date` (no root).

The TLS tests run the stand-in's TLS server on a loopback port of this
machine; the clock tests run the rendered /usr/local/bin/date with sh.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509

from lab.render import date_wrapper
from lab.sls_standin import _TlsServer
from lab.tls import LabTls, make_lab_tls

NAMES = [
    "*.log.aliyuncs.com",
    "logtail.cn-hangzhou-intranet.log.aliyuncs.com",
    "cn-hangzhou-intranet.log.aliyuncs.com",
    "*.cn-hangzhou-intranet.log.aliyuncs.com",
]


@pytest.fixture(scope="module")
def lab_tls() -> LabTls:
    return make_lab_tls(NAMES, ["127.0.0.1"])


@pytest.fixture(scope="module")
def server(lab_tls: LabTls, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    d = tmp_path_factory.mktemp("tls")
    (d / "server.crt").write_bytes(lab_tls.server_cert)
    (d / "server.key").write_bytes(lab_tls.server_key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(d / "server.crt", d / "server.key")
    srv = _TlsServer(("127.0.0.1", 0), context)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _client(lab_tls: LabTls, tmp_path: Path) -> ssl.SSLContext:
    bundle = tmp_path / "ca-certificates.crt"
    bundle.write_bytes(lab_tls.bundle(tmp_path / "no-system-bundle"))
    return ssl.create_default_context(cafile=str(bundle))


def _get(context: ssl.SSLContext, port: int, name: str) -> bytes:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
        context.wrap_socket(raw, server_hostname=name) as conn,
    ):
        conn.sendall(f"GET / HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize(
    "name",
    [
        "logtail.cn-hangzhou-intranet.log.aliyuncs.com",
        "web-logs.cn-hangzhou-intranet.log.aliyuncs.com",
        "cn-shanghai.log.aliyuncs.com",
        "127.0.0.1",
    ],
)
def test_https_answers_like_sls_for_every_covered_name(
    lab_tls: LabTls, server: int, tmp_path: Path, name: str
) -> None:
    answer = _get(_client(lab_tls, tmp_path), server, name)
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "HTTP/1.1 405 Method Not Allowed"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    sent = email.utils.parsedate_to_datetime(headers["Date"])
    assert abs((sent - datetime.datetime.now(datetime.UTC)).total_seconds()) < 60
    assert headers["x-log-requestid"]
    assert json.loads(body)["Error"]["Code"] == "OLSInvalidMethod"


@pytest.mark.parametrize(
    "name",
    [
        "logtail.cn-shanghai-intranet.log.aliyuncs.com",  # a wildcard covers one label only
        "example.com",
    ],
)
def test_https_refuses_names_the_certificate_does_not_cover(
    lab_tls: LabTls, server: int, tmp_path: Path, name: str
) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        _get(_client(lab_tls, tmp_path), server, name)


def test_an_unknown_ca_is_refused(server: int) -> None:
    other = make_lab_tls(NAMES, ["127.0.0.1"])
    context = ssl.create_default_context(cadata=other.ca_cert.decode())
    with pytest.raises(ssl.SSLCertVerificationError):
        _get(context, server, "logtail.cn-hangzhou-intranet.log.aliyuncs.com")


def test_a_client_that_never_handshakes_does_not_block_others(
    lab_tls: LabTls, server: int, tmp_path: Path
) -> None:
    with socket.create_connection(("127.0.0.1", server), timeout=5):
        answer = _get(_client(lab_tls, tmp_path), server, "cn-hangzhou.log.aliyuncs.com")
    assert b"OLSInvalidMethod" in answer


def test_certificate_and_bundle(lab_tls: LabTls, tmp_path: Path) -> None:
    cert = x509.load_pem_x509_certificate(lab_tls.server_cert)
    ca = x509.load_pem_x509_certificate(lab_tls.ca_cert)
    assert cert.issuer == ca.subject
    cert.verify_directly_issued_by(ca)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == NAMES
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    system = tmp_path / "system.crt"
    system.write_bytes(b"-----BEGIN CERTIFICATE-----\nxyz\n-----END CERTIFICATE-----")
    bundle = lab_tls.bundle(system)
    assert bundle.startswith(system.read_bytes() + b"\n")
    assert bundle.endswith(lab_tls.ca_cert)


# ---------------------------------------------------------------- the fake clock


@pytest.fixture(scope="module")
def fake_date(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clock") / "date"
    path.write_text(date_wrapper(1800))
    path.chmod(0o755)
    return path


def _date(script: Path, *args: str) -> str:
    done = subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
        env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "LC_ALL": "C"},
    )
    return done.stdout.strip()


def test_date_shows_now_shifted_by_the_offset(fake_date: Path) -> None:
    assert abs(int(_date(fake_date, "+%s")) - (time.time() + 1800)) < 3
    plain = datetime.datetime.strptime(_date(fake_date), "%a %b %d %H:%M:%S %Z %Y")
    shifted = plain.replace(tzinfo=datetime.UTC).timestamp()
    assert abs(shifted - (time.time() + 1800)) < 3
    for args in (("-u", "+%s"), ("-Iseconds",), ("-R",), ("--rfc-3339=seconds",)):
        text = _date(fake_date, *args)
        stamp = int(text) if text.isdigit() else _parse(text)
        assert abs(stamp - (time.time() + 1800)) < 3, (args, text)


def _parse(text: str) -> float:
    try:
        return datetime.datetime.fromisoformat(text).timestamp()
    except ValueError:
        return email.utils.parsedate_to_datetime(text).timestamp()


@pytest.mark.parametrize(
    "args",
    [
        ("-d", "@1000", "+%s"),
        ("-d@1000", "+%s"),
        ("--date=@1000", "+%s"),
        ("-ud", "@1000", "+%s"),
        ("-u", "-d", "@1000", "+%s"),
    ],
)
def test_date_with_an_explicit_time_is_the_real_date(fake_date: Path, args: tuple[str]) -> None:
    assert _date(fake_date, *args) == "1000"


def test_date_with_a_reference_file_is_the_real_date(fake_date: Path) -> None:
    mtime = int(fake_date.stat().st_mtime)
    assert _date(fake_date, "-r", str(fake_date), "+%s") == str(mtime)


def test_negative_offset(tmp_path: Path) -> None:
    script = tmp_path / "date"
    script.write_text(date_wrapper(-7200))
    script.chmod(0o755)
    assert abs(int(_date(script, "+%s")) - (time.time() - 7200)) < 3
