#!/usr/bin/env bash
# Runs the whole chaos-fault matrix: every chaos mode at every position (first frame, mid-GOP, on a
# GOP boundary, in the last GOP) in a swarm of threads and in process lanes, and every mode at the
# first frame, mid-GOP and on a boundary in a swarm of threads with the switch combiner's
# low-latency mode ("hold": "none"), and the leading cluster node killed, cut off and frozen (in
# network namespaces, as root). ./test.sh runs each mode once per case and the freeze; this runs
# every case. Builds first.
# Usage: scripts/fault-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh --all
SWARMHOST_FAULT_MATRIX=full dotnet test tests/SwarmHost.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~SwarmRunTests.A_failing_encoder_costs_no_frame|FullyQualifiedName~ProcessLaneTests.A_failing_encoder_in_a_process_lane_costs_no_frame|FullyQualifiedName~ClusterLabTests.The_leading_node_killed_cut_off_or_frozen" \
  --logger "console;verbosity=normal"
