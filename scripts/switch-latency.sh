#!/usr/bin/env bash
# Compares the switch combiner with its GOP hold ("hold": "gop") and without ("hold": "none") on
# the demo's manifest and two scenarios: runs each manifest both ways and prints, per run, the exit
# code, the output's latency (combinerLatencyFrames: most; combinerLatencySteadyFrames: steady),
# lost frames, handovers (and how many were planned ahead), unplanned breaks bridged and the
# frames the bridge encoded, and whether the output decodes silently with as many frames as the
# summary says it wrote.
# Usage: scripts/switch-latency.sh [--hogs]   (builds first; writes nothing outside a temporary
# folder; --hogs runs two CPU hogs, `yes >/dev/null`, beside every run and stops them at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
work=$(mktemp -d /tmp/swarmhost-switch-latency.XXXXXX)
dotnet artifacts/swarmhost/swarmhost.dll demo --out "$work/demo" >/dev/null || true # the demo writes its manifest, demo-swarm.json, whatever its run does
hogs=()
trap 'rm -rf "$work"; [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null' EXIT
if [ "${1:-}" = "--hogs" ]; then
  yes >/dev/null & hogs+=($!)
  yes >/dev/null & hogs+=($!)
  echo "beside two CPU hogs (pids ${hogs[*]})"
fi
for manifest in "$work/demo/demo-swarm.json" "$PWD/scenarios/realtime-busy-passages.json" "$PWD/scenarios/slow-ramp.json"; do
  for hold in gop none; do
    name="$(basename "$manifest" .json)-$hold"
    scripts/manifest-with-hold.py "$manifest" "$hold" "$work/$name"
    set +e
    dotnet artifacts/swarmhost/swarmhost.dll run "$work/$name.json" --quiet >"$work/$name.log" 2>&1
    code=$?
    set -e
    errors=$(ffmpeg -v error -i "$work/$name.ts" -f null - 2>&1 | wc -l)
    packets=$(ffprobe -v error -count_packets -select_streams v -show_entries stream=nb_read_packets -of csv=p=0 "$work/$name.ts" | awk 'NR == 1')
    python3 - "$work/$name-summary.json" "$name" "$code" "$errors" "$packets" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
name, code, errors, packets = sys.argv[2:6]
print(f"{name}: exit {code}; latency {s['combinerLatencyFrames']} frames at most, {s['combinerLatencySteadyFrames']} steady; "
      f"lost {s['lostFrames']}; handovers {s['handovers']} ({s['plannedHandovers']} planned ahead); bridged {s['bridgedFailures']} breaks, {s['bridgedFrames']} frames; "
      f"leader missed {s['prediction']['missedDeadlines']} deadlines; policy {s['policy']}; "
      f"decode errors {errors}; {packets} packets for {s['framesOut']} frames out")
PY
  done
done
