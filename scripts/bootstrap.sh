#!/usr/bin/env bash
# Installs what the demo and the project's tests need, and nothing when it is
# all there already: Debian packages for the lab (sshd, ip, iptables, curl...),
# Chromium for the report's browser tests
# and the pinned Python packages in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }
have sshd || missing+=(openssh-server)
have ssh || missing+=(openssh-client)
have ssh-keygen || missing+=(openssh-client)
have ip || missing+=(iproute2)
have iptables || missing+=(iptables)
have curl || missing+=(curl)
have ps || missing+=(procps)
have unshare || missing+=(util-linux)
have nsenter || missing+=(util-linux)
have dash || missing+=(dash)
# The probe's framing is also tested under BusyBox's ash (minimal hosts run it).
have busybox || missing+=(busybox)
have git || missing+=(git)
# The report's browser tests: Debian's Chromium and its driver, and CJK fonts for ja/zh.
have chromium || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# The fleet watch's tests (tests/e2e/test_watch.py, tests/unit/test_monitoring.py): a real
# Prometheus (with promtool), node_exporter's textfile collector and a Pushgateway, each
# started by the tests on loopback; never as services (see policy-rc.d below).
have promtool || missing+=(prometheus)
have prometheus-node-exporter || missing+=(prometheus-node-exporter)
have prometheus-pushgateway || missing+=(prometheus-pushgateway)
# Agents in containers (lab/containers.py, tests/e2e/test_containers.py): podman run with
# runc (Debian's default crun refuses cgroup v1 hybrid hosts).
have podman || missing+=(podman)
have runc || missing+=(runc)
# monitoring/systemd/'s units are checked with systemd-analyze verify and security.
have systemd-analyze || missing+=(systemd)
python_bin=${PYTHON:-python3}
have "$python_bin" || missing+=(python3 python3-venv)
if ! "$python_bin" -m venv --help >/dev/null 2>&1; then missing+=(python3-venv); fi

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bootstrap: missing ${missing[*]}; run as root (or install them) first" >&2
        exit 1
    fi
    echo "bootstrap: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # Packaged daemons (prometheus, node_exporter, pushgateway) must not be started by
    # their postinst: the tests start their own on loopback. A policy-rc.d exiting 101
    # tells invoke-rc.d "not now"; one already in place (containers) is left as it is.
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        trap 'rm -f "$policy"' EXIT
    fi
    # shellcheck disable=SC2046
    apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

# Python packages, pinned in pyproject.toml; reinstalled only when it changes.
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    [ -x .venv/bin/python ] || "$python_bin" -m venv .venv
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
    rm -f .venv/.installed-*
    touch "$stamp"
fi
