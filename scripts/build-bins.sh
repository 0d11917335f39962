#!/usr/bin/env bash
# Builds the debug binaries (provider, fake, openai-admin, ...) the scripts
# run, with the feature set `cargo test` builds them with.
#
# Why the spec-refresh example is built too: it is a dev target, so cargo
# enables the dev-dependencies' features (tokio's test-util, serde's alloc,
# hashbrown's) exactly as `cargo test` does. Without it, `cargo build --bins`
# and `cargo test` resolve different features and each compiles the whole
# network stack and the crate again: 1.5 minutes of every CI run on 2 cores.
# With it, the second of the two is a no-op; the price is the example's
# small build (its YAML parser and the contract tests' JSON Schema crate).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec cargo build --locked --manifest-path "$root/Cargo.toml" --bins --example refresh-spec "$@"
