#!/usr/bin/env bash
# The README's test command: setup (idempotent), build, and run every test project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
dotnet build RepTuning.sln -c Release
dotnet test RepTuning.sln -c Release --no-build --logger "console;verbosity=normal"
