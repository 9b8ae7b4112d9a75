#!/usr/bin/env bash
# Checks, with the swarmhost given, that start-up problems are found before anything runs:
#   validate-open-refusals  `validate --open` opens every component and reports each refusal at its JSON path
#                           (unknown preset, unknown codec, a refused codec option, an hevc encoder under an h264
#                           profile with the switch combiner, a missing and an unloadable model file), exit 2
#   validate-open-valid     a 640x360 swarm opens cleanly: exit 0 with a memory estimate below 1 GB
#   validate-memory         an 8192x4320 realtime swarm of 3 encoders is refused on memory with the estimate, exit 2
#   run-memory              `run --realtime` of the same swarm is refused before its first frame, exit 2, no output
#   validate-help           `validate --help` teaches --open and the memory check
# Prints PASS or FAIL per case and exits 1 if any fails.
# Usage: scripts/check-preflight.sh <swarmhost>   e.g. scripts/check-preflight.sh ./swarmhost
set -uo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 <swarmhost>   (the swarmhost executable or launcher to check)" >&2
  exit 2
fi
swarmhost="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d "${TMPDIR:-/tmp}/swarmhost-preflight.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failed=1; }

encoder() { printf '{ "id": "%s", "plugin": "ffmpeg", "options": %s }' "$1" "$2"; }
manifest() { # manifest <file> <width> <height> <analyzers> <realtime true|false> <encoders...>
  local file="$1" width="$2" height="$3" analyzers="$4" realtime="$5"
  shift 5
  local encoders
  encoders="$(IFS=,; echo "$*")"
  cat > "$file" <<JSON
{
  "source": { "uri": "lavfi:testsrc2=size=${width}x${height}:rate=30", "frames": 3, "realtime": $realtime },
  "profile": { "codec": "h264", "width": $width, "height": $height, "frameRate": "30/1", "gop": 30 },
  "analyzers": [ $analyzers ],
  "encoders": [ $encoders ],
  "combiner": { "plugin": "switch" },
  "output": { "uri": "out/program.ts" }
}
JSON
}

# validate-open-refusals
echo "this is not an ONNX model" > "$work/junk.onnx"
manifest "$work/faults.json" 640 360 \
  '{ "plugin": "complexity" }, { "plugin": "onnx-content-type", "options": { "model": "models/missing.onnx" } }, { "id": "junk", "plugin": "onnx-content-type", "options": { "model": "junk.onnx" } }' false \
  "$(encoder good '{ "codec": "libx264", "preset": "ultrafast" }')" \
  "$(encoder warp '{ "codec": "libx264", "preset": "warpspeed" }')" \
  "$(encoder nope '{ "codec": "libnope" }')" \
  "$(encoder picky '{ "codec": "libx264", "preset": "ultrafast", "private": { "no-such-option": "1" } }')" \
  "$(encoder hevc '{ "codec": "libx265", "preset": "ultrafast" }')"
out="$("$swarmhost" validate --open "$work/faults.json" 2>"$work/faults.err")"; code=$?
missing=""
for path in '$.analyzers[1].options.model: file not found' '$.analyzers[2].options.model: ' '$.encoders[1].options.preset: ' \
            '$.encoders[2].options.codec: ' "\$.encoders[3].options.private['no-such-option']: " '$.encoders[4].options.codec: encoder '"'"'hevc'"'"' produces hevc'; do
  grep -qF -- "$path" <<<"$out" || missing="$missing [$path]"
done
if [ "$code" -eq 2 ] && [ -z "$missing" ] && grep -q '6 problem(s)' <<<"$out"; then
  pass validate-open-refusals
else
  fail validate-open-refusals "exit $code, not reported:$missing; output: $(head -c 600 <<<"$out") $(head -c 300 "$work/faults.err")"
fi

# validate-open-valid
manifest "$work/good.json" 640 360 '{ "plugin": "complexity" }, { "plugin": "onnx-content-type" }' false \
  "$(encoder a '{ "codec": "libx264", "preset": "ultrafast" }')" \
  "$(encoder b '{ "codec": "libx264", "preset": "veryfast" }')" \
  "$(encoder c '{ "codec": "libx264", "preset": "superfast" }')"
out="$("$swarmhost" validate --open "$work/good.json" 2>&1)"; code=$?
mb="$(grep -oE 'memory: about [0-9]+ MB' <<<"$out" | grep -oE '[0-9]+')"
if [ "$code" -eq 0 ] && [ -n "$mb" ] && [ "$mb" -lt 1000 ] && grep -q '^opened: ' <<<"$out"; then
  pass "validate-open-valid (memory: about $mb MB)"
else
  fail validate-open-valid "exit $code; output: $(head -c 600 <<<"$out")"
fi

# validate-memory and run-memory: 8192x4320, 3 encoders, live queues
big=("$(encoder e0 '{ "codec": "libx264", "preset": "ultrafast" }')" "$(encoder e1 '{ "codec": "libx264", "preset": "superfast" }')" "$(encoder e2 '{ "codec": "libx264", "preset": "veryfast" }')")
manifest "$work/live.json" 8192 4320 "" true "${big[@]}"
out="$("$swarmhost" validate "$work/live.json" 2>&1)"; code=$?
if [ "$code" -eq 2 ] && grep -qE '^\$\.profile: this swarm needs about [0-9.]+ GB of memory, more than the [0-9.]+ GB it may use' <<<"$out"; then
  pass validate-memory
else
  fail validate-memory "exit $code; output: $(head -c 600 <<<"$out")"
fi

mkdir -p "$work/run" && manifest "$work/run/paced.json" 8192 4320 "" false "${big[@]}"
err="$(timeout -k 10 60 "$swarmhost" run "$work/run/paced.json" --realtime 2>&1 >/dev/null)"; code=$?
if [ "$code" -eq 2 ] && grep -qE '^\$\.profile: this swarm needs about [0-9.]+ GB of memory' <<<"$err" && [ ! -e "$work/run/out/program.ts" ]; then
  pass run-memory
else
  fail run-memory "exit $code (124: still running after 60 s); output exists: $([ -e "$work/run/out/program.ts" ] && echo yes || echo no); stderr: $(head -c 400 <<<"$err")"
fi

# validate-help
out="$("$swarmhost" validate --help 2>&1)"; code=$?
if [ "$code" -eq 0 ] && grep -q -- '--open' <<<"$out" && grep -qi 'memory' <<<"$out"; then
  pass validate-help
else
  fail validate-help "exit $code; --open or the memory check is not described"
fi

exit $failed
