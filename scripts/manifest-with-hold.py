#!/usr/bin/env python3
"""Writes <stem>.json: the manifest at <path> with the switch combiner's "hold" set to <hold>, its
source made absolute, and its output, summary and events at <stem>.ts, <stem>-summary.json and
<stem>-events.jsonl (no report). Used by switch-latency.sh and policy-under-load.sh.
Usage: scripts/manifest-with-hold.py <path> <hold> <stem>"""
import json
import os
import sys

path, hold, stem = sys.argv[1:4]
m = json.load(open(path))
m.setdefault("combiner", {"plugin": "switch"}).setdefault("options", {})["hold"] = hold
uri = m["source"]["uri"]
if not uri.startswith("lavfi:") and "://" not in uri and not os.path.isabs(uri):
    m["source"]["uri"] = os.path.join(os.path.dirname(path), uri)
m["output"] = {"uri": stem + ".ts"}
m["summary"] = stem + "-summary.json"
m["events"] = stem + "-events.jsonl"
m.pop("report", None)
json.dump(m, open(stem + ".json", "w"))
