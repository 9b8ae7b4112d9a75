#!/usr/bin/env bash
# Prints the content analysis's three tables, each measured now on the clips scripts/fetch-clips.sh
# fetches:
#   1. complexity against encoding cost on the held-out clips (rank correlation; docs/complexity.md);
#   2. content type per class on the held-out real clips, with the confusion matrices
#      (docs/content-type.md; the head is rebuilt into a temporary file, the shipped one is untouched);
#   3. swarmhost compare on scenarios/talking-head-and-animation.json: each policy beside the
#      per-GOP oracle (docs/prediction.md).
# Takes about 5 minutes with the caches in .cache filled, longer on a fresh clone.
# Usage: scripts/content-analysis-tables.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/fetch-clips.sh --quiet
scripts/build.sh --all >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tools="tools/SwarmHost.Tools"
echo "== 1. complexity against encoding cost (held-out clips) =="
dotnet "$tools.ComplexityFit/bin/Release/net10.0/linux-x64/SwarmHost.Tools.ComplexityFit.dll" --check
echo
echo "== 2. content type on held-out real clips =="
dotnet "$tools.ContentTypeTrainer/bin/Release/net10.0/linux-x64/SwarmHost.Tools.ContentTypeTrainer.dll" --out "$work/content-type.onnx"
echo
echo "== 3. compare on scenarios/talking-head-and-animation.json =="
./swarmhost compare scenarios/talking-head-and-animation.json --out "$work/compare"
