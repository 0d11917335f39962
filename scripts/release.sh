#!/usr/bin/env bash
# Builds a registry-style release of terraform-provider-openai for the host
# platform, then proves Terraform can install it.
#
#   scripts/release.sh           # version from Cargo.toml
#   scripts/release.sh 0.1.0     # explicit version (should match Cargo.toml)
#
# Produces, in dist/:
#   terraform-provider-openai_<version>_<os>_<arch>.zip   binary terraform-provider-openai_v<version>
#   terraform-provider-openai_<version>_manifest.json     copy of terraform-registry-manifest.json
#   terraform-provider-openai_<version>_SHA256SUMS        sha256sum format, zips + manifest
#   openai-admin_<version>_<os>_<arch>.zip                the tools: openai-admin (export,
#                                                         snapshot) and openai-admin-fake
#   openai-admin_<version>_SHA256SUMS                     sha256sum format, tool zips
#   (a separate archive: the registry's provider zip must hold the provider alone)
#
# Only the host target is built. Other targets (e.g. darwin_arm64,
# windows_amd64) need their own Rust target and linker/toolchain; build them on
# such a machine (or a cross toolchain) with this same script and copy the zips
# into dist/ before signing: the SHA256SUMS file covers every zip of the version
# found in dist/. Signing (SHA256SUMS.sig) is left to the publisher's GPG key.
#
# Verification: the zip is laid out as a filesystem mirror
# (dist/mirror/registry.terraform.io/tfopenai/openai/) and `terraform init` runs
# against it with an isolated CLI config, then `terraform validate` starts the
# installed binary. The lock file must record the package's h1: hash, which is
# also computed here independently from the zip.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'release: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs)"
command -v terraform >/dev/null || die "terraform not found on PATH: it is needed to verify the release"
command -v python3 >/dev/null || die "python3 not found: it is needed to compute the package hash"

cargo_version="$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$root/Cargo.toml" | head -n1)"
[ -n "$cargo_version" ] || die "cannot read the package version from Cargo.toml"
version="${1:-$cargo_version}"
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] \
  || die "version '$version' is not a semantic version such as 1.2.3 or 1.2.3-rc1"
if [ "$version" != "$cargo_version" ]; then
  echo "release: warning: version $version differs from Cargo.toml ($cargo_version);" \
    "the binary reports $cargo_version in --version and its User-Agent" >&2
fi

# Host platform, as Terraform names it (GOOS_GOARCH).
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
  *) die "unsupported OS $(uname -s) (Terraform platforms: linux, darwin, windows)" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) die "unsupported CPU $(uname -m) (supported: amd64, arm64)" ;;
esac
exe=""
[ "$os" = windows ] && exe=".exe"

name="terraform-provider-openai"
dist="$root/dist"
zip_name="${name}_${version}_${os}_${arch}.zip"
manifest_name="${name}_${version}_manifest.json"
sums_name="${name}_${version}_SHA256SUMS"
bin_in_zip="${name}_v${version}${exe}"

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

say "Building $name $version (release, $os/$arch)"
cargo build --release --locked --manifest-path "$root/Cargo.toml" --bin "$name" || die "cargo build failed"
built="${CARGO_TARGET_DIR:-$root/target}/release/${name}${exe}"
[ -x "$built" ] || die "the build did not produce $built"
"$built" --version | grep -qx "$name $cargo_version" \
  || die "$built --version does not report $cargo_version"

say "Packaging into dist/"
mkdir -p "$dist"
rm -f "$dist/$zip_name" "$dist/$manifest_name" "$dist/$sums_name"
stage="$(mktemp -d)"
verify=""
cleanup() { rm -rf "$stage" ${verify:+"$verify"}; }
trap cleanup EXIT
cp "$built" "$stage/$bin_in_zip"
chmod 0755 "$stage/$bin_in_zip"
if command -v zip >/dev/null; then
  (cd "$stage" && zip -q -X "$dist/$zip_name" "$bin_in_zip")
else
  # python3's zipfile keeps the Unix mode bits, so the binary stays executable.
  (cd "$stage" && python3 -m zipfile -c "$dist/$zip_name" "$bin_in_zip")
fi
cp "$root/terraform-registry-manifest.json" "$dist/$manifest_name"
(
  cd "$dist"
  shopt -s nullglob
  # Every platform's zip of this version present in dist/, plus the manifest.
  sha256 "${name}_${version}"_*.zip "$manifest_name" >"$sums_name"
)
python3 - "$dist/$zip_name" "$bin_in_zip" <<'PY' || die "the archive is not as expected"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
assert names == [sys.argv[2]], f"archive holds {names}, expected [{sys.argv[2]}]"
mode = (z.getinfo(sys.argv[2]).external_attr >> 16) & 0o777
assert mode & 0o100, f"binary is not executable in the archive (mode {oct(mode)})"
PY
cat "$dist/$sums_name"

