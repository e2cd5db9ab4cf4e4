"""A host's :22 that accepts connections and never says a word (lab fault ssh_fault: silent).

Runs as PID 1 of the host's PID namespace, so it handles SIGTERM itself.
"""

from __future__ import annotations

import signal
import socket
import sys


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("0.0.0.0", 22))  # noqa: S104 - inside the host's own network namespace
    server.listen(128)
    held: list[socket.socket] = []
    while True:
        conn, _ = server.accept()
        held.append(conn)  # kept open, never written to
        if len(held) > 1000:  # bounded: the oldest goes
            held.pop(0).close()


if __name__ == "__main__":
    main()
