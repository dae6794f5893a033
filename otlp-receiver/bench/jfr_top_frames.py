#!/usr/bin/env python3
"""Top frames of a JFR recording of IngestPathBenchmark (issue 14): the execution samples of the ingest threads
(bench-ingest-*), counted by their top frame (self) and, for the pipeline's stages, anywhere in the stack
(inclusive), as percentages of those samples. JDK 17's `jfr` has no `view`; this reads `jfr print --json`.

Usage: jfr_top_frames.py <recording.jfr> [top=12]
"""
import collections
import json
import subprocess
import sys

STAGES = ("ExportTraceServiceRequest.parseFrom", "SpanMapper.map", "StatisticsAggregator.accept",
          "TraceTable.write", "SpanCodec.encode", "RocksDbStore.write", "MapContributions.statementOf")


def frame(f):
    m = f["method"]
    return m["type"]["name"].split("/")[-1] + "." + m["name"]


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    own, stages, n = collections.Counter(), collections.Counter(), 0
    for e in json.loads(out)["recording"]["events"]:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        frames = (e["values"].get("stackTrace") or {}).get("frames") or []
        if not thread.startswith("bench-ingest-") or not frames:
            continue
        n += 1
        own[frame(frames[0])] += 1
        names = {frame(f) for f in frames}
        for s in STAGES:
            if any(x.endswith(s) for x in names):
                stages[s] += 1
    print(f"{n} samples of the ingest threads")
    print("self:")
    for k, v in own.most_common(top):
        print(f"  {v * 100 / n:5.1f} %  {k}")
    print("inclusive:")
    for s in STAGES:
        print(f"  {stages[s] * 100 / n:5.1f} %  {s}")


if __name__ == "__main__":
    main()
