#!/usr/bin/env bash
# Fetches the small real clips the tests and examples use into .cache/clips (once).
# They come from Debian packages (real footage, not generated): python3-imageio ships
# cockatoo.mp4 (1280x720, 20 fps, 14 s) and realshort.mp4 (320x240); node-opencv ships
# motion.mov (568x320, 30 fps) and a short MJPEG .avi.
# Usage: scripts/fetch-clips.sh [--quiet]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clips="$root/.cache/clips"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "fetch-clips: $*" >&2; }

wanted=(cockatoo.mp4 realshort.mp4 motion.mov sample.avi)
have_all=true
for clip in "${wanted[@]}"; do [ -s "$clips/$clip" ] || have_all=false; done
if $have_all; then say "ok ($clips)"; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"   # apt-get download drops privileges to _apt where it can
mkdir -p "$clips"
cd "$work"
say "downloading python3-imageio and node-opencv (Debian packages holding real clips)"
if ! apt-get download python3-imageio node-opencv >/dev/null 2>"$work/apt.log"; then
  apt-get update -qq && apt-get download python3-imageio node-opencv >/dev/null 2>"$work/apt.log" \
    || { cat "$work/apt.log" >&2; echo "fetch-clips: could not download the clip packages" >&2; exit 1; }
fi
for deb in *.deb; do dpkg-deb -x "$deb" "$work/x"; done
cp "$work"/x/usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4 "$clips/"
cp "$work"/x/usr/lib/python3/dist-packages/imageio/resources/images/realshort.mp4 "$clips/"
cp "$work"/x/usr/share/doc/node-opencv/examples/files/motion.mov "$clips/"
cp "$(ls "$work"/x/usr/share/doc/node-opencv/examples/output-1*.avi | head -1)" "$clips/sample.avi"
say "ok ($clips)"
