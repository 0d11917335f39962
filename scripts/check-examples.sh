#!/usr/bin/env bash
# Checks every example against the freshly built provider:
#   (a) `terraform validate` in examples/provider, every examples/resources/*
#       and examples/data-sources/* directory, examples/quickstart and
#       examples/team-access (plus `terraform fmt -check`, `bash -n` on the
#       import.sh files and that their addresses exist in resource.tf);
#   (b) apply of quickstart and team-access against the bundled fake Admin API,
#       a second plan that must be empty, destroy, and a fake left with no
#       custom role or assignment.
# Fails (non-zero, naming the example and step) on the first problem.
#
#   scripts/check-examples.sh
#   KEEP_WORK=1 scripts/check-examples.sh        # keep the work dir (logs, state)
#   OPENAI_FAKE_RATE_429=0.3 scripts/check-examples.sh   # the same under a 429 storm
#
# Registry-layout snippets have no terraform block: each is validated in a
# temp dir with a generated required_providers + provider "openai" {} file. A
# snippet that refers to a resource it does not declare (e.g.
# openai_project_role.key_manager.id) gets a stub of that resource, generated
# from the provider's schema, only when validate fails without it.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
examples="$root/examples"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\ncheck-examples: FAILED: %s\n' "$*" >&2; exit 1; }
now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$(now)"; }

command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs)"
command -v terraform >/dev/null || die "terraform not found on PATH: install Terraform 1.11+"
command -v python3 >/dev/null || die "python3 not found"
started="$(now)"

say "Building terraform-provider-openai and openai-admin-fake (debug)"
cargo build --locked --manifest-path "$root/Cargo.toml" --bins || die "cargo build failed"
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
      source = "openai/openai"
    }
  }
}
'

say "terraform fmt -check examples/"
terraform fmt -check -recursive -diff -no-color "$examples" || die "examples: terraform fmt -check found unformatted files"

# The provider's schema, for generating stubs.
mkdir -p "$work/schema"
printf '%s' "$provider_tf" >"$work/schema/providers.tf"
(cd "$work/schema" && terraform providers schema -json) >"$work/schema.json" 2>"$work/schema.err" \
  || { cat "$work/schema.err" >&2; die "cannot read the provider schema"; }

# Writes stubs for the resources and data sources a validate -json output
# reports as undeclared; prints how many it wrote.
write_stubs() {
  python3 - "$work/schema.json" "$1" "$2" <<'PY'
import json, re, sys
schema = json.load(open(sys.argv[1]))["provider_schemas"]["registry.terraform.io/openai/openai"]
diags = json.load(open(sys.argv[2])).get("diagnostics", [])
kinds = {"managed": ("resource", "resource_schemas"), "data": ("data", "data_source_schemas")}
# Valid values for attributes the provider checks (fixture IDs of the fake).
known = {"project_id": '"proj_alpha"', "group_id": '"group_engineering"',
         "user_id": '"user_alice"', "role_id": '"role-api-project-member"'}
def placeholder(attr, t):
    if attr in known: return known[attr]
    if attr.endswith("_id"): raise SystemExit(f"no stub value for {attr}: add it to known")
    if t == "string": return '"stub"'
    if t == "number": return "1"
    if t == "bool": return "false"
    if isinstance(t, list) and t[0] in ("set", "list") and t[1] == "string":
        return '["api.model.read"]'  # a valid permission
    raise SystemExit(f"no stub value for type {t}")
out, seen = [], set()
for d in diags:
    if d.get("severity") != "error":
        continue
    m = re.match(r'A (managed|data) resource "([^"]+)" "([^"]+)" has not been declared', d.get("detail", ""))
    if not m:
        continue
    kind, rtype, name = m.groups()
    if (kind, rtype, name) in seen:
        continue
    seen.add((kind, rtype, name))
    keyword, table = kinds[kind]
    block = schema.get(table, {}).get(rtype)
    if block is None:
        raise SystemExit(f"{keyword} type {rtype} is not in the provider schema")
    lines = [f'# stub: referenced by the example, declared elsewhere',
             f'{keyword} "{rtype}" "{name}" {{']
    for attr, spec in sorted(block["block"].get("attributes", {}).items()):
        if spec.get("required"):
            lines.append(f"  {attr} = {placeholder(attr, spec['type'])}")
    lines.append("}\n")
    out.append("\n".join(lines))
open(sys.argv[3], "w").write("\n".join(out))
print(len(out))
PY
}

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
  local json="$work/logs/${rel//\//_}.validate.json" note=""
  mkdir -p "$work/logs"
  (cd "$dir" && terraform validate -json -no-color) >"$json" 2>&1 || true
  if ! python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["valid"] else 1)' "$json" 2>/dev/null; then
    local n
    n="$(write_stubs "$json" "$dir/zz_check_stubs.tf")" || die "$rel: cannot generate stubs"
    [ "$n" -gt 0 ] && note=" (with $n stub(s) for resources it refers to)"
    tf "$rel" "$dir" validate validate # fails here, with readable diagnostics, if still invalid
  fi
  # An import.sh must parse and import into addresses resource.tf declares.
  if [ -f "$src/import.sh" ]; then
    bash -n "$src/import.sh" || die "$rel: import.sh is not valid shell"
    local addr
    for addr in $(sed -n 's/^terraform import \([^ ]*\) .*/\1/p' "$src/import.sh"); do
      grep -q "^resource \"${addr%%.*}\" \"${addr#*.}\"" "$src/resource.tf" \
        || die "$rel: import.sh imports $addr, which resource.tf does not declare"
    done
  fi
  echo "ok  $rel$note"
}

say "terraform validate, every example"
validate_started="$(now)"
dirs=(provider)
for d in "$examples"/resources/* "$examples"/data-sources/*; do
  [ -d "$d" ] && dirs+=("${d#"$examples"/}")
done
dirs+=(quickstart team-access)
for d in "${dirs[@]}"; do
  [ -d "$examples/$d" ] || die "$d: example directory missing"
  case "$d" in
    resources/*) [ -f "$examples/$d/resource.tf" ] || die "$d: no resource.tf (registry layout)" ;;
    data-sources/*) [ -f "$examples/$d/data-source.tf" ] || die "$d: no data-source.tf (registry layout)" ;;
  esac
  validate_example "$d"
done
validate_s="$(elapsed "$validate_started")"

fake_is_empty() {
  python3 - "${base_url%/v1}/__fake/state" <<'PY'
import json, sys, urllib.request
state = json.load(urllib.request.urlopen(sys.argv[1]))
left = {k: v for k, v in state.items() if isinstance(v, list) and v}
if left:
    print(json.dumps(left, indent=2))
    sys.exit(1)
PY
}

# apply, empty second plan, destroy, nothing left in the fake.
apply_example() {
  local rel="$1" dir="$work/apply/$1" t0
  t0="$(now)"
  mkdir -p "$dir"
  cp "$examples/$rel"/*.tf "$dir/"
  fake_is_empty >/dev/null || die "$rel: the fake is not clean before apply"
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
  fake_is_empty >&2 || die "$rel: destroy left objects in the fake (above)"
  echo "ok  $rel: $count resources applied, empty second plan, destroyed ($(elapsed "$t0") s)"
}

say "apply, plan, destroy against the fake"
apply_started="$(now)"
apply_example quickstart
apply_example team-access
apply_s="$(elapsed "$apply_started")"

say "All ${#dirs[@]} examples validate; quickstart and team-access apply cleanly"
printf 'build %s s, validate %s s, apply/plan/destroy %s s, total %s s\n' \
  "$build_s" "$validate_s" "$apply_s" "$(elapsed "$started")"
