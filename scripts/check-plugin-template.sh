#!/usr/bin/env bash
# Checks the encoder plugin template end to end, the way a vendor outside this repository uses it:
# packs the SDK feed (scripts/pack-sdk.sh), installs its template pack (plugin-template/ packaged)
# into a private template hive,
# runs `dotnet new swarmhost-encoder -n Acme.Encoder` into a temporary folder outside the
# repository, builds it against the feed, checks that `swarmhost plugins` lists its component as
# Active and `swarmhost inspect acme-encoder` shows its options, and runs its tests (a
# three-encoder swarm through the real host that forces a handover to it).
# Needs the built host and SDK projects: run scripts/build.sh --all first (test.sh does both).
# Nothing outside the temporary folder changes (templates, NuGet cache); it is removed on success
# and kept, with every step's log, on failure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
host="$repo/artifacts/swarmhost"
feed="$repo/artifacts/feed"

say() { echo "check-plugin-template: [$SECONDS s] $*" >&2; }
fail() { # fail <message> [log]: says what went wrong, shows the log's end, keeps the folder
  echo "check-plugin-template: FAILED: $1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    echo "--- last lines of $2:" >&2
    tail -n 80 "$2" >&2
  fi
  echo "check-plugin-template: the generated project and every step's log are in $work" >&2
  exit 1
}

if [ ! -f "$host/swarmhost.dll" ] || [ ! -d "$repo/sdk/SwarmHost.Testing/bin/Release" ]; then
  echo "check-plugin-template: the host or the SDK projects are not built; run scripts/build.sh --all first (test.sh does)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/swarmhost-plugin-template.XXXXXX")"
trap 'if [ $? -eq 0 ]; then rm -rf "$work"; fi' EXIT
case "$work" in
  "$repo"/*) fail "the temporary folder $work is inside the repository, whose Directory.Build.props would leak into the generated project; point TMPDIR elsewhere" ;;
esac
# The SDK packages keep their version from build to build: restore into a private folder so a copy
# of an earlier build in the machine's NuGet cache can never stand in for this one.
export NUGET_PACKAGES="$work/nuget-packages"

say "packing the SDK feed into $feed"
"$repo/scripts/pack-sdk.sh" --no-build > "$work/pack.log" 2>&1 || fail "scripts/pack-sdk.sh failed" "$work/pack.log"
versions="$repo/plugin-template/Directory.Packages.props"
while read -r id version; do
  [ -f "$feed/$id.$version.nupkg" ] ||
    fail "$versions asks for $id $version, but the feed has $(cd "$feed" && ls "$id".[0-9]*.nupkg 2>/dev/null | tr '\n' ' '); make the template's version match the package's"
done < <(sed -n 's/.*PackageVersion Include="\(SwarmHost\.[^"]*\)" Version="\([^"]*\)".*/\1 \2/p' "$versions")

templates="$(ls "$feed"/SwarmHost.Templates.*.nupkg 2>/dev/null | head -n 1)"
[ -n "$templates" ] || fail "scripts/pack-sdk.sh put no SwarmHost.Templates package into $feed" "$work/pack.log"
say "installing the template pack $(basename "$templates") into a private template hive"
hive="$work/template-hive"
dotnet new install "$templates" --debug:custom-hive "$hive" > "$work/install.log" 2>&1 ||
  fail "dotnet new install $templates failed" "$work/install.log"

say "dotnet new swarmhost-encoder -n Acme.Encoder"
project="$work/Acme.Encoder"
dotnet new swarmhost-encoder -n Acme.Encoder -o "$project" --feed "$feed" --debug:custom-hive "$hive" > "$work/new.log" 2>&1 ||
  fail "dotnet new swarmhost-encoder failed" "$work/new.log"
factory="$project/src/Acme.Encoder/AcmeEncoderFactory.cs"
[ -f "$factory" ] || fail "the template made no src/Acme.Encoder/AcmeEncoderFactory.cs (sourceName or fileRename broken)"
grep -q '"acme-encoder"' "$factory" || fail "$factory does not declare the component id acme-encoder (the derived component id is broken)"
grep -q "value=\"$feed\"" "$project/nuget.config" || fail "the generated nuget.config does not point at --feed $feed"

say "building the generated solution"
(cd "$project" && dotnet build -c Release -nologo -v:q) > "$work/build.log" 2>&1 ||
  fail "the generated project does not build against the feed" "$work/build.log"
plugins="$project/artifacts/plugins"
[ -f "$plugins/Acme.Encoder/Acme.Encoder.dll" ] || fail "the build put no Acme.Encoder/Acme.Encoder.dll into the plugin root $plugins"
for shared in SwarmHost.Abstractions.dll Microsoft.Extensions.Logging.Abstractions.dll; do
  [ ! -e "$plugins/Acme.Encoder/$shared" ] || fail "the package folder ships $shared, which the host shares; the template must keep it out"
done

say "swarmhost plugins --plugins $host/plugins --plugins $plugins"
dotnet "$host/swarmhost.dll" plugins --plugins "$host/plugins" --plugins "$plugins" > "$work/plugins.txt" 2>&1 ||
  fail "swarmhost plugins failed" "$work/plugins.txt"
grep -E '^Active +encoder +acme-encoder +Acme\.Encoder ' "$work/plugins.txt" >&2 ||
  fail "swarmhost plugins does not list acme-encoder of package Acme.Encoder as an Active encoder" "$work/plugins.txt"

say "swarmhost inspect acme-encoder"
dotnet "$host/swarmhost.dll" inspect acme-encoder --plugins "$host/plugins" --plugins "$plugins" > "$work/inspect.txt" 2>&1 ||
  fail "swarmhost inspect acme-encoder failed" "$work/inspect.txt"
for option in preset crf; do
  grep -qE "^ +$option +:" "$work/inspect.txt" || fail "swarmhost inspect acme-encoder shows no option '$option'" "$work/inspect.txt"
done

say "running the generated tests (a three-encoder swarm with a forced handover to acme-encoder)"
(cd "$project" && SWARMHOST_HOME="$host" dotnet test -c Release --no-build -nologo --logger "console;verbosity=normal") > "$work/test.log" 2>&1 ||
  fail "the generated tests failed" "$work/test.log"
grep -E '^ +(Passed|Failed|Skipped) ' "$work/test.log" >&2 || true
say "passed"
