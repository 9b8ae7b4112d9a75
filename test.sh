#!/usr/bin/env bash
# Sets up the machine, builds everything and runs every test. This is the project's test command.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/bootstrap.sh
scripts/fetch-clips.sh --quiet
scripts/build.sh --all
soak_started=$SECONDS
soak_status=0 # a real swarm in real time with random encoder faults: lost 0, no leaks (see scripts/soak.sh); the tests run either way
scripts/soak.sh --minutes 5 || soak_status=$?
echo "test.sh: soak (5 minutes) $([ $soak_status -eq 0 ] && echo passed || echo "FAILED (exit $soak_status)") in $((SECONDS - soak_started)) s"
scripts/check-plugin-template.sh
test_status=0
dotnet test SwarmHost.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" || test_status=$?
[ $soak_status -eq 0 ] || echo "test.sh: the soak failed (exit $soak_status): see its lines above" >&2
exit $((test_status != 0 ? test_status : soak_status))