say "Packaging the tools (openai-admin, openai-admin-fake)"
tools=(openai-admin openai-admin-fake)
tools_zip="openai-admin_${version}_${os}_${arch}.zip"
tools_sums="openai-admin_${version}_SHA256SUMS"
cargo build --release --locked --manifest-path "$root/Cargo.toml" "${tools[@]/#/--bin=}" \
  || die "cargo build of the tools failed"
tools_stage="$stage/tools"
mkdir -p "$tools_stage"
for tool in "${tools[@]}"; do
  cp "${CARGO_TARGET_DIR:-$root/target}/release/${tool}${exe}" "$tools_stage/"
  "$tools_stage/${tool}${exe}" --help >/dev/null || die "$tool --help failed"
done
rm -f "$dist/$tools_zip" "$dist/$tools_sums"
if command -v zip >/dev/null; then
  (cd "$tools_stage" && zip -q -X "$dist/$tools_zip" "${tools[@]/%/$exe}")
else
  (cd "$tools_stage" && python3 -m zipfile -c "$dist/$tools_zip" "${tools[@]/%/$exe}")
fi
(cd "$dist" && shopt -s nullglob && sha256 "openai-admin_${version}"_*.zip >"$tools_sums")
cat "$dist/$tools_sums"

say "Verifying: terraform init from a filesystem mirror"
mirror="$dist/mirror"
rm -rf "$mirror"
mkdir -p "$mirror/registry.terraform.io/tfopenai/openai"
cp "$dist/$zip_name" "$mirror/registry.terraform.io/tfopenai/openai/$zip_name"

# The h1: hash Terraform records for a zip (dirhash Hash1 over its files).
expected_h1="$(python3 - "$dist/$zip_name" <<'PY'
import base64, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
summary = "".join(
    f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n" for n in sorted(z.namelist())
)
print("h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode())
PY
)"

verify="$(mktemp -d)"
cat >"$verify/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/tfopenai/openai"]
  }
}
RC
mkdir "$verify/config"
cat >"$verify/config/main.tf" <<TF
terraform {
  required_providers {
    openai = {
      source  = "tfopenai/openai"
      version = "$version"
    }
  }
}

provider "openai" {}

resource "openai_project_role" "check" {
  project_id  = "proj_release_check"
  name        = "release check"
  permissions = ["api.model.read"]
}
TF
(
  cd "$verify/config"
  # An isolated Terraform: our CLI config only, no plugin cache, no checkpoint.
  unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_validate
  export TF_CLI_CONFIG_FILE="$verify/terraform.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
  terraform init -input=false -no-color >"$verify/init.log" 2>&1 \
    || { cat "$verify/init.log" >&2; die "terraform init from the mirror failed"; }
  grep -q "Installed tfopenai/openai v$version" "$verify/init.log" \
    || { cat "$verify/init.log" >&2; die "terraform init did not install tfopenai/openai v$version"; }
  lock=".terraform.lock.hcl"
  [ -f "$lock" ] || die "terraform init wrote no $lock"
  grep -q 'provider "registry.terraform.io/tfopenai/openai"' "$lock" \
    || { cat "$lock" >&2; die "$lock does not list registry.terraform.io/tfopenai/openai"; }
  grep -q "version *= *\"$version\"" "$lock" \
    || { cat "$lock" >&2; die "$lock does not pin version $version"; }
  grep -qF "\"$expected_h1\"" "$lock" \
    || { cat "$lock" >&2; die "$lock does not hold the package hash $expected_h1"; }
  # validate loads the provider's schema: the installed binary really runs.
  terraform validate -no-color >"$verify/validate.log" 2>&1 \
    || { cat "$verify/validate.log" >&2; die "terraform validate with the installed provider failed"; }
  echo "terraform init installed tfopenai/openai v$version; lock file hash $expected_h1"
  echo "terraform validate ran the installed provider: $(tr -d '\n' <"$verify/validate.log")"
)

say "Release artifacts"
human() { python3 -c 'import sys; n = int(sys.argv[1]); print(f"{n / 1048576:.1f} MiB" if n >= 1048576 else f"{n / 1024:.1f} KiB")' "$1"; }
(
  cd "$dist"
  for f in "$zip_name" "$manifest_name" "$sums_name" "$tools_zip" "$tools_sums"; do
    bytes="$(wc -c <"$f" | tr -d ' ')"
    printf '  dist/%-52s %9s bytes  %s\n' "$f" "$bytes" "$(human "$bytes")"
  done
)
bytes="$(wc -c <"$built" | tr -d ' ')"
printf '  (%s inside the zip: %s bytes, %s uncompressed)\n' "$bin_in_zip" "$bytes" "$(human "$bytes")"
echo "Filesystem mirror for local use: $mirror"
