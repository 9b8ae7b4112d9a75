#!/usr/bin/env bash
# Soak: runs a real swarm for a long time with random encoder faults and checks it stays sound.
#
# The swarm: a lavfi test source read in real time (--realtime), three libx264 encoders, the
# switching combiner, events rotated by size (a small size, so rotation and the report's reading
# of a rotated set are exercised). Faults come from the `chaos` wrapper: throws and (in the first
# half only, at most --hangs of them) hangs, at random frames on random encoders, seeded, one at a
# time with a gap long enough for the failed encoder to rejoin, so the swarm always has encoders.
# A hang leaves its thread and encoder behind by design (counted as abandonedThreads), which is why
# hangs stay out of the second half, where the memory slope is measured.
#
# While it runs, every ~10 s it samples the swarmhost process: resident memory (VmRSS), open file
# descriptors (/proc/PID/fd), threads and child processes, the frames lost so far (from the run's
# Prometheus endpoint on a loopback port) and the machine's load average, so a loss can be placed
# in time even after the events that told of it were rotated away. At the end it checks:
#   exit code 0; lostFrames 0 (summary JSON); framesOut == ffprobe's count of the output;
#   RSS slope (least squares over the second half) under 5 MB per 10 minutes (judged on runs of
#   30 minutes or more; a shorter run reports it); on a loss, when it began and the load average then;
#   fds at the end <= fds at the start (after 30 s) + 8; no child process ever left running;
#   events: at most --events-keep + 1 files, `swarmhost report` builds the page from the set.
# It prints the figures and exits 1 on any failed check (2 on bad usage).
#
# Usage: scripts/soak.sh [--minutes N] [--seed S] [--swarmhost PATH] [--hangs N] [--keep-files]
#   --minutes N      how long the swarm runs (default 60)
#   --seed S         seed of the fault plan (default 1; the plan is printed)
#   --swarmhost PATH the swarmhost to soak (default: the launcher of this checkout)
#   --hangs N        at most this many hang faults (default 1)
#   --keep-files     keep the work folder (manifest, output, events, samples) even when all checks pass
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"

minutes=60
seed=1
swarmhost="$here/swarmhost"
hangs=1
keep_files=false
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="${2:-}"; shift 2 ;;
    --seed) seed="${2:-}"; shift 2 ;;
    --swarmhost) swarmhost="${2:-}"; shift 2 ;;
    --hangs) hangs="${2:-}"; shift 2 ;;
    --keep-files) keep_files=true; shift ;;
    -h|--help) usage ;;
    *) echo "soak: unknown argument '$1'" >&2; usage ;;
  esac
done
for value in "$minutes" "$seed" "$hangs"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "soak: '$value' is not a whole number (--minutes, --seed and --hangs take one)" >&2; exit 2; }
done
[ "$minutes" -ge 1 ] || { echo "soak: --minutes must be at least 1" >&2; exit 2; }
[ -x "$swarmhost" ] || { echo "soak: $swarmhost is not an executable swarmhost (give one with --swarmhost)" >&2; exit 2; }
command -v ffprobe >/dev/null || { echo "soak: ffprobe is missing (scripts/bootstrap.sh installs ffmpeg)" >&2; exit 2; }

