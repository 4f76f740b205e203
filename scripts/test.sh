#!/usr/bin/env bash
# Install geomap with its test dependencies (and Debian's Chromium for the map tests), then run the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will fail" >&2
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
python3 -m pytest -q "$@"
