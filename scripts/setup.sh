#!/usr/bin/env bash
# Idempotent machine setup for RepTuning: native toolchain, libtorch (CPU) with OpenBLAS,
# the embedded stories15M model and the tokenizer test files. Run as root or with sudo available.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_pkgs=()
for p in cmake g++ make libtorch-dev libopenblas0-pthread; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
# A libtorch pointed at explicitly (e.g. a CUDA build) replaces Debian's.
if [ -n "${LIBTORCH_DIR:-}${Torch_DIR:-}" ]; then
  need_pkgs=("${need_pkgs[@]/libtorch-dev}")
fi
if [ "${#need_pkgs[@]}" -gt 0 ] && [ -n "$(echo "${need_pkgs[@]}" | tr -d ' ')" ]; then
  echo "setup: installing ${need_pkgs[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${need_pkgs[@]}
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm is required to fetch stories15M" >&2; exit 1; }

bash "$here/fetch-stories15m.sh" "$root/models/stories15M"
bash "$here/fetch-tokenizer-testdata.sh" "$root/.testdata/tokenizers"
echo "setup: done"
