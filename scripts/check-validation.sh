#!/usr/bin/env bash
# Checks, case by case, that validation refuses what the run would refuse and that no code or file
# comes from a manifest or an input by default; prints PASS or FAIL per case and exits 1 if any fails.
# Usage: scripts/check-validation.sh <swarmhost>   (the launcher of the build to check, e.g. ./swarmhost)
# Needs ffmpeg (for the playlist case) and coreutils' timeout and mkfifo. Works in a temporary folder.
set -uo pipefail
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 <swarmhost>   (an executable swarmhost launcher)" >&2
  exit 2
fi
swarmhost="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
plugins="$(dirname "$(readlink -f "$swarmhost")")/artifacts/swarmhost/plugins"
work="$(mktemp -d "${TMPDIR:-/tmp}/check-validation.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=0

# A valid manifest; CODEC_LINE, PLUGINS_LINE and SOURCE are placeholders the cases replace.
manifest() { # manifest <file> [sed expressions...]
  local file="$1"; shift
  cat >"$file" <<'JSON'
{
  PLUGINS_LINE
  "source": { "uri": "SOURCE", "frames": 30 },
  "profile": { "codec": "h264", "width": 320, "height": 240, "frameRate": "30/1", "gop": 30 },
  "encoders": [
    { "id": "a", "plugin": "ffmpeg", "options": { "codec": "libx264", "preset": "ultrafast", "bitrate": 500000 } },
    { "id": "b", "plugin": "ffmpeg", "options": { "codec": "libx264", "preset": "veryfast", "bitrate": 500000 } },
    { "id": "c", "plugin": "ffmpeg", "options": { "codec": "libx264", "preset": "superfast", "bitrate": 500000 } }
  ],
  "output": { "uri": "out/program.ts" }
}
JSON
  sed -i -e 's|PLUGINS_LINE||' -e 's|SOURCE|lavfi:testsrc2=size=320x240:rate=30|' "$file"
  for expression in "$@"; do sed -i -e "$expression" "$file"; done
}

# check <name> <expected exit> <text the output must contain, or -> <seconds> <swarmhost arguments...>
check() {
  local name="$1" want="$2" text="$3" seconds="$4"; shift 4
  local out="$work/out.txt" code
  (cd "$work" && timeout -k 5 "$seconds" "$swarmhost" "$@") >"$out" 2>&1 </dev/null
  code=$?
  if [ "$code" -eq "$want" ] && { [ "$text" = "-" ] || grep -qF -- "$text" "$out"; } && ! grep -qF " 0 problem(s)" "$out"; then
    echo "PASS  $name"
  else
    echo "FAIL  $name (exit $code$([ "$code" -eq 124 ] && echo ": timed out after $seconds s"); wanted $want$([ "$text" != "-" ] && echo " and '$text'"))"
    sed -e 's/^/      /' "$out" | head -n 6
    failed=1
  fi
}

m="$work/m.json"
manifest "$work/valid.json"
check "valid manifest validates" 0 "valid" 60 validate "$work/valid.json"

manifest "$m.dup" 's|"gop": 30|"gop": 30, "gop": 0|'
check "duplicate key is a located problem" 2 "\$.profile.gop: duplicate key 'gop'" 60 validate "$m.dup"

manifest "$m.rate" 's|"30/1"|"1000000000/1"|'
check "huge frame rate is a located problem" 2 "\$.profile.frameRate" 60 validate "$m.rate"

manifest "$m.area" 's|"width": 320, "height": 240|"width": 8192, "height": 8192|'
check "picture over 8192x4320 in area is a located problem" 2 "\$.profile: a 8192x8192 picture" 60 validate "$m.area"

manifest "$m.type" 's|"width": 320|"width": "640"|'
check "wrong type is a located problem" 2 "\$.profile.width" 60 validate "$m.type"

