#!/usr/bin/env bash
# Prints how long each test class took, from a TRX results file written by `dotnet test --logger trx`:
# per class the number of tests, failures and the summed test time, longest first, then the total;
# then each failed test with the first lines of its message, so that a long log ends with them.
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
# Failed tests last, so that they are in the tail of a long log: name and the first lines of the message.
tr '\n' '\r' < "$trx" | sed 's/<UnitTestResult /\n<UnitTestResult /g' | awk '
  function unescape(text) {
    gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&quot;/, "\"", text)
    gsub(/&apos;/, "'"'"'", text); gsub(/&amp;/, "\\&", text)
    return text
  }
  /^<UnitTestResult / {
    end = index($0, "</UnitTestResult>"); record = end ? substr($0, 1, end) : $0
    opening = substr(record, 1, index(record, ">"))
    if (opening !~ /outcome="Failed"/) next
    name = opening; sub(/.*testName="/, "", name); sub(/".*/, "", name)
    message = ""
    if (match(record, /<Message>[^<]*<\/Message>/)) message = substr(record, RSTART + 9, RLENGTH - 19)
    n = split(unescape(message), lines, "\r")
    printf "FAILED  %s\n", unescape(name)
    for (i = 1; i <= n && i <= 12; i++) printf "        %s\n", lines[i]
  }'
