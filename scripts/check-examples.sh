#!/usr/bin/env bash
# Checks every example against the freshly built provider:
#   (a) `terraform validate` in examples/provider, every examples/resources/*,
#       examples/data-sources/*, examples/ephemeral-resources/* and
#       examples/functions/* directory, examples/quickstart,
#       examples/team-access and examples/org-from-scratch (plus
#       `terraform fmt -check`, `bash -n` on the import.sh files and that
#       their addresses exist in resource.tf);
#   (b) apply of quickstart, team-access and org-from-scratch against the
#       bundled fake Admin API, a second plan that must be empty, destroy, and
#       a fake back to what it held before (projects the example created are
#       left archived: the API cannot delete projects).
# Fails (non-zero, naming the example and step) on the first problem.
#
#   scripts/check-examples.sh
#   KEEP_WORK=1 scripts/check-examples.sh        # keep the work dir (logs, state)
#   OPENAI_FAKE_RATE_429=0.3 scripts/check-examples.sh   # the same under a 429 storm
#   TERRAFORM=scripts/terraform-newest VALIDATE_ONLY=1 scripts/check-examples.sh
#                                   # (a) alone, on another CLI (CI: on 1.15.5)
#
# Registry-layout snippets have no terraform block: each is validated in a
# temp dir with a generated required_providers + provider "openai" {} file,
# and must declare everything it refers to, so that a user can paste it as is.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
examples="$root/examples"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\ncheck-examples: FAILED: %s\n' "$*" >&2; exit 1; }
now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$(now)"; }

command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs)"
# The CLI to check with: `terraform` from PATH unless TERRAFORM names another.
cli="${TERRAFORM:-terraform}"
case "$cli" in */*) cli="$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")" ;; esac
command -v "$cli" >/dev/null || die "$cli not found: install Terraform 1.11+ (or set TERRAFORM)"
# `command`: the CLI itself, not this function, when it is plain `terraform`.
terraform() { command "$cli" "$@"; }
echo "checking with $(terraform version | head -1)"
command -v python3 >/dev/null || die "python3 not found"
started="$(now)"

say "Building terraform-provider-openai and openai-admin-fake (debug)"
"$root/scripts/build-bins.sh" || die "cargo build failed"
bin="${CARGO_TARGET_DIR:-$root/target}/debug"
build_s="$(elapsed "$started")"

work="$(mktemp -d)"
fake_pid=""
cleanup() {
  status=$?
  if [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null; then wait "$fake_pid" 2>/dev/null || true; fi
  if [ -n "${KEEP_WORK:-}" ] || [ "$status" -ne 0 ]; then
    echo "work dir kept: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting the fake Admin API"
# shellcheck source=scripts/fake-env.sh
. "$root/scripts/fake-env.sh"
echo "fake Admin API at $base_url"
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_WORKSPACE TF_CLI_ARGS \
  TF_CLI_ARGS_validate TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy

# Runs a terraform command in a dir, its output in a log; on failure shows the
# log and stops, naming the example and the step.
tf() {
  local example="$1" dir="$2" step="$3"
  shift 3
  local log="$work/logs/${example//\//_}.$step.log"
  mkdir -p "$work/logs"
  if ! (cd "$dir" && terraform "$@" -no-color) >"$log" 2>&1; then
    cat "$log" >&2
    die "$example: terraform $step failed (log: $log)"
  fi
}

provider_tf='terraform {
  required_providers {
    openai = {
      source = "tfopenai/openai"
    }
  }
}
'

say "terraform fmt -check examples/"
terraform fmt -check -recursive -diff -no-color "$examples" || die "examples: terraform fmt -check found unformatted files"

# Validates one example directory in a temp copy.
validate_example() {
  local rel="$1" src="$examples/$1" dir="$work/validate/${1//\//_}"
  mkdir -p "$dir"
  compgen -G "$src/*.tf" >/dev/null || die "$rel: no .tf file"
  cp "$src"/*.tf "$dir/"
  if ! grep -q 'required_providers' "$dir"/*.tf; then
    printf '%s' "$provider_tf" >"$dir/zz_check_providers.tf"
  fi
  if ! grep -q '^provider "openai"' "$dir"/*.tf; then
    printf 'provider "openai" {}\n' >>"$dir/zz_check_providers.tf"
  fi
  # Each snippet must validate on its own, as a user would paste it.
  tf "$rel" "$dir" validate validate
  # An import.sh must parse and import into addresses resource.tf declares.
  if [ -f "$src/import.sh" ]; then
    bash -n "$src/import.sh" || die "$rel: import.sh is not valid shell"
    local addr
    for addr in $(sed -n 's/^terraform import \([^ ]*\) .*/\1/p' "$src/import.sh"); do
      grep -q "^resource \"${addr%%.*}\" \"${addr#*.}\"" "$src/resource.tf" \
        || die "$rel: import.sh imports $addr, which resource.tf does not declare"
    done
  fi
  echo "ok  $rel"
}

