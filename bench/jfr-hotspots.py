#!/usr/bin/env python3
"""Top methods of a JFR recording: CPU samples (self and inclusive) and allocation samples (by allocating frame).

Usage (record from JVM start, so that starting JFR does not deoptimise the warmed-up code, then skip the warm-up):
  SKIP_BUILD=1 JMH_OPTS='-f 1 -wi 5 -w 3s -i 10 -r 3s -tu us -bm avgt' bench/jmh.sh 'ParserBenchmark.invite_psip' \
      -jvmArgsAppend '-XX:StartFlightRecording=settings=profile,filename=/tmp/invite.jfr'
  python3 bench/jfr-hotspots.py /tmp/invite.jfr [N] [filter] [skip_seconds]

Only stacks that contain a frame matching `filter` (default: 'io.psip.bench.') are counted, so JMH's own
threads and the JIT do not dilute the shares; samples in the first `skip_seconds` (default 20: the warm-up above
plus JVM start) are dropped. Needs the `jfr` tool of the JDK on PATH. For finer sampling than the 10-20 ms of the
`profile` settings, copy $JAVA_HOME/lib/jfr/profile.jfc and set jdk.ExecutionSample's period to 1 ms.
"""
import collections
import datetime
import json
import subprocess
import sys


def frames(event, lines=False):
    st = event["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        cls = m["type"]["name"].replace("/", ".")
        out.append(f"{cls}.{m['name']}" + (f":{f.get('lineNumber')} ({f.get('type')})" if lines else ""))
    return out  # top frame first


def when(event):
    return datetime.datetime.fromisoformat(event["values"]["startTime"][:26].rstrip("Z"))


def load(path, event_type, skip):
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event_type, path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    if not events or skip <= 0:
        return events
    t0 = min(when(e) for e in events)
    return [e for e in events if (when(e) - t0).total_seconds() >= skip]


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    flt = sys.argv[3] if len(sys.argv) > 3 else "io.psip.bench."
    skip = float(sys.argv[4]) if len(sys.argv) > 4 else 20.0

    events = load(path, "jdk.ExecutionSample", skip)
    events = [e for e in events if any(flt in f for f in frames(e))]
    samples = [frames(e) for e in events]
    top_lines = collections.Counter(frames(e, lines=True)[0] for e in events if frames(e))
    total = len(samples)
    self_c = collections.Counter(s[0] for s in samples if s)
    incl_c = collections.Counter()
    for s in samples:
        for f in set(s):
            incl_c[f] += 1
    print(f"{total} CPU samples (stacks through '{flt}', after the first {skip:g} s)")
    if not total:
        return
    print(f"\n-- self time (top frame) --")
    for m, c in self_c.most_common(n):
        print(f"{100.0 * c / total:6.1f}%  {m}")
    print(f"\n-- self time by source line (JIT state of the sampled frame in brackets) --")
    for m, c in top_lines.most_common(n):
        print(f"{100.0 * c / total:6.1f}%  {m}")
    print(f"\n-- inclusive time (method anywhere on the stack) --")
    harness = ("java.lang.Thread.", "java.util.concurrent.", "jdk.internal.reflect.", "java.lang.reflect.",
               "org.openjdk.jmh.", "io.psip.bench.jmh_generated.")
    for m, c in [mc for mc in incl_c.most_common() if not mc[0].startswith(harness)][:n]:
        print(f"{100.0 * c / total:6.1f}%  {m}")

    allocs = load(path, "jdk.ObjectAllocationSample", skip)
    weight = collections.Counter()
    by_type = collections.Counter()
    tot_w = 0
    for e in allocs:
        fr = frames(e)
        if not any(flt in f for f in fr):
            continue
        w = e["values"].get("weight", 0)
        tot_w += w
        # the first frame outside java.* / jdk.* is the psip (or JAIN-SIP) code that asked for the memory
        site = next((f for f in fr if not f.startswith(("java.", "jdk.", "sun."))), fr[0] if fr else "?")
        weight[site] += w
        by_type[e["values"]["objectClass"]["name"]] += w
    if tot_w:
        print(f"\n-- allocation (sampled weight) by first non-JDK frame --")
        for m, w in weight.most_common(n):
            print(f"{100.0 * w / tot_w:6.1f}%  {m}")
        print(f"\n-- allocation by type --")
        for t, w in by_type.most_common(12):
            print(f"{100.0 * w / tot_w:6.1f}%  {t}")


if __name__ == "__main__":
    main()
