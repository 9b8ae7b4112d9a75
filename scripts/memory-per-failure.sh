#!/usr/bin/env bash
# Memory per failed encoder: runs the same three-encoder swarm twice, once with no faults and once
# with 12 chaos throws per encoder (36 failures, each followed by a rejoin), as fast as possible,
# and prints the resident memory (VmRSS) of each run at its end and at its peak, and the difference
# per failure. A swarm that gives back what a failed encoder held stays at the size of the one
# without faults.
#
# Usage: scripts/memory-per-failure.sh [--swarmhost PATH] [--frames N]
#   --swarmhost PATH the swarmhost to measure (default: the launcher of this checkout)
#   --frames N       frames per run (default 9000; at least 9000, so that all 36 faults happen)
# Any environment the runs should see (e.g. MALLOC_ARENA_MAX=2) is passed on.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
swarmhost="$here/swarmhost"
frames=9000
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --swarmhost) swarmhost="${2:-}"; shift 2 ;;
    --frames) frames="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "memory-per-failure: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ "$frames" =~ ^[0-9]+$ ]] && [ "$frames" -ge 9000 ] || { echo "memory-per-failure: --frames must be a whole number of at least 9000" >&2; exit 2; }
[ -x "$swarmhost" ] || { echo "memory-per-failure: $swarmhost is not an executable swarmhost (give one with --swarmhost)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmhost-memory.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# one encoder, its ffmpeg options wrapped in $2 chaos throws, 700 frames apart from frame 700 + $3
encoder_json() {
  local id=$1 faults=$2 offset=$3 preset=$4 spec
  spec="{ \"plugin\": \"ffmpeg\", \"options\": { \"codec\": \"libx264\", \"preset\": \"$preset\", \"tune\": \"zerolatency\", \"bitrate\": 400000 } }"
  for ((i = 1; i <= faults; i++)); do
    spec="{ \"plugin\": \"chaos\", \"options\": { \"mode\": \"throw\", \"frame\": $(( i * 700 + offset )), \"inner\": $spec } }"
  done
  printf '{ "id": "%s", %s' "$id" "${spec#\{ }"
}

# run <faults per encoder>: prints "<exit> <last RSS kB> <peak RSS kB> <failures>"
run() {
  local faults=$1 dir="$work/faults-$1" pid rss last=0 peak=0 code=0
  mkdir -p "$dir"
  cat > "$dir/swarm.json" <<JSON
{
  "source": { "uri": "lavfi:testsrc2=s=320x180:r=30,format=yuv420p" },
  "profile": { "codec": "h264", "width": 320, "height": 180, "frameRate": "30/1", "gop": 30 },
  "analyzers": [ { "plugin": "complexity" } ],
  "encoders": [ $(encoder_json steady "$faults" 0 veryfast), $(encoder_json quick "$faults" 233 ultrafast), $(encoder_json light "$faults" 466 superfast) ],
  "health": { "latencyBudgetMs": 500, "rejoinAfterFrames": 60 },
  "combiner": { "plugin": "switch", "options": { "hysteresis": 0.1 } },
  "output": { "uri": "$dir/out.ts" }
}
JSON
  "$swarmhost" run "$dir/swarm.json" --frames "$frames" --quiet --summary "$dir/summary.json" --events "$dir/events.jsonl" >"$dir/run.out" 2>"$dir/run.err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if grep -q dotnet "/proc/$pid/comm" 2>/dev/null; then
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
      if [ -n "$rss" ]; then last=$rss; [ "$rss" -gt "$peak" ] && peak=$rss; fi
    fi
    sleep 1
  done
  wait "$pid" || code=$?
  local failures
  failures=$({ grep -oE '"failures": *[0-9]+' "$dir/summary.json" 2>/dev/null || true; } | awk -F: '{ s += $2 } END { print s + 0 }')
  [ "$code" -eq 0 ] || echo "memory-per-failure: the run with $faults faults per encoder exited $code: $(tail -n 1 "$dir/run.err")" >&2
  echo "$code $last $peak $failures"
}

read -r code0 last0 peak0 failures0 < <(run 0)
read -r code1 last1 peak1 failures1 < <(run 12)
echo "memory-per-failure: $frames frames, 3 libx264 encoders${MALLOC_ARENA_MAX:+, MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX}"
echo "memory-per-failure: no faults:  exit $code0, failures $failures0, RSS at the end $(( last0 / 1024 )) MB, peak $(( peak0 / 1024 )) MB"
echo "memory-per-failure: 36 faults:  exit $code1, failures $failures1, RSS at the end $(( last1 / 1024 )) MB, peak $(( peak1 / 1024 )) MB"
awk -v a="$last0" -v b="$last1" -v n="$failures1" 'BEGIN { printf "memory-per-failure: %.2f MB more at the end per failure\n", (n > 0 ? (b - a) / 1024 / n : 0) }'
[ "$code0" -eq 0 ] && [ "$code1" -eq 0 ] || exit 1
