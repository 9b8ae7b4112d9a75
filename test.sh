#!/usr/bin/env bash
# Sets up the machine, builds everything and runs every test. This is the project's test command.
# Prints each step's time, then each test class's time (scripts/test-times.sh).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { # step <name> <command...>: runs one step and prints its time
  local name="$1" started=$SECONDS
  shift
  echo "test.sh: ${name}..." >&2
  local rc=0
  "$@" || rc=$?
  echo "test.sh: ${name}: $((SECONDS - started)) s$([ "$rc" = 0 ] || echo ", FAILED (exit $rc)")" >&2
  return "$rc"
}

results="artifacts/test-results"
rm -f "$results/tests.trx"
step "set-up" scripts/bootstrap.sh
step "clips" scripts/fetch-clips.sh --quiet
step "build" scripts/build.sh --all
status=0 # the later steps run even when one fails; the script fails at the end if any did
step "soak, 2 minutes (a real swarm in real time with random encoder faults: lost 0, no leaks)" scripts/soak.sh --minutes 2 || status=$?
step "plugin template" scripts/check-plugin-template.sh
step "unit, component and end-to-end tests" dotnet test SwarmHost.sln -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?
if [ -f "$results/tests.trx" ]; then
  echo "test.sh: time per test class:" >&2
  scripts/test-times.sh "$results/tests.trx" >&2
fi
echo "test.sh: total $SECONDS s" >&2
exit "$status"
