#!/usr/bin/env bash
# Checks that a swarmhost tells the truth about its runs: counters that match the output,
# exit codes that say whether the output is complete, damaged input decoded on, hung calls counted.
# Usage: scripts/check-honesty.sh <swarmhost>     e.g. scripts/check-honesty.sh ./swarmhost
# Prints PASS/FAIL (or SKIP) per case; exits 1 if any case fails. Needs ffmpeg, ffprobe, python3
# and the clips in .cache/clips (scripts/fetch-clips.sh); the full-disk case needs root (tmpfs).
set -uo pipefail
swarmhost="$(readlink -f "${1:?usage: $0 <swarmhost>}")"
here="$(cd "$(dirname "$0")/.." && pwd)"
clip="$here/.cache/clips/cockatoo.mp4"
[ -f "$clip" ] || { echo "missing $clip: run scripts/fetch-clips.sh" >&2; exit 2; }
work="$(mktemp -d /tmp/check-honesty.XXXXXX)"
hogs=()
disk=""
cleanup() {
  for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null; done
  [ -n "$disk" ] && umount -l "$disk" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
limit=300   # seconds a run may take before it counts as a hang
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failed=1; }

# manifest <folder> <input> [python edits of m]: three libx264 encoders at 640x360, switching combiner
manifest() {
  mkdir -p "$1"
  python3 - "$1" "$2" "${3:-}" <<'PY'
import json, sys
folder, uri, edit = sys.argv[1], sys.argv[2], sys.argv[3]
def enc(i, p, b): return {"id": i, "plugin": "ffmpeg", "options": {"codec": "libx264", "preset": p, "bitrate": b}}
m = {"source": {"uri": uri}, "profile": {"codec": "h264", "width": 640, "height": 360, "frameRate": "20/1", "gop": 30},
     "encoders": [enc("fast", "ultrafast", "1.5M"), enc("main", "veryfast", "2M"), enc("lean", "superfast", "1M")],
     "combiner": {"plugin": "switch"}, "output": {"uri": "program.ts"}}
def chaos(i, mode, frame):
    inner = {k: v for k, v in m["encoders"][i].items() if k != "id"}
    m["encoders"][i] = {"id": m["encoders"][i]["id"], "plugin": "chaos", "options": {"mode": mode, "frame": frame, "inner": inner}}
exec(edit)
json.dump(m, open(folder + "/swarm.json", "w"), indent=1)
PY
}
# run <folder> [args...]: runs the swarm; sets code, leaves summary.json, events.jsonl, out.txt, err.txt
run() {
  local folder="$1"; shift
  timeout -k 10 "$limit" "$swarmhost" run "$folder/swarm.json" --summary "$folder/summary.json" --events "$folder/events.jsonl" "$@" >"$folder/out.txt" 2>"$folder/err.txt"
  code=$?
}
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], 'absent'))" "$1/summary.json" "$2" 2>/dev/null || echo absent; }
num() { [[ "$1" =~ ^[0-9]+$ ]] && echo "$1" || echo -1; }
count() { ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$1" 2>/dev/null | head -1; }
cli_frames() { ffmpeg -nostdin -v error -i "$1" -progress pipe:1 -f null - 2>/dev/null | sed -n 's/^frame=//p' | tail -1; }

# audit <case> <folder> <frames> [paced]: nothing inserted, framesIn == frames, framesOut == ffprobe's count == framesIn - lost + inserted,
# exit 0 exactly when nothing was lost; as fast as possible (no deadlines) nothing may be lost
audit() {
  local name="$1" folder="$2" frames="$3" paced="${4:-}"
  local in out lost ins probe want
  in=$(field "$folder" framesIn); out=$(field "$folder" framesOut); lost=$(field "$folder" lostFrames); ins=$(field "$folder" insertedFrames)
  probe=$(count "$folder/program.ts")
  want=0; [ -n "$paced" ] && [ "$lost" != 0 ] && want=1
  if [ "$code" = "$want" ] && [ "$in" = "$frames" ] && [ "$ins" = 0 ] && { [ -n "$paced" ] || [ "$lost" = 0 ]; } && [ "$out" = "$probe" ] && [ "$out" = "$((in - lost + ins))" ]; then
    pass "$name (in $in, out $out, ffprobe $probe, inserted $ins, lost $lost)"
  else
    fail "$name" "exit $code, in $in (want $frames), out $out, ffprobe $probe, inserted $ins (want 0), lost $lost"
  fi
}

echo "checking $swarmhost (work in $work)"
# 1. a lavfi and a file input beside two CPU hogs are read, never stall-filled
for i in 1 2; do yes >/dev/null & hogs+=($!); done
manifest "$work/lavfi" "lavfi:testsrc2=size=640x360:rate=20"
run "$work/lavfi" --frames 600
audit "lavfi input beside two CPU hogs" "$work/lavfi" 600
manifest "$work/paced" "lavfi:testsrc2=size=640x360:rate=20"
run "$work/paced" --frames 400 --realtime
audit "lavfi input paced with --realtime beside two CPU hogs" "$work/paced" 400 paced
manifest "$work/file" "$clip"
run "$work/file" --frames 200
audit "file input beside two CPU hogs" "$work/file" 200
for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null; done
hogs=()

# 2. a run that loses frames exits 1 (every encoder throws at frame 75; they rejoin too late for some slots)
manifest "$work/loss" "$clip" 'for i in range(3): chaos(i, "throw", 75)'
run "$work/loss" --frames 150
lost=$(field "$work/loss" lostFrames)
if [ "$(num "$lost")" -gt 0 ] && [ "$code" = 1 ]; then pass "a run that lost $lost frames exits 1"
else fail "a run that loses frames exits 1" "exit $code with $lost frames lost"; fi

# 3. encoders that cannot open stop the run before the first frame: exit 2, every one named by its JSON path
manifest "$work/open" "lavfi:testsrc2=size=640x360:rate=20" 'm["encoders"][1]["options"]["preset"] = "no-such-preset"; m["encoders"][2]["options"]["private"] = {"no-such-option": "1"}'
run "$work/open" --frames 40
if [ "$code" = 2 ] && grep -q '\$\.encoders\[1\]' "$work/open/err.txt" && grep -q '\$\.encoders\[2\]' "$work/open/err.txt"; then pass "encoders that cannot open: exit 2 naming \$.encoders[1] and \$.encoders[2]"
else fail "encoders that cannot open" "exit $code; $(grep -m1 error "$work/open/err.txt")"; fi

# 4. a damaged mp4 (one bit in a thousand flipped, seeded) is decoded on as far as the ffmpeg CLI gets, damaged packets counted
mkdir -p "$work/damaged"
python3 - "$clip" "$work/damaged/damaged.mp4" <<'PY'
import random, sys
d = bytearray(open(sys.argv[1], "rb").read()); r = random.Random(16)
for _ in range(len(d) // 1000):
    k = r.randrange(len(d)); d[k] ^= 1 << r.randrange(8)
open(sys.argv[2], "wb").write(d)
PY
cli=$(cli_frames "$work/damaged/damaged.mp4")
manifest "$work/damaged" "$work/damaged/damaged.mp4"
limit=180; run "$work/damaged"; limit=300
in=$(field "$work/damaged" framesIn); damaged=$(field "$work/damaged" damagedPackets)
if [ "$code" = 0 ] && [ "$(num "$in")" -ge "${cli:-1000000}" ] && [ "$(num "$damaged")" -gt 0 ]; then pass "damaged mp4 decoded on: $in frames (ffmpeg CLI $cli), $damaged damaged packets"
else fail "damaged mp4 decoded on" "exit $code$([ "$code" = 124 ] || [ "$code" = 137 ] && echo " (killed: no end within 180 s)"), $in frames (ffmpeg CLI $cli), damagedPackets $damaged"; fi

# 5. source.duration limits the run by source time (2.5 s at 20 fps = 50 frames; source.frames 200 caps a build that ignores it)
manifest "$work/duration" "lavfi:testsrc2=size=640x360:rate=20" 'm["source"]["duration"] = 2.5; m["source"]["frames"] = 200'
run "$work/duration"
in=$(field "$work/duration" framesIn)
if [ "$code" = 0 ] && [ "$in" = 50 ] && [ "$(count "$work/duration/program.ts")" = 50 ]; then pass "source.duration 2.5 s gives 50 frames"
else fail "source.duration limits the run" "exit $code, $in frames in (want 50)"; fi

# 6. a full disk mid-run exits 1 and the output written so far stays readable
if [ "$(id -u)" = 0 ]; then
  manifest "$work/disk" "$clip"
  disk="$work/disk/full"; mkdir -p "$disk"
  mount -t tmpfs -o size=200k tmpfs "$disk"
  run "$work/disk" --output "$disk/program.ts"
  written=$(count "$disk/program.ts")
  if [ "$code" = 1 ] && [ "$(num "$written")" -gt 0 ] && grep -q "output failed" "$work/disk/err.txt"; then pass "full disk: exit 1, $written frames readable in the output"
  else fail "full disk mid-run exits 1" "exit $code, $written frames readable; $(grep -m1 error "$work/disk/err.txt")"; fi
  umount -l "$disk"; disk=""
else
  echo "SKIP full disk mid-run (needs root for a small tmpfs)"
fi

# 7. a hung encoder call is counted as an abandoned thread, with one hang limit in the summary line
manifest "$work/hang" "$clip" 'chaos(0, "hang", 50)'
run "$work/hang" --frames 120
abandoned=$(field "$work/hang" abandonedThreads)
if [ "$code" = 0 ] && [ "$abandoned" = 1 ] && ! grep -q NaN "$work/hang/out.txt"; then pass "hung call counted: abandonedThreads 1, no NaN in the summary"
else fail "hung call counted" "exit $code, abandonedThreads $abandoned$(grep -q NaN "$work/hang/out.txt" && echo ', NaN printed')"; fi

exit $failed
