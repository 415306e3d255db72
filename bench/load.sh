#!/usr/bin/env bash
# The load benchmark: psip against the Kamailio peer in the same run (bench/load/load.py does the work).
#   bench/load.sh            full run: 60 s steps (PERFORMANCE.md), ~45 min on 2 vCPUs
#   bench/load.sh --quick    10 s steps, fewer rates, ~12 min
#   bench/load.sh --smoke    3 s steps, one rate each: proves the table is produced (~1 min)
#   bench/load.sh --help     every option (--scenarios B1,B2, --rates ..., --no-peer, --jfr, --heap ...)
# Builds the gateway jar first (mvn -q -DskipTests package, under the shared Maven lock); SKIP_BUILD=1 reuses it.
# Writes bench/results/load-<date>/ (results.md, results.json, chart.png, every step's SIPp and pidstat files).
# Needs: JDK 17, sipp (sip-tester), nginx-light, kamailio kamailio-extra-modules (jansson) kamailio-json-modules
# kamailio-utils-modules (the peer), sysstat (pidstat), python3-matplotlib (the chart).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && flock /tmp/psip-mvn.lock mvn -q -DskipTests package)
fi
# the system python carries Debian's matplotlib; a pyenv/venv python on PATH usually does not
py=python3
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then py=/usr/bin/python3; fi
exec "$py" "$here/load/load.py" "$@"
