#!/usr/bin/env bash
# The demo: build a lab of SSH hosts (one healthy, one per fault class), run
# the diagnosis suite against it, tear the lab down, say where the report is.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "demo: the lab needs root (network namespaces, sshd); run it as root" >&2
    exit 1
fi
scripts/bootstrap.sh
lab_dir=${LAB_DIR:-/tmp/ltd-demo}
.venv/bin/python -m lab up lab/scenarios/demo.yaml --dir "$lab_dir"
trap '.venv/bin/python -m lab down --dir "$lab_dir"' EXIT
set +e
.venv/bin/python -m pytest --targets="$lab_dir/targets.yaml" --ssh-config="$lab_dir/ssh_config" \
    --tb=no -q "$@"
status=$?
set -e
echo
echo "HTML report: $PWD/reports/report.html"
echo "JSON summary: $PWD/reports/summary.json   JUnit XML: $PWD/reports/junit.xml   per test: $PWD/reports/tests.html"
echo "Fix plan (Ansible, not run): $PWD/reports/remediation.yml with remediation.inventory.ini"
echo "Metrics (Prometheus text format, for node_exporter's textfile collector): $PWD/reports/metrics.prom"
case $status in
    0|1) echo "suite exit code $status (1 = unhealthy or unreachable hosts found: the demo's faults)";;
    *) echo "suite exit code $status: the run itself failed" >&2; exit "$status";;
esac
