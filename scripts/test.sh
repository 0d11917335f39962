#!/usr/bin/env bash
# The whole test suite: unit tests, the fake's tests, and the acceptance
# tests that drive the real terraform CLI against the bundled fake.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v terraform >/dev/null; then
  echo "ERROR: the terraform CLI (1.11+) is not on PATH; the acceptance tests need it." >&2
  exit 1
fi
# Headless Chromium (Debian's package) for the test of the access report's
# HTML page: installed when missing, or the run stops here.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  echo "chromium is not installed: installing Debian's package (apt-get install -y chromium)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    { echo "ERROR: cannot install chromium; the access report's browser test needs it." >&2; exit 1; }
fi
# The newest CLI (1.15.5) the tests of 1.12+ features run on.
scripts/install-terraform-newest.sh
exec cargo test --locked "$@"
