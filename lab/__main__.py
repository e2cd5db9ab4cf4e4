"""Command line: ``python -m lab up|down|snapshot|exec``."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from lab.core import DEFAULT_WORKDIR, Lab, down
from lab.errors import LabError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lab", description="Simulated Logtail hosts for logtail-doctor (root only)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    dir_help = f"lab work dir (default {DEFAULT_WORKDIR})"

    p_up = sub.add_parser("up", help="build a lab from a scenario file")
    p_up.add_argument("scenario", type=Path)
    p_up.add_argument("--dir", type=Path, default=DEFAULT_WORKDIR, help=dir_help)
    p_up.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        metavar="MS",
        help="round trip added to every ssh connection by a relay on 127.0.0.1 "
        "(half each way; default 0: no relay)",
    )

    p_down = sub.add_parser("down", help="tear the lab down (idempotent)")
    p_down.add_argument("--dir", type=Path, default=DEFAULT_WORKDIR, help=dir_help)

    p_snap = sub.add_parser("snapshot", help="print sha256 of every lab-owned host file as JSON")
    p_snap.add_argument("--dir", type=Path, default=DEFAULT_WORKDIR, help=dir_help)

    p_exec = sub.add_parser(
        "exec",
        help="run a command inside a host's namespaces",
        usage="python -m lab exec [--dir DIR] HOST -- CMD [ARG...]",
    )
    p_exec.add_argument("--dir", type=Path, default=DEFAULT_WORKDIR, help=dir_help)
    p_exec.add_argument("host", help="scenario name, hostname or IP of the host")
    p_exec.add_argument("cmd", nargs="*", help="command after -- (default: /bin/sh)")
    return parser


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Everything after the first "--" is the command for `exec`, options included.
    tail: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, tail = argv[:cut], argv[cut + 1 :]
    args = _parser().parse_args(argv)
    if tail and args.command != "exec":
        _parser().error("only exec takes a command after --")
    try:
        if args.command == "up":
            lab = Lab.up(args.scenario, args.dir, latency_ms=args.latency_ms)
            width = max(len(h.name) for h in lab.hosts)
            for h in lab.hosts:
                _out(f"{h.name:<{width}}  {h.ip:<14}  {h.url}")
            _out(f"targets: {lab.targets_file}")
            _out(f"ssh_config: {lab.ssh_config}")
            if lab.latency_ms:
                _out(
                    f"latency: {lab.latency_ms:g} ms round trip via the relay "
                    f"(pid {lab.relay_pid}, {len(lab.relay_ports)} ports on 127.0.0.1)"
                )
            t = lab.timings
            _out(
                f"up: {len(lab.hosts)} hosts in {t['total']:.2f} s (files {t['files']:.2f}, "
                f"links {t['links']:.2f}, launch {t['launch']:.2f}, relay {t['relay']:.2f}, "
                f"ready {t['ready']:.2f})"
            )
        elif args.command == "down":
            t0 = time.monotonic()
            if down(args.dir):
                _out(f"down: {args.dir} torn down in {time.monotonic() - t0:.2f} s")
            else:
                _out(f"down: no lab in {args.dir}")
        elif args.command == "snapshot":
            json.dump(Lab.load(args.dir).snapshot(), sys.stdout, indent=1, sort_keys=True)
            _out("")
        else:
            cmd = [*args.cmd, *tail]
            full = Lab.load(args.dir).nsenter_argv(args.host, cmd or ["/bin/sh"])
            sys.stdout.flush()
            return subprocess.run(full, check=False).returncode
    except LabError as exc:
        sys.stderr.write(f"lab: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("lab: interrupted\n")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
