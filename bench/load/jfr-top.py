#!/usr/bin/env python3
"""Where psip's CPU goes under load, from a JFR recording of bench/load.sh --jfr (psip-profile.jfc, 2 ms sampling).

Usage: jfr-top.py RECORDING.jfr [FROM_S [TO_S]] [--top N]
  FROM_S/TO_S: seconds since the recording started (the load step's window; default: all)
Prints Java execution samples per thread, then for the busiest thread (the SIP event loop) and for all threads:
the top frames by self samples, and psip/Vert.x/Netty/JDK methods by inclusive samples. Needs the JDK's `jfr` tool.
"""
import collections
import datetime
import json
import subprocess
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    if "--top" in sys.argv:
        args.remove(str(top))
    path = args[0]
    lo = float(args[1]) if len(args) > 1 else 0.0
    hi = float(args[2]) if len(args) > 2 else 1e9
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    t = lambda e: datetime.datetime.fromisoformat(e["values"]["startTime"][:26].rstrip("Z"))
    t0 = min(t(e) for e in events)
    events = [e for e in events if lo <= (t(e) - t0).total_seconds() <= hi]
    by_thread = collections.Counter(e["values"]["sampledThread"]["javaName"] for e in events)
    print(f"{len(events)} samples between {lo:.0f} s and {min(hi, 1e6):.0f} s; per thread:")
    for name, n in by_thread.most_common(8):
        print(f"  {n:6d} {100.0 * n / len(events):5.1f}%  {name}")
    busiest = by_thread.most_common(1)[0][0]
    for label, sel in ((f"thread {busiest}", lambda e: e["values"]["sampledThread"]["javaName"] == busiest),
                       ("all threads", lambda e: True)):
        evs = [e for e in events if sel(e)]
        self_c, incl = collections.Counter(), collections.Counter()
        for e in evs:
            frames = [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}"
                      for f in (e["values"].get("stackTrace") or {}).get("frames", [])]
            if not frames:
                continue
            self_c[frames[0]] += 1
            for k in set(frames):
                incl[k] += 1
        n = max(1, len(evs))
        print(f"\n== {label}: {len(evs)} samples; self")
        for k, c in self_c.most_common(top):
            print(f"  {100.0 * c / n:5.1f}%  {k}")
        print(f"== {label}: inclusive (io.psip.*)")
        for k, c in [kc for kc in incl.most_common() if kc[0].startswith("io.psip.")][:top]:
            print(f"  {100.0 * c / n:5.1f}%  {k}")


if __name__ == "__main__":
    main()
