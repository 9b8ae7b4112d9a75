#!/usr/bin/env bash
# Runs the whole chaos-fault matrix: every chaos mode at every position (first frame, mid-GOP, on a
# GOP boundary, in the last GOP) in a swarm of threads and in process lanes. ./test.sh runs each
# mode once; this runs all 34 cases (about 6 minutes on 2 cores). Builds first.
# Usage: scripts/fault-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh --all
SWARMHOST_FAULT_MATRIX=full dotnet test tests/SwarmHost.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~SwarmRunTests.A_failing_encoder_costs_no_frame|FullyQualifiedName~ProcessLaneTests.A_failing_encoder_in_a_process_lane_costs_no_frame" \
  --logger "console;verbosity=normal"
