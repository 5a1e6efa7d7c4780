#!/usr/bin/env bash
# Install the development extras (and Debian's Chromium for the browser tests) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's chromium for the browser tests ..." >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    else
        echo "note: /usr/bin/chromium is missing; the browser tests will be skipped (apt-get install chromium)" >&2
    fi
fi
scripts/setup-venv.sh dev
exec .venv/bin/python -m pytest "$@"
