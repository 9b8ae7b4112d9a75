#!/usr/bin/env bash
# Prints how long each test class took, from a TRX results file written by `dotnet test --logger trx`:
# per class the number of tests, failures and the summed test time, longest first, then the total.
# Classes run in parallel (two at a time), so the sum is test time, not wall time.
# Usage: scripts/test-times.sh <results.trx>
set -euo pipefail
trx="${1:?usage: scripts/test-times.sh <results.trx>}"
[ -f "$trx" ] || { echo "test-times: no results file at $trx" >&2; exit 2; }
table="$(tr '\n' ' ' < "$trx" | sed 's/<UnitTestResult /\n<UnitTestResult /g' | awk '
  function attr(name,   value) {
    if (!match($0, name "=\"[^\"]*\"")) return ""
    value = substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
    return value
  }
  /^<UnitTestResult / {
    test = attr("testName"); sub(/\(.*/, "", test)
    n = split(test, parts, "."); class = parts[n - 1]
    split(attr("duration"), t, ":")
    seconds = t[1] * 3600 + t[2] * 60 + t[3]
    time[class] += seconds; count[class]++; total += seconds
    if (attr("outcome") != "Passed") failed[class]++
  }
  END {
    for (c in time) printf "%8.1f s  %4d tests  %3d failed  %s\n", time[c], count[c], failed[c] + 0, c
    printf "%8.1f s  total test time\n", total
  }')"
grep -v ' total test time$' <<< "$table" | sort -rn
grep ' total test time$' <<< "$table"
