#!/usr/bin/env bash
# Build the graph of the bundled articles into out/ and print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-venv.sh
exec .venv/bin/kg build data/articles --out "${1:-out}"