fps=30
frames=$((minutes * 60 * fps))
events_max=1MB
events_keep=3
max_layers=12 # chaos wrappers per encoder: the manifest's nesting stays far from JSON depth limits
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmhost-soak.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  if $keep_files || [ "${failed:-1}" != 0 ]; then echo "soak: files kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- the fault plan: seeded, one fault at a time, gaps long enough to rejoin -------------------
RANDOM=$seed
encoders=(steady quick light)
declare -A layers=([steady]="" [quick]="" [light]="")
declare -A count=([steady]=0 [quick]=0 [light]=0)
duration=$((minutes * 60))
gap_min=$(( duration / 45 > 12 ? duration / 45 : 12 ))
gap_max=$(( duration / 22 > 40 ? duration / 22 : 40 ))
t=$(( 10 + RANDOM % 10 ))
planned=0 planned_hangs=0 plan=""
while [ $(( t + 20 )) -lt "$duration" ]; do
  encoder=${encoders[RANDOM % 3]}
  if [ "${count[$encoder]}" -ge $max_layers ]; then
    for other in "${encoders[@]}"; do [ "${count[$other]}" -lt $max_layers ] && encoder=$other && break; done
    [ "${count[$encoder]}" -ge $max_layers ] && break
  fi
  mode=throw
  if [ $planned_hangs -lt "$hangs" ] && [ $(( t * 2 )) -lt "$duration" ] && [ $(( RANDOM % 4 )) -eq 0 ]; then
    mode=hang; planned_hangs=$((planned_hangs + 1))
  fi
  frame=$(( t * fps + RANDOM % fps ))
  layers[$encoder]+="$mode:$frame "
  count[$encoder]=$(( count[$encoder] + 1 ))
  planned=$((planned + 1))
  plan+="$encoder $mode@$frame; "
  t=$(( t + gap_min + RANDOM % (gap_max - gap_min + 1) ))
done

# one encoder: its ffmpeg options wrapped in one chaos layer per planned fault
encoder_json() {
  local id=$1 preset=$2 spec
  spec="{ \"plugin\": \"ffmpeg\", \"options\": { \"codec\": \"libx264\", \"preset\": \"$preset\", \"tune\": \"zerolatency\", \"bitrate\": 400000 } }"
  for fault in ${layers[$id]}; do
    spec="{ \"plugin\": \"chaos\", \"options\": { \"mode\": \"${fault%%:*}\", \"frame\": ${fault##*:}, \"inner\": $spec } }"
  done
  printf '{ "id": "%s", %s' "$id" "${spec#\{ }"
}
cat > "$work/soak.json" <<EOF
{
  "source": { "uri": "lavfi:testsrc2=s=320x180:r=$fps,format=yuv420p" },
  "profile": { "codec": "h264", "width": 320, "height": 180, "frameRate": "$fps/1", "gop": 30 },
  "analyzers": [ { "plugin": "complexity" } ],
  "encoders": [
    $(encoder_json steady veryfast),
    $(encoder_json quick ultrafast),
    $(encoder_json light superfast)
  ],
  "health": { "latencyBudgetMs": 500 },
  "combiner": { "plugin": "switch", "options": { "hysteresis": 0.1 } },
  "output": { "uri": "$work/out.ts" }
}
EOF

# a loopback port nothing answers on, chosen apart from the seed (two soaks of one seed may run side by side)
RANDOM=$(( ($$ + $(date +%N | sed 's/^0*//;s/^$/0/')) % 32768 ))
for _ in $(seq 1 50); do
  metrics_port=$(( 20000 + RANDOM % 20000 ))
  (exec 3<>"/dev/tcp/127.0.0.1/$metrics_port") 2>/dev/null || break
done
rotation=()
if "$swarmhost" run --help 2>/dev/null | grep -q -- '--events-max-size'; then
  rotation=(--events-max-size "$events_max" --events-keep "$events_keep")
else
  echo "soak: this swarmhost has no --events-max-size: its events are not rotated" >&2
fi

echo "soak: $minutes min, $frames frames at 320x180 $fps fps, 3 libx264 encoders, seed $seed, $planned faults planned ($planned_hangs hangs): $plan" >&2
echo "soak: work folder $work" >&2

# --- run and sample --------------------------------------------------------------------------
started=$(date +%s)
"$swarmhost" run "$work/soak.json" --realtime --frames "$frames" --quiet \
  --summary "$work/summary.json" --events "$work/events.jsonl" "${rotation[@]}" --metrics "$metrics_port" \
  >"$work/run.out" 2>"$work/run.err" &
