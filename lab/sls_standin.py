"""Stand-in for the SLS endpoint, plus an unrelated web server (stdlib only).

Run inside the lab's ``ltd-sls`` network namespace::

    python sls_standin.py --sls 10.250.255.254 --other 10.250.255.253 \
        [--tls-cert server.crt --tls-key server.key]

* ``--sls`` address, port 80: every request, whatever its method or path, gets
  the error SLS returns for a bare request to a Logtail endpoint
  (``OLSInvalidMethod``, JSON body, an ``x-log-requestid`` header, a ``Date``).
* The same on port 443 over TLS, with ``--tls-cert``/``--tls-key`` (the lab's
  own CA signs that certificate; see lab/tls.py).
* ``--other`` address, port 80: an nginx-looking server answering 404 to everything.
* ``--huge`` address, port 80: answers everything with a 1 GiB body, streamed.

Request handling is bounded: socket timeouts, a cap on request body size and
daemon threads, so a stuck client never holds the process.
"""

from __future__ import annotations

import argparse
import json
import secrets
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

MAX_BODY = 1 << 20
NOT_FOUND_PAGE = (
    b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    b"<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class _Handler(BaseHTTPRequestHandler):
    """Answers any method; subclasses say with what."""

    protocol_version = "HTTP/1.1"
    timeout = 5  # seconds a client may stay silent
    server_version_text: ClassVar[str] = ""

    def send_response(self, code: int, message: str | None = None) -> None:
        # Like the stdlib's, but a Server header only when one is configured:
        # what the real SLS front end sends there is not known.
        self.send_response_only(code, message)
        if self.server_version_text:
            self.send_header("Server", self.server_version_text)
        self.send_header("Date", self.date_time_string())

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: one line per request would only fill the lab's log."""

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline = ""
                self.request_version = ""
                self.command = ""
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._drain_body()
            status, headers, body = self.answer()
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.wfile.flush()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def _drain_body(self) -> None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = 0
        if length > MAX_BODY or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return
        if length > 0:
            self.rfile.read(length)

    def answer(self) -> tuple[int, list[tuple[str, str]], bytes]:
        raise NotImplementedError


class SlsHandler(_Handler):
    def answer(self) -> tuple[int, list[tuple[str, str]], bytes]:
        request_id = secrets.token_hex(12).upper()
        body = json.dumps(
            {
                "Error": {
                    "Code": "OLSInvalidMethod",
                    "Message": "The script name is invalid : /",
                    "RequestId": request_id,
                }
            },
            separators=(",", ":"),
        ).encode()
        headers = [("Content-Type", "application/json"), ("x-log-requestid", request_id)]
        return 405, headers, body


class OtherWebHandler(_Handler):
    server_version_text = "nginx"

    def answer(self) -> tuple[int, list[tuple[str, str]], bytes]:
        return 404, [("Content-Type", "text/html")], NOT_FOUND_PAGE


HUGE_BODY_SIZE = 1 << 30
_CHUNK = b"x" * 65536


class HugeAnswerHandler(_Handler):
    """A 1 GiB answer, streamed: the client's own limits must stop it."""

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline or not self.parse_request():
                self.close_connection = True
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(HUGE_BODY_SIZE))
            self.end_headers()
            sent = 0
            while sent < HUGE_BODY_SIZE and self.command != "HEAD":
                self.wfile.write(_CHUNK)  # blocks while the client is slow: bounded by timeout
                sent += len(_CHUNK)
            self.wfile.flush()
        except (TimeoutError, ConnectionError):
            pass
        self.close_connection = True


class TlsSlsHandler(SlsHandler):
    """SlsHandler behind TLS: the handshake runs here, in the request's own thread."""

    def handle(self) -> None:
        conn = self.request
        assert isinstance(conn, ssl.SSLSocket)
        try:
            conn.do_handshake()  # bounded by the socket timeout set in setup()
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        super().handle()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


class _TlsServer(_Server):
    """Accepts plain TCP and wraps each connection; the handshake is left to the handler."""

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext) -> None:
        super().__init__(address, TlsSlsHandler)
        self.context = context

    def get_request(self) -> tuple[socket.socket, object]:
        sock, addr = self.socket.accept()
        wrapped = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return wrapped, addr

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that hangs up mid-handshake is not news."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sls", required=True, help="address answering like SLS")
    parser.add_argument("--other", required=True, help="address answering 404 like nginx")
    parser.add_argument("--port", type=int, default=80)
    parser.add_argument("--tls-cert", help="PEM certificate: also serve SLS over TLS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--tls-port", type=int, default=443)
    parser.add_argument("--huge", help="address answering every request with a 1 GiB body")
    args = parser.parse_args(argv)

    servers: list[_Server] = [
        _Server((args.sls, args.port), SlsHandler),
        _Server((args.other, args.port), OtherWebHandler),
    ]
    if args.huge:
        servers.append(_Server((args.huge, args.port), HugeAnswerHandler))
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(args.tls_cert, args.tls_key)
        servers.append(_TlsServer((args.sls, args.tls_port), context))
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    # SIGTERM keeps its default action: there is nothing to flush, so the
    # lab's teardown should see this process gone at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for t in threads:
        t.start()
    tls = f" and {args.sls}:{args.tls_port} (TLS)" if args.tls_cert else ""
    sys.stderr.write(f"sls stand-in on {args.sls}:{args.port}{tls}, other web on {args.other}\n")
    sys.stderr.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
