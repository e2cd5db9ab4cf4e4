#!/usr/bin/env bash
# The project's own checks: lint, types, unit tests, the lab's tests and the
# end-to-end tests (the suite over real SSH against lab hosts; needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
# Paths are explicit: pytest reads testpaths only when run from tests/ itself.
if [ $# -eq 0 ]; then set -- tests/unit tests/sls tests/lab tests/e2e; fi
.venv/bin/python -m pytest -c tests/pytest.ini "$@"