say "terraform validate, every example"
validate_started="$(now)"
dirs=(provider)
for d in "$examples"/resources/* "$examples"/data-sources/* "$examples"/ephemeral-resources/* "$examples"/functions/*; do
  [ -d "$d" ] && dirs+=("${d#"$examples"/}")
done
dirs+=(quickstart team-access org-from-scratch)
for d in "${dirs[@]}"; do
  [ -d "$examples/$d" ] || die "$d: example directory missing"
  case "$d" in
    resources/*) [ -f "$examples/$d/resource.tf" ] || die "$d: no resource.tf (registry layout)" ;;
    data-sources/*) [ -f "$examples/$d/data-source.tf" ] || die "$d: no data-source.tf (registry layout)" ;;
    ephemeral-resources/*) [ -f "$examples/$d/ephemeral-resource.tf" ] || die "$d: no ephemeral-resource.tf (registry layout)" ;;
    functions/*) [ -f "$examples/$d/function.tf" ] || die "$d: no function.tf (registry layout)" ;;
  esac
  validate_example "$d"
done
validate_s="$(elapsed "$validate_started")"
if [ -n "${VALIDATE_ONLY:-}" ]; then
  say "All ${#dirs[@]} examples validate (VALIDATE_ONLY: nothing applied)"
  printf 'build %s s, validate %s s, total %s s\n' "$build_s" "$validate_s" "$(elapsed "$started")"
  exit 0
fi

# The fake's state (GET /__fake/state) into a file.
fake_state() {
  python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "${base_url%/v1}/__fake/state" >"$1"
}

# Whether the fake holds what it held before an example was applied, except
# for projects the example created, which must be archived (the API has no
# project delete). Prints what differs.
fake_is_back_to() {
  python3 - "$1" "$2" <<'PY'
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:3])
problems = {}
for key in sorted(set(before) | set(after)):
    old, new = before.get(key), after.get(key)
    if old == new:
        continue
    if isinstance(old, list) and isinstance(new, list) and "project" in key:
        added = [p for p in new if p not in old]
        if all(isinstance(p, dict) and p.get("status") == "archived" for p in added) \
                and all(p in new for p in old):
            continue
    # Per-project dumps gain an empty entry for the archived project.
    if isinstance(old, dict) and isinstance(new, dict) \
            and all(new.get(k) == v for k, v in old.items()) \
            and all(not new[k] for k in set(new) - set(old)):
        continue
    problems[key] = {"before": old, "after": new}
if problems:
    print(json.dumps(problems, indent=2))
    sys.exit(1)
PY
}

# apply, empty second plan, destroy, nothing left in the fake.
apply_example() {
  local rel="$1" dir="$work/apply/$1" t0
  t0="$(now)"
  mkdir -p "$dir"
  cp "$examples/$rel"/*.tf "$dir/"
  fake_state "$work/$rel.before.json"
  tf "$rel" "$dir" apply apply -auto-approve -input=false
  local log="$work/logs/$rel.plan.log"
  set +e
  (cd "$dir" && terraform plan -detailed-exitcode -input=false -no-color) >"$log" 2>&1
  local code=$?
  set -e
  case "$code" in
    0) ;;
    2) cat "$log" >&2; die "$rel: the plan after apply is not empty (perpetual diff or drift)" ;;
    *) cat "$log" >&2; die "$rel: terraform plan after apply failed" ;;
  esac
  local count
  count="$(cd "$dir" && terraform state list | grep -cv '^data\.')"
  tf "$rel" "$dir" destroy destroy -auto-approve -input=false
  fake_state "$work/$rel.after.json"
  fake_is_back_to "$work/$rel.before.json" "$work/$rel.after.json" >&2 \
    || die "$rel: destroy left the fake changed (above)"
  echo "ok  $rel: $count resources applied, empty second plan, destroyed ($(elapsed "$t0") s)"
}

say "apply, plan, destroy against the fake"
apply_started="$(now)"
apply_example quickstart
apply_example team-access
apply_example org-from-scratch
apply_s="$(elapsed "$apply_started")"

say "All ${#dirs[@]} examples validate; quickstart, team-access and org-from-scratch apply cleanly"
printf 'build %s s, validate %s s, apply/plan/destroy %s s, total %s s\n' \
  "$build_s" "$validate_s" "$apply_s" "$(elapsed "$started")"
