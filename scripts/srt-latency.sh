#!/usr/bin/env bash
# Measures the end-to-end latency of a swarm from SRT in to SRT out on loopback: the swarm (three
# libx264 encoders, switch combiner, the leader hanging at frame 60) listens for its input and
# calls an ffmpeg CLI receiver with its output; an ffmpeg CLI sender (paced with -re) calls the
# swarm with a 20 fps test stream. Both ffmpeg processes print a line per frame (showinfo); each line is
# stamped with the wall clock as it is read, and the latency of frame n is its arrival at the
# receiver minus its leaving the sender. Prints the median, 95th percentile and largest latency,
# over all frames and from frame 100 on (after the hang and the start-up).
# Usage: scripts/srt-latency.sh [--frames N]   (default 200; builds first)
set -euo pipefail
cd "$(dirname "$0")/.."
frames=200
[ "${1:-}" = "--frames" ] && frames="$2"
scripts/build.sh --all >/dev/null
work=$(mktemp -d /tmp/swarmhost-srt-latency.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
secret="latency-probe-secret"
in_port=$((20000 + RANDOM % 20000)); out_port=$((in_port + 1))

stamp() { while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done; }

ffmpeg -nostdin -hide_banner -loglevel info -i "srt://127.0.0.1:${out_port}?mode=listener&passphrase=${secret}" \
  -vf showinfo -f null - 2>&1 | stamp > "$work/received.log" &
cat > "$work/swarm.json" <<EOF
{
  "source": { "uri": "lavfi:testsrc2=size=640x360:rate=20" },
  "profile": { "codec": "h264", "width": 640, "height": 360, "frameRate": "20/1", "gop": 30 },
  "encoders": [
    { "id": "fast", "plugin": "chaos", "options": { "mode": "hang", "frame": 60,
      "inner": { "plugin": "ffmpeg", "options": { "codec": "libx264", "preset": "ultrafast", "bitrate": "1.5M" } } } },
    { "id": "main", "plugin": "ffmpeg", "options": { "codec": "libx264", "preset": "veryfast", "bitrate": "2M" } },
    { "id": "lean", "plugin": "ffmpeg", "options": { "codec": "libx264", "preset": "superfast", "bitrate": "1M" } }
  ],
  "combiner": { "plugin": "switch" },
  "output": { "uri": "srt://127.0.0.1:${out_port}?mode=caller&passphrase=${secret}" }
}
EOF
./swarmhost run "$work/swarm.json" --input "srt://127.0.0.1:${in_port}?mode=listener&passphrase=${secret}" \
  --frames "$frames" --summary "$work/summary.json" --quiet > "$work/run.log" 2>&1 &
swarm=$!
sleep 1 # the swarm starts listening for its input (a caller retries for 3 s)
seconds=$((frames / 20 + 4))
ffmpeg -nostdin -hide_banner -loglevel info -re -f lavfi -i "testsrc2=s=640x360:r=20:d=${seconds}" -vf showinfo \
  -c:v libx264 -preset ultrafast -g 20 -f mpegts "srt://127.0.0.1:${in_port}?mode=caller&passphrase=${secret}" 2>&1 | stamp > "$work/sent.log" &
wait "$swarm" || { cat "$work/run.log"; exit 1; }
sleep 2
grep -E "^(lost frames|handovers|combiner latency|srt )" "$work/run.log"
# frame n: the receiver's showinfo "n: N" against the sender's (the swarm's output frame n is the sender's frame n: it loses none)
awk '
  FNR == NR { if (match($0, / n: *[0-9]+ /)) { n = substr($0, RSTART + 3, RLENGTH - 4) + 0; if (!(n in sent)) sent[n] = $1 } next }
  match($0, / n: *[0-9]+ /) { n = substr($0, RSTART + 3, RLENGTH - 4) + 0; if ((n in sent) && !(n in got)) { got[n] = 1; print n, ($1 - sent[n]) * 1000 } }
' "$work/sent.log" "$work/received.log" > "$work/latency.txt"
report() { # $1: label, stdin: latencies in ms
  sort -n > "$work/sorted.txt"
  local count; count=$(wc -l < "$work/sorted.txt")
  [ "$count" -gt 0 ] || { echo "srt-latency: no frame matched" >&2; exit 1; }
  awk -v n="$count" -v label="$1" '
    { v[NR] = $1 }
    END { printf "SRT in to SRT out, %s (%d frames): median %.0f ms, 95th percentile %.0f ms, largest %.0f ms\n", label, n, v[int((n + 1) / 2)], v[int(n * 0.95 + 0.5)], v[n] }' "$work/sorted.txt"
}
awk '{ print $2 }' "$work/latency.txt" | report "all frames"
awk '$1 >= 100 { print $2 }' "$work/latency.txt" | report "from frame 100"
