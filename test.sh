#!/usr/bin/env bash
# Sets up the machine, builds everything and runs every test. This is the project's test command.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/bootstrap.sh
scripts/fetch-clips.sh --quiet
scripts/build.sh --all
soak_started=$SECONDS
scripts/soak.sh --minutes 5 # a real swarm in real time with random encoder faults: lost 0, no leaks (docs: scripts/soak.sh)
echo "test.sh: soak (5 minutes) passed in $((SECONDS - soak_started)) s"
scripts/check-plugin-template.sh
dotnet test SwarmHost.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
