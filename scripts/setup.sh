#!/usr/bin/env bash
# Idempotent machine setup for RepTuning: the embedded stories15M model and the tokenizer test files.
# The engine (TorchSharp with libtorch) comes from NuGet at build time; nothing native is installed here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm is required to fetch stories15M" >&2; exit 1; }

bash "$here/fetch-stories15m.sh" "$root/models/stories15M"
bash "$here/fetch-tokenizer-testdata.sh" "$root/.testdata/tokenizers"
echo "setup: done"
