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
cargo build --locked --manifest-path "$root/Cargo.toml" --bins
bin="$root/target/debug"

say "Starting the fake Admin API"
rm -rf "$work" && mkdir -p "$work"
fake_log="$work/fake.log"
: >"$fake_log"
"$bin/openai-admin-fake" --port 0 >"$fake_log" 2>&1 &
fake_pid=$!
cleanup() { [ -n "${KEEP_FAKE:-}" ] || kill "$fake_pid" 2>/dev/null || true; }
trap cleanup EXIT
base_url=""
for _ in $(seq 1 100); do
  base_url="$(sed -n 's/^openai-admin-fake listening on \(http[^ ]*\)$/\1/p' "$fake_log" || true)"
  [ -n "$base_url" ] && break
  kill -0 "$fake_pid" 2>/dev/null || die "the fake exited: $(cat "$fake_log")"
  sleep 0.1
done
[ -n "$base_url" ] || die "the fake did not start: $(cat "$fake_log")"
echo "fake Admin API at $base_url (key: sk-admin-fake-local)"

# Terraform finds the provider through dev_overrides: no registry, no init.
cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/openai/openai" = "$bin"
  }
  direct {}
}
RC
cp "$root"/examples/quickstart/*.tf "$work/"
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export OPENAI_ADMIN_KEY="sk-admin-fake-local" OPENAI_BASE_URL="$base_url"
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
