#!/usr/bin/env bash
# Install the development extras and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh dev
exec .venv/bin/python -m pytest "$@"
