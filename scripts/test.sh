#!/usr/bin/env bash
# The README's test command: setup (idempotent), build, run every test project, then check that the packed
# library works for a consumer (TorchSharp-cpu, a local package feed, build and publish).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
dotnet build RepTuning.sln -c Release
dotnet test RepTuning.sln -c Release --no-build --logger "console;verbosity=normal"
bash scripts/test-package.sh
