#!/usr/bin/env bash
# The whole test suite: unit tests, the fake's tests, and the acceptance
# tests that drive the real terraform CLI against the bundled fake.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v terraform >/dev/null; then
  echo "ERROR: the terraform CLI (1.11+) is not on PATH; the acceptance tests need it." >&2
  exit 1
fi
# The newest CLI (1.15.5) the tests of 1.12+ features run on.
scripts/install-terraform-newest.sh
exec cargo test --locked "$@"
