#!/usr/bin/env bash
# Builds the bench module and runs the JMH benchmarks (psip vs JAIN-SIP RI), writing
#   bench/results/jmh-<date>.txt   JMH's console output followed by the summary
#   bench/results/jmh-<date>.json  JMH's machine-readable results
# and printing a summary: psip and JAIN-SIP time per op, ratio = JAIN-SIP time / psip time
# (how many times faster psip is), and bytes allocated per op (gc.alloc.rate.norm).
#
# Usage: bench/jmh.sh [JMH args...]      e.g. bench/jmh.sh 'ParserBenchmark.invite_.*'
#                                             bench/jmh.sh ParserBenchmark -prof stack
# Without arguments it runs ParserBenchmark and SerializeBenchmark (the psip/JAIN-SIP pairs) and the psip-only
# DigestBenchmark (digest verify/parse/challenge/admit, MD5 and SHA-256), AclBenchmark (10,000 domains) and
# NccoBenchmark (NccoParser); ParserPartsBenchmark (psip only, cost of each header parse) runs when named.
# Environment:
#   JMH_OPTS    replaces the default run settings below
#   SKIP_BUILD=1  reuse bench/target/benchmarks.jar
#   BENCH_REF=<git ref>  build against that commit's core instead of the working tree (e.g. BENCH_REF=HEAD while
#                 someone's uncommitted core change does not compile): the ref is exported with `git archive` to
#                 a temporary directory, this bench/ directory is copied over it, and the jar is built there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
results="$here/results"

# 2 vCPUs: one fork, one benchmark thread; -prof gc for bytes per op, CpuTimeProfiler (in this module) for CPU
# time per op, which other tenants' load inflates far less than JMH's wall-clock score. Warm-up is 5 x 3 s because JAIN-SIP's
# parser (hundreds of small methods) takes 6-15 s to settle under C2 when the second vCPU is busy; with 3 x 2 s its
# first measured iterations are still falling, which flatters psip.
: "${JMH_OPTS:=-f 1 -wi 5 -w 3s -i 5 -r 2s -tu us -bm avgt -prof gc -prof io.psip.bench.CpuTimeProfiler}"

core_rev="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "${BENCH_REF:-}" ]]; then
  snap="$(mktemp -d /tmp/psip-bench-src.XXXXXX)"
  trap 'rm -rf "$snap"' EXIT
  git -C "$root" archive "$BENCH_REF" | tar -x -C "$snap"
  rm -rf "$snap/bench" && mkdir "$snap/bench"
  (cd "$here" && tar -c --exclude=./target --exclude=./results . | tar -x -C "$snap/bench")
  core_rev="$(git -C "$root" rev-parse --short "$BENCH_REF") ($BENCH_REF, committed core)"
  build_root="$snap"
else
  [[ -z "$(git -C "$root" status --porcelain -- core 2>/dev/null)" ]] || core_rev="$core_rev + uncommitted core changes"
  build_root="$root"
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # several people build in this tree: serialise Maven runs on the shared lock
  (cd "$build_root" && flock /tmp/psip-mvn.lock mvn -B -q -pl bench -am -DskipTests package)
  if [[ "$build_root" != "$root" ]]; then mkdir -p "$here/target" && cp "$build_root/bench/target/benchmarks.jar" "$jar"; fi
fi
[[ -f "$jar" ]] || { echo "missing $jar (build failed?)" >&2; exit 1; }

(( $# > 0 )) || set -- 'io\.psip\.bench\.(Parser|Serialize|Digest|Acl|Ncco)Benchmark\.'

mkdir -p "$results"
stamp="$(date +%Y%m%d-%H%M%S)"
txt="$results/jmh-$stamp.txt"
json="$results/jmh-$stamp.json"

{
  echo "# psip bench run $stamp"
  echo "# host: $(uname -srm), $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  echo "# java: $(java -version 2>&1 | head -1)"
  echo "# psip core: $core_rev"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# jmh options: $JMH_OPTS $*"
} | tee "$txt"

# shellcheck disable=SC2086  # JMH_OPTS is a list of words on purpose
java -jar "$jar" $JMH_OPTS -rf json -rff "$json" "$@" 2>&1 | tee -a "$txt"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$txt"

python3 - "$json" <<'EOF' | tee -a "$txt"
import json, sys

def num(v):
    """JMH writes "NaN" (a string) for an error it could not compute, e.g. with a single iteration."""
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return float("nan")

rows = {}
for r in json.load(open(sys.argv[1])):
    cls, _, meth = r["benchmark"].rpartition(".")
    cls = cls.rpartition(".")[2]
    case, _, impl = meth.rpartition("_")
    if impl not in ("psip", "jain"):  # a psip-only benchmark (Digest, Acl, Ncco): the method name is the case
        case, impl = meth, ""
    if r.get("params"):  # e.g. DigestBenchmark's algorithm: one row per value
        case += "[" + ",".join(str(v) for v in r["params"].values()) + "]"
    pm, sec = r["primaryMetric"], r.get("secondaryMetrics", {})
    get = lambda k: num(sec.get(k, {}).get("score"))
    rows.setdefault(f"{cls}.{case or meth}", {})[impl if case else ""] = {
        "wall": num(pm["score"]), "err": num(pm["scoreError"]), "unit": pm["scoreUnit"],
        "cpu": get("cpu.process.norm"), "alloc": get("gc.alloc.rate.norm")}

def t(v):
    return "-" if v is None else (f"{v:.3f}" if v >= 0.1 else f"{v:.2g}")

def ratio(p, j, k):
    return "-" if p[k] is None or j[k] is None or not p[k] else f"{j[k] / p[k]:.2f}x"

print()
print("=== summary (time per op in us; ratio = JAIN-SIP / psip, i.e. how many times faster psip is) ===")
print("wall = JMH score (wall clock, +-99.9% error); cpu = CPU time of the JVM per op (CpuTimeProfiler: benchmark")
print("thread + GC + JIT), steadier than wall clock when other work shares the vCPUs; B/op = gc.alloc.rate.norm")
hdr = f"{'benchmark':32} {'psip wall':>16} {'JAIN wall':>16} {'ratio':>8}   {'psip cpu':>9} {'JAIN cpu':>9} {'ratio':>8}   {'psip B/op':>9} {'JAIN B/op':>9}"
print(hdr)
for name, impls in sorted(rows.items()):
    p, j = impls.get("psip"), impls.get("jain")
    if p and j:
        w = lambda v: f"{t(v['wall'])} +-{t(v['err'])}" if v["err"] == v["err"] else t(v["wall"])
        a = lambda v: "-" if v["alloc"] is None else f"{v['alloc']:.0f}"
        print(f"{name:32} {w(p):>16} {w(j):>16} {ratio(p, j, 'wall'):>8}   {t(p['cpu']):>9} {t(j['cpu']):>9} "
              f"{ratio(p, j, 'cpu'):>8}   {a(p):>9} {a(j):>9}")
    else:
        for impl, v in impls.items():
            a = "-" if v["alloc"] is None else f"{v['alloc']:.0f}"
            print(f"{name + ('_' + impl if impl else ''):32} {t(v['wall']) + ' ' + v['unit']:>16} {'':>16} {'':>8}   "
                  f"{t(v['cpu']):>9} {'':>9} {'':>8}   {a:>9}")
EOF
echo "results: $txt"
