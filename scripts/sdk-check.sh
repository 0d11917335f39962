#!/usr/bin/env bash
# OpenAI's official Python SDK (openai, pinned) against the bundled fake:
# every operation the provider uses, lists auto-paginated over pages of two
# (tests/sdk/openai_python.py). The venv lives under target/, so a rerun
# reinstalls nothing.
#
#   scripts/sdk-check.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
sdk_version="3.63.0"
venv="$root/target/sdk-venv"
work="$root/target/sdk-work"
die() { printf 'sdk-check: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 not found: the SDK check needs Python 3.9+"

"$root/scripts/build-bins.sh" --quiet
bin="$root/target/debug"

if ! "$venv/bin/python" -c "import openai, sys; sys.exit(openai.__version__ != '$sdk_version')" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv" || die "cannot create a venv (install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "openai==$sdk_version" ||
    die "cannot install openai==$sdk_version"
fi

rm -rf "$work" && mkdir -p "$work"
cleanup() { kill "${fake_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT
# Pages of two items, so that every list the check fills spans several pages.
export OPENAI_FAKE_PAGE_SIZE=2
# shellcheck source=scripts/fake-env.sh
. "$root/scripts/fake-env.sh"

"$venv/bin/python" "$root/tests/sdk/openai_python.py" || die "failed; the fake's log: $fake_log"
