#!/usr/bin/env bash
# The load benchmark: psip against the Kamailio peer in the same run (bench/load/load.py does the work).
#   bench/load.sh            full run: 60 s steps (PERFORMANCE.md), ~45 min on 2 vCPUs
#   bench/load.sh --quick    10 s steps, fewer rates, ~12 min
#   bench/load.sh --smoke    3 s steps, one rate each: proves the table is produced (~1 min)
#   bench/load.sh --help     every option (--scenarios B1,B2, --rates ..., --no-peer, --jfr, --heap, --events off ...)
#   bench/load.sh --cluster-cost [--quick|--smoke|--rates ..|--step ..]
#                            the cost of clustering: B1 against psip standalone and psip as a one-node cluster
#                            (Hazelcast), both on one throwaway PostgreSQL server (initdb), no Kamailio peer
# Builds the gateway jar first (mvn -q -DskipTests package, under the shared Maven lock); SKIP_BUILD=1 reuses it.
# Writes bench/results/load-<date>/ (results.md, results.json, chart.png, every step's SIPp and pidstat files).
# Needs: JDK 17, sipp (sip-tester), nginx-light, kamailio kamailio-extra-modules (jansson) kamailio-json-modules
# kamailio-utils-modules (the peer), sysstat (pidstat), python3-matplotlib (the chart); --cluster-cost: postgresql
# (its server binaries, /usr/lib/postgresql/<v>/bin; installed here with apt-get when missing and root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
for arg in "$@"; do
  if [[ "$arg" == --cluster-cost ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
      && ! command -v initdb >/dev/null; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
      echo "--cluster-cost needs PostgreSQL's server: apt-get install postgresql" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
    else
      echo "--cluster-cost needs PostgreSQL's server binaries (initdb, pg_ctl): apt-get install postgresql" >&2
      exit 1
    fi
  fi
done
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && flock /tmp/psip-mvn.lock mvn -q -DskipTests package)
fi
# the system python carries Debian's matplotlib; a pyenv/venv python on PATH usually does not
py=python3
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then py=/usr/bin/python3; fi
exec "$py" "$here/load/load.py" "$@"
