#!/usr/bin/env bash
# Fetches the real clips and still pictures the tests, examples and the content-type training tool
# use (once). They come from Debian packages (real footage, not generated):
#   .cache/clips:  python3-imageio: cockatoo.mp4 (1280x720, 20 fps, 14 s), realshort.mp4 (320x240);
#                  node-opencv: motion.mov (568x320, 30 fps), sample.avi (a short MJPEG clip);
#                  opencv-doc: Megamind.avi (animated film, 720x528), vtest.avi (street, 768x576),
#                  tree.avi (outdoor scene).
#   .cache/images: python3-imageio: astronaut.png (a portrait), chelsea.png; opencv-doc's sample
#                  pictures (basketball1.png, messi5.jpg, baboon.jpg, fruits.jpg, ...).
# Usage: scripts/fetch-clips.sh [--quiet]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clips="$root/.cache/clips"
images="$root/.cache/images"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "fetch-clips: $*" >&2; }

wanted_clips=(cockatoo.mp4 realshort.mp4 motion.mov sample.avi Megamind.avi vtest.avi tree.avi)
opencv_images=(basketball1.png basketball2.png messi5.jpg baboon.jpg fruits.jpg building.jpg starry_night.jpg
  home.jpg board.jpg aero1.jpg graf1.png leuvenA.jpg aloeL.jpg butterfly.jpg orange.jpg apple.jpg
  squirrel_cls.jpg pic2.png HappyFish.jpg rubberwhale1.png smarties.png lena.jpg)
wanted_images=(astronaut.png chelsea.png basketball1.png messi5.jpg baboon.jpg starry_night.jpg)
have_all=true
for clip in "${wanted_clips[@]}"; do [ -s "$clips/$clip" ] || have_all=false; done
for image in "${wanted_images[@]}"; do [ -s "$images/$image" ] || have_all=false; done
if $have_all; then say "ok ($clips, $images)"; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"   # apt-get download drops privileges to _apt where it can
mkdir -p "$clips" "$images" "$work/x"
cd "$work"
packages=(python3-imageio node-opencv opencv-doc)
say "downloading ${packages[*]} (Debian packages holding real clips and pictures)"
if ! apt-get download "${packages[@]}" >/dev/null 2>"$work/apt.log"; then
  apt-get update -qq && apt-get download "${packages[@]}" >/dev/null 2>"$work/apt.log" \
    || { cat "$work/apt.log" >&2; echo "fetch-clips: could not download the clip packages" >&2; exit 1; }
fi
# Only the files needed are unpacked (opencv-doc is mostly HTML).
for deb in *.deb; do
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" --wildcards \
    './usr/lib/python3/dist-packages/imageio/resources/images/*' \
    './usr/share/doc/node-opencv/examples/*' \
    './usr/share/doc/opencv-doc/examples/data/*' 2>/dev/null || true
done
imageio="$work/x/usr/lib/python3/dist-packages/imageio/resources/images"
opencv="$work/x/usr/share/doc/opencv-doc/examples/data"
cp "$imageio/cockatoo.mp4" "$imageio/realshort.mp4" "$clips/"
cp "$work"/x/usr/share/doc/node-opencv/examples/files/motion.mov "$clips/"
cp "$(ls "$work"/x/usr/share/doc/node-opencv/examples/output-1*.avi | head -1)" "$clips/sample.avi"
cp "$opencv/Megamind.avi" "$opencv/vtest.avi" "$opencv/tree.avi" "$clips/"
cp "$imageio/astronaut.png" "$imageio/chelsea.png" "$images/"
for image in "${opencv_images[@]}"; do [ -f "$opencv/$image" ] && cp "$opencv/$image" "$images/"; done
say "ok ($clips, $images)"