pid=$!
# frames lost so far, read from the run's metrics (bash's /dev/tcp: no HTTP client needed); "?" while unreadable
lost_so_far() {
  local reply
  reply=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3 && cat <&3' _ "$metrics_port" 2>/dev/null || true)
  awk '/^swarmhost_frames_lost[ {]/ { v = $NF } END { print (v == "" ? "?" : v) }' <<<"$reply"
}
printf 'seconds\trss_kb\tfds\tthreads\tchildren\tlost\tload1\n' >"$work/samples.tsv"
children_seen=""
while kill -0 "$pid" 2>/dev/null; do
  if [ "$(readlink "/proc/$pid/exe" 2>/dev/null || true)" != "" ] && grep -q dotnet "/proc/$pid/comm" 2>/dev/null; then
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    children=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //; s/ $//' || true)
    children_seen+=" $children"
    [ -n "$rss" ] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(( $(date +%s) - started ))" "$rss" "$fds" "$threads" "$(wc -w <<<"$children")" "$(lost_so_far)" "$(cut -d' ' -f1 /proc/loadavg)" >>"$work/samples.tsv"
  fi
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null && sleep 1; done
done
code=0
wait "$pid" || code=$?
pid=""
elapsed=$(( $(date +%s) - started ))

# --- checks ----------------------------------------------------------------------------------
failed=0
problems=()
fail() { problems+=("$1"); failed=1; }
field() { { grep -m1 -oE "\"$1\": *-?[0-9.]+" "$work/summary.json" 2>/dev/null || echo '"?": ?'; } | grep -oE -- '[-0-9.?]+$'; }

[ "$code" -eq 0 ] || fail "swarmhost exited $code (see $work/run.err: $(tail -n 2 "$work/run.err" | tr '\n' ' '))"
[ -f "$work/summary.json" ] || fail "no summary JSON was written"
frames_in=$(field framesIn); frames_out=$(field framesOut); lost=$(field lostFrames)
inserted=$(field insertedFrames); repeated=$(field repeatedFrames); abandoned=$(field abandonedThreads)
failures=$({ grep -oE '"failures": *[0-9]+' "$work/summary.json" 2>/dev/null || true; } | awk -F: '{ s += $2 } END { print s + 0 }')
if [ "$lost" != "0" ]; then
  first_loss=$(awk -F'\t' 'NR > 1 && $6 ~ /^[0-9]+$/ && $6 > 0 { printf "first seen at %d s (load average %s, machine-wide)", $1, $7; exit }' "$work/samples.tsv")
  fail "lostFrames is $lost, not 0${first_loss:+; $first_loss}"
