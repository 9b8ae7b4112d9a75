#!/usr/bin/env bash
# The same three-encoder swarm three ways, on one real clip, alternating, R rounds: every encoder
# in the swarmhost process ("inprocess"), each in a lane process of its own ("process"), and each
# on a cluster node of its own ("nodes": three `swarmhost node` processes on loopback, started
# once, with fresh credentials). Prints each run's wall time and the CPU time of every process
# involved — the coordinator (with its lane children), and each node with its lane children — and
# the bytes each encoder sent back, each encoder's median unit latency (frame entry to usable unit),
# then the medians. The nodes get the clip from the coordinator's relay over SRT. On one machine
# the nodes share its cores: the figures show what the cluster costs, not what spreading over
# machines gains. With --realtime the clip is read at its frame rate, as a live input, so the
# unit latencies compare the paths (a run as fast as possible queues frames instead).
#
# Usage: scripts/bench-nodes.sh [--swarmhost PATH] [--rounds R] [--clip FILE] [--realtime]
#   --swarmhost PATH the swarmhost to measure (default: the launcher of this checkout)
#   --rounds R       rounds of the three runs (default 3)
#   --clip FILE      the input (default: the 795-frame vtest.avi that scripts/fetch-clips.sh fetches)
#   --realtime       read the clip at its frame rate
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
swarmhost="$here/swarmhost"
rounds=3
clip="$here/.cache/clips/vtest.avi"
realtime=false
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --swarmhost) swarmhost="${2:-}"; shift 2 ;;
    --rounds) rounds="${2:-}"; shift 2 ;;
    --clip) clip="${2:-}"; shift 2 ;;
    --realtime) realtime=true; shift ;;
    -h|--help) usage ;;
    *) echo "bench-nodes: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench-nodes: --rounds must be a whole number of at least 1" >&2; exit 2; }
[ -x "$swarmhost" ] || { echo "bench-nodes: $swarmhost is not an executable swarmhost (give one with --swarmhost)" >&2; exit 2; }
clip="$(readlink -f "$clip" 2>/dev/null || echo "$clip")"
[ -f "$clip" ] || { echo "bench-nodes: $clip is missing (scripts/fetch-clips.sh fetches it)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench-nodes: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmhost-bench-nodes.XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ticks=$(getconf CLK_TCK)
free_port() { # a TCP port nothing listens on
  local port
  while :; do port=$(( 20000 + RANDOM % 40000 )); ss -Htln "sport = :$port" | grep -q . || { echo "$port"; return; }; done
}
# CPU seconds of a process and its reaped children (utime + stime + cutime + cstime)
cpu_of() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15 + $16 + $17) / t }' "/proc/$1/stat"; }

"$swarmhost" credentials new "$work/credentials" --deployment bench >/dev/null
ports=()
for name in a b c; do
  port=$(free_port); ports+=("$port")
  join=(); [ "$name" = a ] || join=(--join "127.0.0.1:${ports[0]}")
  "$swarmhost" node --name "$name" --listen "127.0.0.1:$port" --credentials "$work/credentials" "${join[@]}" 2>"$work/node-$name.log" &
  pids+=($!)
  [ "$name" = a ] && sleep 3
done
for _ in $(seq 60); do [ "$(grep -c 'member up:' "$work/node-a.log")" -ge 3 ] && break; sleep 1; done

rate=$(ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate -of csv=p=0 "$clip") # the profile runs at the clip's own rate
manifest() { # manifest <kind>
  local kind=$1 place=("" "" "") extra=""
  [ "$kind" = nodes ] && place=(', "node": "a"' ', "node": "b"' ', "node": "c"') && extra="\"cluster\": { \"join\": [\"127.0.0.1:${ports[0]}\"] },"
  [ "$kind" = process ] && extra='"isolation": "process",'
  cat > "$work/$kind.json" <<JSON
{ "source": { "uri": "$clip", "realtime": $realtime }, "profile": { "codec": "h264", "width": 640, "height": 360, "frameRate": "$rate", "gop": 30 },
  "analyzers": [], $extra
  "encoders": [
    { "id": "fast", "plugin": "ffmpeg"${place[0]}, "options": { "codec": "libx264", "preset": "ultrafast", "bitrate": "1.5M" } },
    { "id": "main", "plugin": "ffmpeg"${place[1]}, "options": { "codec": "libx264", "preset": "veryfast", "bitrate": "2M" } },
    { "id": "lean", "plugin": "ffmpeg"${place[2]}, "options": { "codec": "libx264", "preset": "superfast", "bitrate": "1M" } } ],
  "combiner": { "plugin": "switch" }, "output": { "uri": "$work/$kind.ts" }, "summary": "$work/$kind.summary.json" }
JSON
}
for kind in inprocess process nodes; do manifest "$kind"; done

printf '%-9s %5s %7s %9s %7s %7s %7s %6s %-22s %s\n' run exit wall_s coord_cpu a_cpu b_cpu c_cpu lost "latency ms (f m l)" "bytes back (fast main lean)"
for round in $(seq "$rounds"); do
  for kind in inprocess process nodes; do
    before=(); for p in "${pids[@]}"; do before+=("$(cpu_of "$p")"); done
    set +e
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$swarmhost" run "$work/$kind.json" --credentials "$work/credentials" --quiet >"$work/$kind.out" 2>"$work/$kind.err"
    code=$?
    set -e
    sleep 1 # the nodes' lane processes are reaped
    read -r wall user sys < <(tail -n 1 "$work/time") # after "Command exited with non-zero status N" when it failed
    node_cpu=("-" "-" "-")
    if [ "$kind" = nodes ]; then
      for i in 0 1 2; do node_cpu[$i]=$(awk -v a="$(cpu_of "${pids[$i]}")" -v b="${before[$i]}" 'BEGIN { printf "%.2f", a - b }'); done
    fi
    lost=$(grep -oP '"lostFrames": \K[0-9]+' "$work/$kind.summary.json" || echo "?")
    bytes=$(grep -oP '"bytes": \K[0-9]+' "$work/$kind.summary.json" | tr '\n' ' ' || echo "?")
    latency=$(tr -d ' \n' < "$work/$kind.summary.json" | grep -oP '"unitLatencyMs":\{"median":\K[0-9.]+' | tr '\n' '/' | sed 's#/$##' || echo "?")
    printf '%-9s %5s %7s %9s %7s %7s %7s %6s %-22s %s\n' "$kind" "$code" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "${node_cpu[@]}" "$lost" "$latency" "$bytes" | tee -a "$work/rows"
  done
done
echo "medians over $rounds round(s):"
for kind in inprocess process nodes; do
  awk -v k="$kind" '$1 == k { w[++n] = $3; c[n] = $4; a[n] = $5; b[n] = $6; d[n] = $7 }
    function med(x, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] + 0 < x[i] + 0) { t = x[i]; x[i] = x[j]; x[j] = t } return x[int((n + 1) / 2)] }
    END { printf "  %-9s wall %s s, coordinator CPU %s s, nodes CPU %s / %s / %s s\n", k, med(w, n), med(c, n), med(a, n), med(b, n), med(d, n) }' "$work/rows"
done
