# Sourced by scripts/demo.sh and scripts/check-examples.sh: starts the bundled
# fake Admin API and points Terraform and the provider at it.
#
# Needs: $work (a directory), $bin (holding the built binaries), a `die`
# function. Sets: $fake_pid, $base_url, $fake_log; exports TF_CLI_CONFIG_FILE
# (dev_overrides to $bin: no registry, no init), OPENAI_ADMIN_KEY and
# OPENAI_ADMIN_BASE_URL. The caller kills $fake_pid when done.

fake_log="$work/fake.log"
: >"$fake_log" # exists before the fake writes to it: the loop below reads it at once
"$bin/openai-admin-fake" --port 0 >"$fake_log" 2>&1 &
fake_pid=$!
base_url=""
for _ in $(seq 1 100); do
  base_url="$(sed -n 's/^openai-admin-fake listening on \(http[^ ]*\)$/\1/p' "$fake_log" || true)"
  [ -n "$base_url" ] && break
  kill -0 "$fake_pid" 2>/dev/null || die "the fake exited: $(cat "$fake_log")"
  sleep 0.1
done
[ -n "$base_url" ] || die "the fake did not start: $(cat "$fake_log")"

cat >"$work/terraform.rc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/tfopenai/openai" = "$bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export OPENAI_ADMIN_KEY="sk-admin-fake-local" OPENAI_ADMIN_BASE_URL="$base_url"