fi
probed=$({ ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$work/out.ts" 2>/dev/null || true; } | head -n 1 | tr -d '\r,')
probed=${probed:-?}
[ "$frames_out" = "$probed" ] || fail "framesOut $frames_out but ffprobe counts $probed frames in the output"

# least-squares slope of RSS over the second half, in MB per 10 minutes
read -r slope half_samples < <(awk -F'\t' -v total="$elapsed" 'NR > 1 && $1 >= total / 2 { n++; x = $1; y = $2 / 1024; sx += x; sy += y; sxx += x * x; sxy += x * y }
  END { if (n < 3 || n * sxx - sx * sx == 0) { print "?", n + 0 } else { printf "%.2f %d\n", (n * sxy - sx * sy) / (n * sxx - sx * sx) * 600, n } }' "$work/samples.tsv")
# the slope is judged on runs of 30 minutes or more: over a shorter run the second half is still
# the warm-up (the runtime's heaps and the allocator's arenas filling as encoder instances come and
# go), so the 5-minute form reports it without judging it
if [ "$minutes" -lt 30 ]; then slope_note=" (reported, judged from 30 minutes)";
elif [ "$slope" = "?" ]; then fail "too few memory samples in the second half ($half_samples)";
elif awk -v s="$slope" 'BEGIN { exit !(s >= 5) }'; then fail "RSS grows $slope MB per 10 minutes over the second half (limit 5)"; fi
rss_first=$(awk -F'\t' 'NR > 1 && $1 >= 30 { printf "%.0f", $2 / 1024; exit }' "$work/samples.tsv") # after start-up
rss_last=$(awk -F'\t' 'NR > 1 { v = $2 } END { printf "%.0f", v / 1024 }' "$work/samples.tsv")
rss_max=$(awk -F'\t' 'NR > 1 && $2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$work/samples.tsv")
fd_start=$(awk -F'\t' 'NR > 1 && $1 >= 30 { print $3; exit }' "$work/samples.tsv")
fd_start=${fd_start:-$(awk -F'\t' 'NR == 2 { print $3 }' "$work/samples.tsv")}
fd_end=$(awk -F'\t' 'NR > 1 { v = $3 } END { print v }' "$work/samples.tsv")
if [ -z "$fd_start" ] || [ -z "$fd_end" ]; then fail "no file-descriptor samples";
elif [ "$fd_end" -gt $(( fd_start + 8 )) ]; then fail "open file descriptors grew from $fd_start to $fd_end"; fi
left=""
for child in $children_seen; do kill -0 "$child" 2>/dev/null && left+=" $child"; done
[ -z "$left" ] || fail "child processes still running after the run:$left"
children_max=$(awk -F'\t' 'NR > 1 && $5 > m { m = $5 } END { print m + 0 }' "$work/samples.tsv")
if pgrep -f "$work/soak.json" >/dev/null; then fail "a process of this soak is still running: $(pgrep -af "$work/soak.json" | head -n 1)"; fi

event_files=$(find "$work" -maxdepth 1 -name 'events*.jsonl' | wc -l)
if [ ${#rotation[@]} -gt 0 ] && [ "$event_files" -gt $(( events_keep + 1 )) ]; then fail "$event_files events files, more than --events-keep $events_keep + 1"; fi
if [ -f "$work/events.jsonl" ]; then
  report_rc=0
  "$swarmhost" report "$work/events.jsonl" -o "$work/report.html" >"$work/report.out" 2>"$work/report.err" || report_rc=$?
  [ "$report_rc" -eq 0 ] || fail "swarmhost report exited $report_rc on the events ($(head -n 2 "$work/report.err" | tr '\n' ' '))"
  dropped=$({ grep -oE 'frames [0-9?]+ to [0-9?]+ \([^;]*' "$work/report.err" || true; } | head -n 1)
else
  fail "no events file was written"
fi

echo "soak: ran ${elapsed} s; exit $code"
echo "soak: frames in $frames_in, out $frames_out, ffprobe $probed; lost $lost, inserted $inserted, repeated $repeated"
echo "soak: faults planned $planned ($planned_hangs hangs), encoder failures in the summary $failures, abandoned threads $abandoned"
echo "soak: RSS at 30 s ${rss_first:-?} MB, last ${rss_last} MB, max ${rss_max} MB; slope over the second half ${slope} MB per 10 min ($half_samples samples)${slope_note:-}"
echo "soak: open fds $fd_start at 30 s, $fd_end at the end; child processes seen at most $children_max, left $(wc -w <<<"$left")"
echo "soak: load average (machine-wide) mean $(awk -F'\t' 'NR > 1 { s += $7; n++ } END { printf "%.1f", n ? s / n : 0 }' "$work/samples.tsv"), max $(awk -F'\t' 'NR > 1 && $7 > m { m = $7 } END { print m + 0 }' "$work/samples.tsv")"
echo "soak: events files $event_files (rotation ${rotation[*]:-off})${dropped:+; report names the dropped span: $dropped}"
if [ "$failed" -ne 0 ]; then
  printf 'soak: FAILED: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "soak: all checks passed"
