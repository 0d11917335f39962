#!/usr/bin/env bash
# The main job, end to end on a fresh machine: build the provider and the
# bundled fake Admin API, start the fake, `terraform apply` the quickstart
# example against it, and show the result (Terraform's view and the fake's).
#
#   scripts/demo.sh            # leaves the fake's state in demo-work/
#   KEEP_FAKE=1 scripts/demo.sh  # keep the fake running afterwards
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/demo-work"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'demo: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs)"
command -v terraform >/dev/null || die "terraform not found on PATH: install Terraform 1.11+"

say "Building terraform-provider-openai and openai-admin-fake"
"$root/scripts/build-bins.sh"
bin="$root/target/debug"

say "Starting the fake Admin API"
rm -rf "$work" && mkdir -p "$work"
cleanup() { [ -n "${KEEP_FAKE:-}" ] || kill "${fake_pid:-}" 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck source=scripts/fake-env.sh
. "$root/scripts/fake-env.sh"
echo "fake Admin API at $base_url (key: sk-admin-fake-local)"
cp "$root"/examples/quickstart/*.tf "$work/"
cd "$work"

say "terraform apply (examples/quickstart)"
start=$(date +%s.%N)
terraform apply -auto-approve -no-color
end=$(date +%s.%N)

say "terraform state list"
terraform state list

say "terraform show (the custom role)"
terraform state show -no-color openai_project_role.key_manager

say "A second plan is empty (no drift, no perpetual diff)"
terraform plan -detailed-exitcode -no-color >/dev/null && echo "No changes."

say "What the fake Admin API now holds (custom roles and assignments)"
if command -v curl >/dev/null; then
  state="$(curl -fsS "${base_url%/v1}/__fake/state")"
  if command -v python3 >/dev/null; then echo "$state" | python3 -m json.tool; else echo "$state"; fi
else
  echo "(install curl to see ${base_url%/v1}/__fake/state)"
fi

printf '\napply took %.1f s. Work dir: %s\n' "$(echo "$end - $start" | bc 2>/dev/null || echo 0)" "$work"
if [ -n "${KEEP_FAKE:-}" ]; then
  echo "The fake keeps running (pid $fake_pid) at $base_url; try: cd demo-work && terraform destroy"
fi
