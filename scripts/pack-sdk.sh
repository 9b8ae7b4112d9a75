#!/usr/bin/env bash
# Packs what an encoder vendor builds against into a local NuGet feed, artifacts/feed/: the plugin
# contract (SwarmHost.Abstractions, versioned as the contract), the media library (SwarmHost.Media)
# and the test harness (SwarmHost.Testing), plus the dotnet new template pack (SwarmHost.Templates,
# plugin-template/ packaged). The plugin template's nuget.config points at it.
# Usage: scripts/pack-sdk.sh [--no-build]   --no-build packs what scripts/build.sh --all built.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

feed=artifacts/feed
rm -rf "$feed"
mkdir -p "$feed"
for project in abstractions/SwarmHost.Abstractions sdk/SwarmHost.Media sdk/SwarmHost.Testing; do
  dotnet pack "$project" -c Release -nologo -v:q -o "$feed" "$@"
done
# the template pack has no code: it is always packed straight from plugin-template/
dotnet pack sdk/SwarmHost.Templates -c Release -nologo -v:q -o "$feed"
ls "$feed"
