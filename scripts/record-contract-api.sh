#!/usr/bin/env bash
# Records the contract's current public API into abstractions/SwarmHost.Abstractions/PublicAPI.Unshipped.txt.
# Run it after a deliberate contract change, review the diff, and bump the contract version
# (major for removals or changes, minor for additions). On release, move Unshipped lines to Shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
proj=abstractions/SwarmHost.Abstractions
out=$(dotnet build "$proj" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
new=$(printf '%s\n' "$out" | grep -o "RS0016: Symbol '[^']*'" | sed "s/^RS0016: Symbol '//; s/'$//" | sort -u || true)
removed=$(printf '%s\n' "$out" | grep -o "RS0017: Symbol '[^']*'" | sed "s/^RS0017: Symbol '//; s/'$//" | sort -u || true)
if [ -n "$removed" ]; then
  echo "Removed from the public API (a breaking change: bump the contract major):" >&2
  printf '  %s\n' "$removed" >&2
fi
{ echo "#nullable enable"; { grep -v '^#nullable' "$proj/PublicAPI.Unshipped.txt" || true; printf '%s\n' "$new"; } | grep -v '^$' | sort -u; } > "$proj/PublicAPI.Unshipped.txt.tmp"
mv "$proj/PublicAPI.Unshipped.txt.tmp" "$proj/PublicAPI.Unshipped.txt"
echo "recorded $(printf '%s\n' "$new" | grep -c . || true) new symbol(s) in $proj/PublicAPI.Unshipped.txt"
