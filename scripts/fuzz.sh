#!/usr/bin/env bash
# Fuzzes every parser of untrusted input (fuzz/fuzz_targets/*) with
# cargo-fuzz (libFuzzer + AddressSanitizer) for a few seconds each.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 10)
#
# Environment:
#   FUZZ_JOBS=N          targets fuzzed at once (default: the number of cores)
#   FUZZ_SANITIZER=name  cargo-fuzz sanitizer (default: address)
#   FUZZ_STRICT=0        tolerate NaN numbers in msgpack (fixed in src/; strict by default)
#
# Exits non-zero, with the failing input in hex and how to reproduce it, on
# any crash, assertion failure, leak, timeout or out-of-memory, and on any
# tool or build failure. Never skips a target.
#
# Corpus: the committed seeds are fuzz/seeds/<target>/ (read only); libFuzzer
# adds what it discovers to fuzz/corpus/<target>/ (git-ignored, kept between
# runs on the same machine). Failing inputs go to fuzz/artifacts/<target>/.
#
# Wall time on a 2-core machine: the sanitized build is about 2 minutes cold
# (the crate is built without its `provider` feature: parsers only, no
# network stack; it was 5 minutes with it), plus about 1 minute for cargo
# install on first use; a run of 5 s per target takes about 15 s with a fresh
# corpus, longer as fuzz/corpus grows.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

fail() {
  echo "FUZZ ERROR: $*" >&2
  exit 1
}

seconds="${1:-10}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || fail "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] (a positive integer, got '$seconds')"
jobs="${FUZZ_JOBS:-$(nproc)}"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || fail "FUZZ_JOBS must be a positive integer, got '$jobs'"
targets=(value_msgpack value_json import_id api_error_body)

# Only the stable toolchain is available: RUSTC_BOOTSTRAP=1 lets it accept the
# -Z flags cargo-fuzz passes (-Zsanitizer=address). AddressSanitizer works on
# stable here because its runtime ships in the stable sysroot
# (librustc-stable_rt.asan.a), so the default sanitizer is kept; `-s none`
# would only be the fallback for a toolchain without that runtime.
export RUSTC_BOOTSTRAP=1
sanitizer="${FUZZ_SANITIZER:-address}"
# --debug-assertions: also check overflows and debug_assert!s in the provider.
# --codegen-units 16: cargo-fuzz's default of 1 serialises each crate's
# codegen, a much slower cold build on 2 cores.
flags=(--sanitizer "$sanitizer" --debug-assertions --codegen-units 16)

command -v cargo >/dev/null || fail "cargo is not installed"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "--- cargo-fuzz is not installed: cargo install cargo-fuzz --locked"
  cargo install cargo-fuzz --locked || fail "cannot install cargo-fuzz"
  cargo fuzz --version >/dev/null 2>&1 || fail "cargo-fuzz installed but 'cargo fuzz' does not run (is ~/.cargo/bin on PATH?)"
fi
echo "--- $(cargo fuzz --version), sanitizer $sanitizer, ${seconds}s per target, $jobs at a time"

# Every target in fuzz/Cargo.toml is run, and every target run exists.
listed="$(cargo fuzz list)" || fail "'cargo fuzz list' failed"
[[ "$(sort <<<"$listed")" == "$(printf '%s\n' "${targets[@]}" | sort)" ]] ||
  fail "fuzz targets in fuzz/Cargo.toml ($(echo $listed)) differ from this script's (${targets[*]})"
for target in "${targets[@]}"; do
  [[ -n "$(ls -A "fuzz/seeds/$target" 2>/dev/null)" ]] || fail "no seed inputs in fuzz/seeds/$target"
done

echo "--- build (cargo fuzz build ${flags[*]})"
build_start=$SECONDS
cargo fuzz build "${flags[@]}" || fail "building the fuzz targets failed"
echo "--- built in $((SECONDS - build_start))s"

logs="$(mktemp -d "${TMPDIR:-/tmp}/fuzz-logs.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# One target; its exit status is cargo-fuzz's (non-zero when libFuzzer found
# a failing input or could not run).
fuzz_one() {
  local target="$1"
  mkdir -p "$root/fuzz/corpus/$target"
  # -timeout: one input running 10 s is a hang, hence a failure.
  # The outer timeout only guards against the tool itself hanging.
  timeout --kill-after=10 $((seconds + 600)) \
    cargo fuzz run "${flags[@]}" "$target" \
    "$root/fuzz/corpus/$target" "$root/fuzz/seeds/$target" \
    -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1
}

report() {
  local target="$1" status="$2" log="$logs/$1.log"
  if [[ "$status" -eq 0 ]] && grep -q '^Done [0-9]* runs' "$log"; then
    echo "ok    $target: $(grep -m1 '^Done [0-9]* runs' "$log"); $(grep 'DONE' "$log" | tail -1 | grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' || true)"
    return 0
  fi
  {
    echo
    echo "=================================================================="
    echo "FUZZ FAILURE: $target (exit status $status)"
    echo "=================================================================="
    # The cause (panic message with file:line, or the sanitizer's report)...
    grep -m 4 -A 10 -E "panicked at|==ERROR: |ERROR: libFuzzer|^SUMMARY: |^error(\[E[0-9]+\])?: " "$log" | cut -c 1-300 || true
    echo "------------------------------------------------------------------"
    # ...and cargo-fuzz's summary (failing input, how to reproduce/minimize).
    tail -n 25 "$log"
    local artifact
    artifact="$(grep -o 'Test unit written to [^ ]*' "$log" | tail -1 | sed 's/^Test unit written to //')" || true
    if [[ -n "$artifact" && -f "$artifact" ]]; then
      echo "------------------------------------------------------------------"
      echo "failing input ($(wc -c <"$artifact") bytes), hex:"
      od -An -v -tx1 "$artifact" | head -n 64
      echo "reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run ${flags[*]} $target $artifact"
    elif [[ "$status" -eq 0 ]]; then
      echo "libFuzzer exited 0 but reported no completed run: see $log"
    fi
    echo "=================================================================="
  } >&2
  return 1
}

# Run up to $jobs targets at once (each libFuzzer process uses one core).
failed=()
running=()
finish_oldest() {
  local target="${running[0]}" pid="${pids[0]}" status=0
  wait "$pid" || status=$?
  running=("${running[@]:1}")
  pids=("${pids[@]:1}")
  report "$target" "$status" || failed+=("$target")
}
echo "--- fuzzing"
for target in "${targets[@]}"; do
  [[ ${#running[@]} -lt $jobs ]] || finish_oldest
  fuzz_one "$target" >"$logs/$target.log" 2>&1 &
  pids+=("$!")
  running+=("$target")
done
while [[ ${#running[@]} -gt 0 ]]; do finish_oldest; done
trap - EXIT

if [[ ${#failed[@]} -gt 0 ]]; then
  fail "${#failed[@]} of ${#targets[@]} fuzz targets failed: ${failed[*]} (logs in $logs, inputs in fuzz/artifacts/)"
fi
rm -rf "$logs"
echo "--- all ${#targets[@]} fuzz targets passed (${seconds}s each, ${SECONDS}s in total)"
