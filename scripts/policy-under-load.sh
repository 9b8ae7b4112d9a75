#!/usr/bin/env bash
# Runs a live scenario under the reactive and the predictive policy, with the switch combiner's GOP
# hold and without it, each three times beside two CPU hogs (`yes >/dev/null`, for every run), and
# prints per run and as the median of the three: the leader's missed deadlines, lost frames,
# handovers (planned ahead) and bridged breaks and frames.
# Usage: scripts/policy-under-load.sh [scenario.json] [runs]
#   (default scenarios/realtime-busy-passages.json, 3 runs; builds first; writes nothing outside a
#   temporary folder; the hogs are stopped at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-scenarios/realtime-busy-passages.json}"
runs="${2:-3}"
[ -f "$scenario" ] || { echo "policy-under-load: no scenario at $scenario" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "policy-under-load: runs must be a whole number above 0" >&2; exit 2; }
scripts/build.sh >/dev/null
work=$(mktemp -d /tmp/swarmhost-policy-load.XXXXXX)
yes >/dev/null & hog1=$!
yes >/dev/null & hog2=$!
trap 'kill $hog1 $hog2 2>/dev/null; rm -rf "$work"' EXIT
echo "beside two CPU hogs: $scenario, $runs runs per policy and hold"
for hold in gop none; do
  for policy in reactive predictive; do
    for run in $(seq 1 "$runs"); do
      name="$hold-$policy-$run"
      scripts/manifest-with-hold.py "$PWD/$scenario" "$hold" "$work/$name"
      set +e
      dotnet artifacts/swarmhost/swarmhost.dll run "$work/$name.json" --policy "$policy" --quiet >"$work/$name.log" 2>&1
      code=$?
      set -e
      python3 - "$work/$name-summary.json" "$name" "$code" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: exit {sys.argv[3]}; leader missed {s['prediction']['missedDeadlines']} deadlines; lost {s['lostFrames']}; "
      f"handovers {s['handovers']} ({s['plannedHandovers']} planned ahead); bridged {s['bridgedFailures']} breaks, {s['bridgedFrames']} frames")
PY
    done
  done
done | tee "$work/runs.txt"
python3 - "$work/runs.txt" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\w+)-(\w+)-\d+: exit \d+; leader missed (\d+) deadlines; lost (\d+);", line)
    if m:
        rows.setdefault((m[1], m[2]), []).append((int(m[3]), int(m[4])))
for (hold, policy), values in rows.items():
    print(f"median {hold} {policy}: leader missed {statistics.median(v[0] for v in values)} deadlines, lost {statistics.median(v[1] for v in values)} frames")
PY