echo "null" >"$m.null"
check "top-level null is a located problem" 2 "\$: the manifest must be a JSON object" 60 validate "$m.null"

manifest "$m.nul" 's|out/program.ts|out/pro\\u0000gram.ts|'
check "NUL in a path is a located problem" 2 "\$.output.uri" 60 validate "$m.nul"

check "/dev/zero is refused without reading it" 2 "is a device" 30 validate /dev/zero
mkfifo "$work/fifo.json"
check "a FIFO is refused without opening it" 2 "named pipe (FIFO)" 30 validate "$work/fifo.json"
mkdir -p "$work/folder.json"
check "a folder is refused" 2 "is a folder" 30 validate "$work/folder.json"
{ head -c -2 "$work/valid.json"; head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' ' '; echo "}"; } >"$m.big"
check "a 2 MiB manifest is refused" 2 "1 MiB" 30 validate "$m.big"

check "run --frames 0 is bad usage" 2 "--frames must be at least 1" 60 run "$work/valid.json" --frames 0 --quiet
check "demo --frames -5 is bad usage" 2 "--frames must be at least 1" 30 demo --out "$work/demo" --frames -5 --quiet
check "analyze --frames 0 is bad usage" 2 "--frames must be at least 1" 30 analyze "lavfi:testsrc2=size=64x64:rate=10" --frames 0
check "encode -n -5 is bad usage" 2 "--frames must be at least 1" 30 encode -i "lavfi:testsrc2=size=64x64:rate=10" -o "$work/x.ts" -n -5

manifest "$m.ladspa" 's|rate=30"|rate=30,ladspa=file=/tmp/evil.so"|'
check "validate refuses a lavfi graph with ladspa" 2 "--allow-filter ladspa" 60 validate "$m.ladspa"
check "run --input refuses a lavfi graph with movie" 2 "'movie'" 60 run "$work/valid.json" --input "lavfi:movie=/etc/passwd" --quiet
check "analyze refuses a lavfi graph with frei0r" 2 "'frei0r'" 60 analyze "lavfi:testsrc2,frei0r=filter_name=distort0r" --frames 2
manifest "$m.drawtext" 's|rate=30"|rate=30,drawtext=text=hello"|'
check "--allow-filter lets a graph use that filter" 0 "valid" 60 validate "$m.drawtext" --allow-filter drawtext

ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=64x64:rate=10 -frames:v 10 -c:v libx264 -preset ultrafast -f mpegts "$work/segment.ts"
printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:1.0,\ndata:video/mp2t;base64,%s\n#EXT-X-ENDLIST\n' \
  "$(base64 -w0 "$work/segment.ts")" >"$work/remote.m3u8"
check "a playlist file cannot pull in another protocol" 2 "remote.m3u8" 60 analyze "$work/remote.m3u8" --frames 5

mkdir -p "$work/elsewhere" "$work/here"
manifest "$work/here/m.json" "s|^  *\$||" "2i\\  \"plugins\": [\"$work/elsewhere\"],"
check "a manifest alone cannot name a plugin root outside its folder" 2 "--allow-plugin-root" 60 validate "$work/here/m.json"

mkdir -p "$work/twins"
cp -r "$plugins/SwarmHost.Clocks.System" "$work/twins/"
mkdir -p "$work/twins/Aaa.Clocks.System"
for f in "$plugins/SwarmHost.Clocks.System"/*; do
  b="$(basename "$f")"; cp "$f" "$work/twins/Aaa.Clocks.System/${b/SwarmHost.Clocks.System/Aaa.Clocks.System}"
done
check "two packages claiming one id: both reported, naming both folders" 0 "claimed by 2 packages: $work/twins/Aaa.Clocks.System and $work/twins/SwarmHost.Clocks.System" 60 plugins --plugins "$work/twins"

if [ "$failed" -ne 0 ]; then
  echo "check-validation: some cases FAILED" >&2
  exit 1
fi
echo "check-validation: all cases passed"
