#!/usr/bin/env python3
"""psip load benchmark against the Kamailio peer, in the same run (run it through bench/load.sh).

Starts psip (embedded PostgreSQL, benchmark configuration), provisions it through the admin API, starts the
answer_url stand-in (nginx) and the Kamailio peers, then runs every step of the scenarios below against psip and
then against the peer at the same rate, each step with a fresh SIPp UAS (sipp/uas_bob.xml on 127.0.0.1:15090) and a
SIPp UAC, and prints one table; writes it as Markdown, JSON and a PNG chart into bench/results/load-<stamp>/.

  B0  latency floor: 10 calls/s
  B1  INVITE/BYE (ACL + answer webhook + connect), rising rates            uac_call.xml
  B2  SIP Connect with 407 digest (MD5: SIPp 3.6.1 has no SHA-256)          uac_connect_auth.xml
  B4  long hold: N concurrent calls, RSS and live heap per call
  B6  TCP caller leg: one connection (t1), one connection per call (tn)
  B7  overload: 150% of the rated B1 rate, then 50% (recovery time, 503 + Retry-After)

--cluster-cost: the cost of clustering instead of the peer. Two psip gateways share one throwaway PostgreSQL server
(initdb under the run directory, a database each): "psip" standalone and "psip-cluster", one clustered node
(Hazelcast on 127.0.0.1, free ports); by default only B1, each rate against both, ratios clustered/standalone.

Ports (all 127.0.0.1): psip SIP 15060 (UDP+TCP), psip HTTP 18080, psip-cluster SIP 15062 and HTTP 18082 (its
Hazelcast and event-bus ports and PostgreSQL's are free ones), Kamailio 15070 (B1/B6/B7 peer, UDP+TCP) and 15071
(B2 peer), UAS 15090, UAC 15091/15092, answer_url stand-in 18099.
"""
import argparse
import base64
import csv
import datetime
import glob
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
SIPP = os.path.join(HERE, "sipp")
JAR = os.path.join(ROOT, "gateway", "target", "psip-gateway.jar")
# psip's recommended GC settings (README "JVM settings"): a finished transaction lingers 32 s (64*T1) absorbing
# retransmissions, so what survives one young collection is old: promote it at once rather than copy it through the
# survivor spaces at every pause (G1 would keep it up to 15 collections); and a young generation never below 30% of
# the heap, so that the mixed collection after a marking cycle comes a second after the one that prepared it, not
# 0.1 s (two pauses back to back made the slowest seconds of a step: bench/README)
DEFAULT_JVM_OPTS = ("-XX:MaxTenuringThreshold=1 -XX:MaxGCPauseMillis=50 "
                    "-XX:+UnlockExperimentalVMOptions -XX:G1NewSizePercent=30")
JVM_OPTS = DEFAULT_JVM_OPTS.split()

PSIP_SIP, PSIP_HTTP = 15060, 18080
CLUSTER_SIP, CLUSTER_HTTP = 15062, 18082  # --cluster-cost's clustered node
KAM, KAM_AUTH = 15070, 15071
UAS_PORT, UAC_PORT, UAC2_PORT, WEBHOOK_PORT = 15090, 15091, 15092, 18099
# SIPp's socket buffers (-buff_size; the kernel caps them at rmem_max/wmem_max, which the suite raises as root): with
# the default ~208 KiB the UAC's own socket dropped datagrams in B2 at 750 calls/s, retransmissions that were the
# rig's, not the gateway's
SIPP_BUFFER = 8 * 1024 * 1024
API_KEY, API_SECRET = "bench", "bench-secret-0123"
SIP_DOMAIN, REGION, DOMAIN_NAME = "example.test", "eu", "acme-pbx"  # psip names need 5-32 chars: "acme" is refused
NUMBER = "14155550100"
PEER_SECRET = "secret"  # kamailio/stateful-auth.cfg's fixed password

MODES = {
    # step seconds, B1 rates, B2 rates, (B4 calls, B4 rate), B6 [(mode, rate)], (B7 overload s, recovery s)
    "full": dict(step=60, b0=[10], b1=[250, 500, 1000, 1500, 2000, 2500, 3000], b2=[250, 500, 1000, 1500, 2000],
                 b4=(20000, 500), b6=[("t1", 1000), ("tn", 200)], b7=(60, 60), b7_default=1000),
    "quick": dict(step=10, b0=[10], b1=[500, 1000, 1500, 2000, 2500], b2=[500, 1000, 1500],
                  b4=(20000, 1000), b6=[("t1", 500), ("tn", 100)], b7=(15, 35), b7_default=1000),
    "smoke": dict(step=3, b0=[10], b1=[50], b2=[20], b4=(200, 100), b6=[("t1", 20)], b7=(3, 4), b7_default=40),
}
ALL_SCENARIOS = ["B0", "B1", "B2", "B4", "B6", "B7"]


def log(msg):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {msg}", flush=True)


# ---------------------------------------------------------------- machine probes

def rcvbuf_errors():
    """Udp RcvbufErrors from /proc/net/snmp (kernel drops on a full socket buffer, all UDP sockets)."""
    with open("/proc/net/snmp") as f:
        rows = [line.split() for line in f if line.startswith("Udp:")]
    return int(rows[1][rows[0].index("RcvbufErrors")])


def udp_drops(ports):
    """Per local port: datagrams the kernel dropped on the UDP sockets bound to it (full buffer), from the drops
    column of /proc/net/udp{,6}; a socket's count lives as long as the socket."""
    out = {p: 0 for p in ports}
    for path in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(path) as f:
                next(f)
                for line in f:
                    fs = line.split()
                    port = int(fs[1].rsplit(":", 1)[1], 16)
                    if port in out:
                        out[port] += int(fs[-1])
        except (OSError, ValueError, IndexError, StopIteration):
            pass
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kib(pids):
    """Proportional set size summed over processes (Kamailio's shared memory counted once)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def thread_ticks(pid):
    """utime+stime per thread of a process: {tid: (name, ticks)}."""
    out = {}
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    name = f.read().strip()
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    parts = f.read().rsplit(")", 1)[1].split()
                out[tid] = (name, int(parts[11]) + int(parts[12]))
            except OSError:
                pass
    except OSError:
        pass
    return out


def busiest_threads(before, after, seconds_, n=2):
    """The n busiest threads between two thread_ticks snapshots, as 'name NN%' (100 = one vCPU)."""
    hz = os.sysconf("SC_CLK_TCK")
    use = [(100.0 * (t1 - before.get(tid, (name, t1))[1]) / hz / max(0.001, seconds_), name)
           for tid, (name, t1) in after.items()]
    use.sort(reverse=True)
    return ", ".join(f"{name} {pct:.0f}%" for pct, name in use[:n])


def pgrep(pattern):
    r = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True)
    return [int(p) for p in r.stdout.split() if int(p) != os.getpid()]


def test_jvm_running():
    """Someone else's Maven test JVM (surefire/failsafe) on this shared 2-vCPU box makes a step meaningless."""
    return bool(pgrep("surefire|failsafe"))


def heap_used_kib(pid, full_gc=True):
    """Live heap after a full GC (jcmd GC.run, then GC.heap_info's 'used')."""
    if full_gc:
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, text=True, timeout=60)
    out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"heap\s+total \d+K, used (\d+)K", out)
    return int(m.group(1)) if m else None


def free_port():
    """A TCP port nobody listens on at 127.0.0.1 right now (the kernel's pick)."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manifest_flags(jar):
    """The jar manifest's Add-Opens/Add-Exports as JVM flags: `java -jar` applies them, `java -cp` (which load.py
    needs for the digest shim) does not, and Netty and Hazelcast run other code paths without them."""
    try:
        with zipfile.ZipFile(jar) as z:
            text = z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    text = re.sub(r"\r?\n ", "", text)  # continuation lines
    flags = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("Add-Opens", "Add-Exports"):
            opt = "--add-opens" if key.strip() == "Add-Opens" else "--add-exports"
            flags += [f"{opt}={pkg}=ALL-UNNAMED" for pkg in value.split()]
    return flags


# ---------------------------------------------------------------- --cluster-cost: a throwaway PostgreSQL server

def pg_bindir():
    """Debian's PostgreSQL binaries (the newest /usr/lib/postgresql/N/bin), else initdb's directory on PATH."""
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                  key=lambda p: int(re.sub(r"\D", "", p.split("/")[4]) or 0))
    if dirs:
        return os.path.dirname(dirs[-1])
    found = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(found)) if found else None


class Postgres:
    """initdb under <run>/postgres/data (as the postgres user when root: initdb refuses root), trust auth, 127.0.0.1
    on a free port, no Unix socket, fsync and synchronous_commit on (as psip's embedded server); role psip owns one
    database per gateway. stop() shuts it down (fast) and deletes the data directory; the log stays."""

    def __init__(self, run_dir, databases):
        self.bin = pg_bindir()
        if not self.bin:
            raise SystemExit("--cluster-cost needs PostgreSQL's server binaries (apt-get install postgresql)")
        self.dir = os.path.join(run_dir, "postgres")
        self.data = os.path.join(self.dir, "data")
        self.log = os.path.join(self.dir, "postgres.log")
        self.setup_log = os.path.join(self.dir, "setup.log")
        self.port = free_port()
        self.pid = None
        self.started = False
        os.makedirs(self.dir, exist_ok=True)
        self.run_as = None
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise SystemExit("running as root: initdb needs a non-root user, and there is no 'postgres' user "
                                 "(Debian's postgresql package creates it)")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.run_as = "postgres"
        self._pg(["initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C",
                  "--no-sync"])
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write(f"\n# bench/load.py --cluster-cost\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                    "unix_socket_directories = ''\nmax_connections = 100\nfsync = on\nsynchronous_commit = on\n")
        try:
            self._pg(["pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start"])
            self.started = True
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                self.pid = int(f.readline().strip())
            self.psql("CREATE ROLE psip LOGIN")
            for db in databases:
                self.psql(f"CREATE DATABASE {db} OWNER psip")
        except BaseException:  # a failure or Ctrl-C half way: no server left behind
            self.started = self.started or os.path.exists(os.path.join(self.data, "postmaster.pid"))
            self.stop()
            raise
        version = subprocess.run([os.path.join(self.bin, "postgres"), "--version"], capture_output=True,
                                 text=True).stdout.strip()
        self.version = version.replace("postgres (PostgreSQL) ", "PostgreSQL ")
        log(f"{self.version} up on 127.0.0.1:{self.port} (pid {self.pid}, data {self.data}, trust auth); "
            f"databases {', '.join(databases)} owned by psip")

    def _pg(self, cmd):
        full = ([os.path.join(self.bin, cmd[0])] + cmd[1:])
        if self.run_as:
            full = ["runuser", "-u", self.run_as, "--"] + full
        with open(self.setup_log, "a") as out:
            out.write("$ " + " ".join(full) + "\n")
            out.flush()
            r = subprocess.run(full, cwd=self.dir, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            tail = open(self.setup_log).read()[-1500:]
            raise SystemExit(f"{cmd[0]} failed ({r.returncode}); see {self.setup_log} and {self.log}:\n{tail}")

    def psql(self, sql):
        r = subprocess.run([os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                            "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            raise SystemExit(f"psql {sql!r}: {r.stderr.strip()}")
        return r.stdout

    def url(self, db):
        return f"postgresql://psip@127.0.0.1:{self.port}/{db}"

    def pids(self):
        return [self.pid] if self.pid else []

    def stop(self):
        if self.started:
            try:
                self._pg(["pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "60", "stop"])
            except SystemExit as e:
                log(f"PostgreSQL stop: {e}; data directory kept")
                if self.pid:
                    try:
                        os.kill(self.pid, signal.SIGQUIT)  # the postmaster's immediate shutdown
                    except OSError:
                        pass
                return
            finally:
                self.started = False
        shutil.rmtree(self.data, ignore_errors=True)


# ---------------------------------------------------------------- CPU: pidstat over a step

class CpuMeter:
    """pidstat -u over the given process groups for the step's load window; %CPU summed per group (100 = 1 vCPU).

    Falls back to utime+stime from /proc/PID/stat when pidstat (sysstat) is missing."""

    def __init__(self, groups, logfile):
        self.groups = {g: [p for p in pids if p] for g, pids in groups.items()}
        self.logfile = logfile
        self.proc = None
        self.t0 = time.time()
        self.ticks0 = {}
        allpids = sorted({p for pids in self.groups.values() for p in pids})
        if shutil.which("pidstat") and allpids:
            self.out = open(logfile, "w")
            self.proc = subprocess.Popen(["pidstat", "-u", "-p", ",".join(map(str, allpids)), "1"],
                                         stdout=self.out, stderr=subprocess.STDOUT,
                                         env=dict(os.environ, LC_ALL="C", S_TIME_FORMAT="ISO"))
        else:
            self.ticks0 = {p: self._ticks(p) for p in allpids}

    @staticmethod
    def _ticks(pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            return int(parts[11]) + int(parts[12])
        except OSError:
            return None

    def stop(self):
        per_pid = {}
        if self.proc:
            time.sleep(0.2)
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.out.close()
            with open(self.logfile) as f:
                for line in f:
                    if line.startswith("Average:") and "%CPU" not in line:
                        p = line.split()
                        try:
                            per_pid[int(p[2])] = float(p[7])
                        except (ValueError, IndexError):
                            pass
        else:
            dt = max(0.001, time.time() - self.t0)
            hz = os.sysconf("SC_CLK_TCK")
            for p, t0 in self.ticks0.items():
                t1 = self._ticks(p)
                if t0 is not None and t1 is not None:
                    per_pid[p] = 100.0 * (t1 - t0) / hz / dt
        return {g: round(sum(per_pid.get(p, 0.0) for p in pids), 1) for g, pids in self.groups.items()}


# ---------------------------------------------------------------- SIPp

def read_stat(path):
    """SIPp -trace_stat CSV: a list of dicts, one per periodic dump (-fd 1) plus the final one."""
    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
    except OSError:
        return []
    if len(rows) < 2:
        return []
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if len(r) >= len(head) - 1]


def ival(row, key):
    try:
        return int(float(row.get(key, 0) or 0))
    except ValueError:
        return 0


def seconds(hms):
    """'00:01:02' or '00:01:02:123' (SIPp elapsed) to seconds."""
    parts = [float(x) for x in re.split(r"[:]", hms.strip())] if hms else [0]
    if len(parts) == 4:
        h, m, s, ms = parts
        return h * 3600 + m * 60 + s + ms / 1000
    while len(parts) < 3:
        parts.insert(0, 0)
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def read_rtt(workdir):
    """(time_ms_since_start, setup_ms) of every call from SIPp's -trace_rtt file."""
    out = []
    for f in glob.glob(os.path.join(workdir, "*_rtt.csv")):
        with open(f) as fh:
            for line in fh:
                p = line.strip().split(";")
                try:
                    out.append((float(p[0]), float(p[1])))
                except (ValueError, IndexError):
                    pass
    return out


def read_counts(workdir):
    """503s received, from SIPp's -trace_counts file (last row, cumulative)."""
    total = 0
    for f in glob.glob(os.path.join(workdir, "*_counts.csv")):
        rows = read_stat(f)
        if rows:
            last = rows[-1]
            total += sum(ival(last, k) for k in last if re.match(r"^\d+_503_Recv$", k))
    return total


def pct(sorted_vals, q):
    if not sorted_vals:
        return None
    return sorted_vals[min(len(sorted_vals) - 1, int(q * len(sorted_vals)))]


class Sipp:
    def __init__(self, args, cwd, logname):
        self.cwd = cwd
        self.log = open(os.path.join(cwd, logname), "w")
        self.proc = subprocess.Popen(["sipp"] + [str(a) for a in args] + ["-nostdin"], cwd=cwd,
                                     stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        self.pid = self.proc.pid
        self.started = time.time()
        self.cpu_pct = None  # from wait4's rusage once it has exited (pidstat loses processes that exit early)

    def running(self):
        if self.proc.returncode is not None:
            return False
        try:
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
        except ChildProcessError:
            return self.proc.poll() is None
        if pid == 0:
            return True
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.cpu_pct = round(100.0 * (ru.ru_utime + ru.ru_stime) / max(0.001, time.time() - self.started), 1)
        return False

    def wait(self, timeout=None):
        try:
            if self.proc.returncode is None and timeout is None:
                try:
                    _, status, ru = os.wait4(self.pid, 0)
                    self.proc.returncode = os.waitstatus_to_exitcode(status)
                    self.cpu_pct = round(100.0 * (ru.ru_utime + ru.ru_stime) / max(0.001, time.time() - self.started), 1)
                except ChildProcessError:
                    pass
            return self.proc.wait(timeout)
        finally:
            self.log.flush()

    def stop(self, grace=6.0):
        """SIGUSR1: SIPp stops placing calls, lets open ones finish (the UAS's 4 s time-wait), dumps its stats."""
        if self.running():
            self.proc.send_signal(signal.SIGUSR1)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(3)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        self.log.close()


def uas(cwd):
    return Sipp(["-sf", os.path.join(SIPP, "uas_bob.xml"), "-i", "127.0.0.1", "-p", UAS_PORT, "-t", "u1",
                 "-l", 200000, "-trace_stat", "-stf", "uas.csv", "-fd", 1, "-trace_err", "-max_socket", 1000,
                 "-buff_size", SIPP_BUFFER],
                cwd, "uas.out")


# ---------------------------------------------------------------- targets: psip and the Kamailio peer

class Target:
    name = "?"

    def gw_pids(self):
        return []

    def cpu_groups(self, nginx_pids):
        return {"gw": self.gw_pids(), "nginx": nginx_pids}

    def mem_kib(self):
        return 0


class Psip(Target):
    """psip with the benchmark configuration: embedded PostgreSQL in its directory, or db_url (an external server:
    its postmaster's pid in db_pids); clustered=True makes it a one-node cluster (Hazelcast on 127.0.0.1, free
    ports, --cluster)."""

    def __init__(self, run_dir, heap, jfr, shim_jar, name="psip", sip_port=PSIP_SIP, http_port=PSIP_HTTP,
                 db_url=None, db_pids=None, clustered=False, events=True):
        self.name = name
        self.sip_port, self.http_port = sip_port, http_port
        self.events = events
        self.clustered = clustered
        self.dir = os.path.join(run_dir, name)
        os.makedirs(self.dir, exist_ok=True)
        conf = {
            "sip": {"host": "127.0.0.1", "port": sip_port, "domain": SIP_DOMAIN, "regions": REGION,
                    "advertised_host": "127.0.0.1", "udp_receive_buffer_bytes": 16 * 1024 * 1024},
            "http": {"host": "127.0.0.1", "port": http_port},
            "data": {"dir": os.path.join(self.dir, "data")},
            "api": {"key": API_KEY, "secret": API_SECRET},
            # B4 holds 20,000 calls of one account; B7 must be refused by load, not by these caps
            "calls": {"max": 100000, "max_per_account": 100000},
        }
        if db_url:
            conf["db"] = {"url": db_url}
        args = []
        if clustered:
            hz = free_port()
            bus = free_port()
            while bus == hz:
                bus = free_port()
            # one member: itself; drain_s 0 so that stopping it does not answer 503 for 10 s first
            conf["cluster"] = {"enabled": True, "host": "127.0.0.1", "port": hz, "members": f"127.0.0.1:{hz}",
                               "bus_port": bus, "drain_s": 0}
            args = ["--cluster"]
        with open(os.path.join(self.dir, "psip-bench.json"), "w") as f:
            json.dump(conf, f, indent=2)
        self.gc_log = os.path.join(self.dir, "gc.log")
        self.jfr_file = os.path.join(self.dir, "psip.jfr") if jfr else None
        # G1 unless --jvm-opts names another collector (two would stop the JVM)
        gc = [] if any(o.startswith("-XX:+Use") and o.endswith("GC") for o in JVM_OPTS) else ["-XX:+UseG1GC"]
        cmd = ["java", f"-Xms{heap}", f"-Xmx{heap}"] + gc + JVM_OPTS + [
               f"-Xlog:gc:file={self.gc_log}:uptime,level",
               f"-Dlogback.configurationFile={os.path.join(HERE, 'logback-warn.xml')}"] + manifest_flags(JAR)
        if self.jfr_file:
            cmd.append(f"-XX:StartFlightRecording=settings={os.path.join(HERE, 'psip-profile.jfc')},"
                       f"filename={self.jfr_file},dumponexit=true")
        cp = JAR + (os.pathsep + shim_jar if shim_jar else "")
        cmd += ["-cp", cp, "io.psip.gateway.Main", "--conf", os.path.join(self.dir, "psip-bench.json")] + args
        env = {k: v for k, v in os.environ.items() if not k.startswith("PSIP_")}
        self.out = open(os.path.join(self.dir, "psip.log"), "w")
        log(f"starting {name}: {' '.join(cmd)}")
        self.proc = subprocess.Popen(cmd, cwd=self.dir, stdout=self.out, stderr=subprocess.STDOUT, env=env,
                                     stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid
        try:
            health = self._await_health(name, http_port, clustered)
        except BaseException:  # not healthy, or Ctrl-C: no JVM left behind
            self.stop()
            raise
        self.db_pids = list(db_pids) if db_url else pgrep(os.path.join(self.dir, "data", "postgres"))
        log(f"{name} up (pid {self.pid}, PostgreSQL pids {self.db_pids}"
            + (f", cluster {health.get('cluster')}, Hazelcast 127.0.0.1:{conf['cluster']['port']}, event bus "
               f"{conf['cluster']['bus_port']}" if clustered else "") + ")")

    def _await_health(self, name, http_port, clustered):
        deadline = time.time() + 120
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"{name} exited with {self.proc.returncode}; see {self.out.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/health", timeout=2) as r:
                    if r.status == 200:
                        health = json.loads(r.read() or b"{}")
                        # a clustered node counts itself among the members once Vert.x's cluster is up
                        if not clustered or (health.get("cluster") or {}).get("members", 0) >= 1:
                            return health
            except (urllib.error.URLError, OSError, ValueError):
                pass
            if time.time() > deadline:
                raise SystemExit(f"{name} did not become healthy within 120 s; see {self.out.name}")
            time.sleep(0.5)

    def api(self, method, path, body=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.http_port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode())
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise SystemExit(f"provisioning {method} {path}: HTTP {e.code} {e.read()[:300]!r}")

    def provision(self):
        hooks = {"answer_url": {"address": f"http://127.0.0.1:{WEBHOOK_PORT}/answer"}}
        if self.events:
            hooks["event_url"] = {"address": f"http://127.0.0.1:{WEBHOOK_PORT}/event"}
        app = self.api("POST", "/v2/applications", {"name": "bench", "capabilities": {"voice": {"webhooks": hooks}}})
        self.api("POST", "/v1/psip", {"name": DOMAIN_NAME, "application_id": app["id"], "acl": ["127.0.0.0/8"],
                                      "digest_auth": False})
        self.api("POST", "/v1/numbers", {"msisdn": NUMBER, "application_id": app["id"]})
        log(f"{self.name} provisioned: application {app['id']} "
            f"({'answer_url and event_url' if self.events else 'answer_url only: no event_url'}), domain "
            f"{DOMAIN_NAME} (ACL 127.0.0.0/8), number {NUMBER}; SIP Connect digest user = the account's api_key")

    def gw_pids(self):
        return [self.pid]

    def cpu_groups(self, nginx_pids):
        # the postmaster and its backends (connections open and close with the pool, so look them up per step)
        db = list(self.db_pids)
        for main in self.db_pids:
            r = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True)
            db += [int(p) for p in r.stdout.split()]
        return {"gw": [self.pid], "db": db, "nginx": nginx_pids}

    def mem_kib(self):
        return rss_kib(self.pid)

    def address(self, scenario):
        return f"127.0.0.1:{self.sip_port}"

    def rhost(self, scenario):
        return f"sip.{SIP_DOMAIN}" if scenario == "B2" else f"{DOMAIN_NAME}.sip-{REGION}.{SIP_DOMAIN}"

    def secret(self):
        return API_SECRET

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()

    def gc_pauses(self, since_s=0.0):
        """Max and count of GC pauses (ms) in the GC log after JVM uptime since_s, explicit System.gc()s excluded."""
        worst, n = 0.0, 0
        try:
            with open(self.gc_log) as f:
                for line in f:
                    m = re.search(r"\[(\d+\.\d+)s\].*Pause (?!Full \(System\.gc)(.*?) (\d+\.\d+)ms", line)
                    if m and "System.gc" not in line and float(m.group(1)) >= since_s:
                        worst = max(worst, float(m.group(3)))
                        n += 1
        except OSError:
            pass
        return worst, n

    def uptime_s(self):
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
            with open("/proc/uptime") as f:
                up = float(f.read().split()[0])
            return up - start_ticks / os.sysconf("SC_CLK_TCK")
        except OSError:
            return 0.0


class Kamailio(Target):
    name = "peer"

    def __init__(self, run_dir):
        self.dir = os.path.join(run_dir, "kamailio")
        os.makedirs(self.dir, exist_ok=True)
        self.pidfiles = {}
        for label, cfg, mem in (("relay", "kamailio.cfg", ("256", "32")), ("auth", "stateful-auth.cfg", ("128", "16"))):
            pidfile = os.path.join(self.dir, f"{label}.pid")
            with open(os.path.join(self.dir, f"{label}.log"), "w") as out:
                r = subprocess.run(["kamailio", "-f", os.path.join(HERE, "kamailio", cfg), "-P", pidfile,
                                    "-w", self.dir, "-m", mem[0], "-M", mem[1]], stdout=out, stderr=subprocess.STDOUT)
            if r.returncode != 0:
                raise SystemExit(f"kamailio ({cfg}) failed to start; see {self.dir}/{label}.log")
            self.pidfiles[label] = pidfile
        time.sleep(1.5)
        log(f"Kamailio peers up: {self.pids('relay')[:1]} (ACL+webhook+forward, :{KAM}), "
            f"{self.pids('auth')[:1]} (relay+407 digest, :{KAM_AUTH})")

    def pids(self, label):
        try:
            main = int(open(self.pidfiles[label]).read().strip())
        except (OSError, ValueError):
            return []
        r = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True)
        return [main] + [int(p) for p in r.stdout.split()]

    def gw_pids(self):
        return self.pids("relay") + self.pids("auth")

    def mem_kib(self):
        return pss_kib(self.gw_pids())

    def address(self, scenario):
        return f"127.0.0.1:{KAM_AUTH if scenario == 'B2' else KAM}"

    def rhost(self, scenario):
        return f"sip.{SIP_DOMAIN}" if scenario == "B2" else f"acme.sip-{REGION}.{SIP_DOMAIN}"

    def secret(self):
        return PEER_SECRET

    def stop(self):
        for label in self.pidfiles:
            pids = self.pids(label)
            if pids:
                try:
                    os.kill(pids[0], signal.SIGTERM)
                except OSError:
                    pass
        time.sleep(1)


class Webhook:
    """nginx with the anchors' config (or answer_server.py when nginx is missing) on 127.0.0.1:18099."""

    def __init__(self, run_dir):
        self.dir = os.path.join(run_dir, "nginx")
        os.makedirs(self.dir, exist_ok=True)
        self.proc = None
        self.kind = "nginx"
        if shutil.which("nginx"):
            with open(os.path.join(HERE, "nginx-webhook.conf")) as f:
                conf = f.read().replace("pid /tmp/psip-bench-nginx.pid;", f"pid {self.dir}/nginx.pid;")
                conf = conf.replace("error_log /tmp/psip-bench-nginx.err warn;", f"error_log {self.dir}/error.log warn;")
            path = os.path.join(self.dir, "nginx.conf")
            with open(path, "w") as f:
                f.write(conf)
            subprocess.run(["nginx", "-c", path, "-p", self.dir], check=True, stderr=subprocess.DEVNULL)
        else:
            self.kind = "python (nginx missing: install nginx-light for load steps)"
            self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "answer_server.py"), str(WEBHOOK_PORT)],
                                         stdin=subprocess.DEVNULL)
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{WEBHOOK_PORT}/answer", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        log(f"answer_url stand-in: {self.kind} on 127.0.0.1:{WEBHOOK_PORT}")

    def pids(self):
        if self.proc:
            return [self.proc.pid]
        try:
            main = int(open(os.path.join(self.dir, "nginx.pid")).read().strip())
        except (OSError, ValueError):
            return []
        r = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True)
        return [main] + [int(p) for p in r.stdout.split()]

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait()
        else:
            pids = self.pids()
            if pids:
                os.kill(pids[0], signal.SIGQUIT)


# ---------------------------------------------------------------- one step

class Bench:
    def __init__(self, opts, run_dir):
        self.o = opts
        self.run_dir = run_dir
        self.results = []
        self.webhook = None
        self.targets = {}

    def wait_for_quiet(self, label):
        waited = 0
        while test_jvm_running() and waited < self.o.wait_tests:
            if waited == 0:
                log(f"{label}: a Maven test JVM (surefire/failsafe) is running; waiting up to {self.o.wait_tests}s")
            time.sleep(5)
            waited += 5
        return waited

    def uac_args(self, target, scenario, rate, calls, transport, hold_ms, port, workdir, timeout):
        xml = {"B2": "uac_connect_auth.xml", "B7": "uac_call_overload.xml"}.get(scenario, "uac_call.xml")
        a = ["-sf", os.path.join(SIPP, xml), target.address(scenario), "-i", "127.0.0.1", "-p", port,
             "-t", transport, "-s", NUMBER, "-set", "rhost", target.rhost(scenario),
             "-d", hold_ms, "-r", rate, "-m", calls, "-l", max(20000, calls + 100), "-timeout", timeout,
             "-timeout_error", "-default_behaviors", "all,-abortunexp", "-trace_stat", "-stf", "uac.csv",
             "-fd", 1, "-trace_rtt", "-rtt_freq", min(100, max(1, calls // 20)), "-trace_err", "-trace_counts",
             "-max_socket", max(1000, calls + 100) if transport == "tn" else 1000, "-buff_size", SIPP_BUFFER]
        if scenario == "B2":
            a += ["-au", API_KEY, "-ap", target.secret(), "-auth_uri", f"{NUMBER}@sip.{SIP_DOMAIN}"]
        else:
            a += ["-set", "xuid", "ABC123"]
        return a

    def step(self, scenario, label, target, rate, seconds_, transport="u1", hold_ms=0, on_plateau=None, record=True):
        """Runs one UAC against one target with a fresh UAS; returns the row of the table."""
        name = f"{scenario}-{label}-{target.name}".replace("/", "_")
        workdir = os.path.join(self.run_dir, "steps", name)
        os.makedirs(workdir, exist_ok=True)
        waited = self.wait_for_quiet(name)
        calls = max(1, int(round(rate * seconds_)))
        server = uas(workdir)
        time.sleep(0.3)
        rcv0 = rcvbuf_errors()
        gw_port = int(target.address(scenario).rsplit(":", 1)[1])
        ports = {"gw": gw_port, "uas": int(UAS_PORT), "uac": int(UAC_PORT)}
        drops0 = udp_drops(ports.values())
        drops_max = dict(drops0)  # SIPp's sockets close when it exits: keep the last count seen
        load0 = os.getloadavg()[0]
        gc_since = target.uptime_s() if isinstance(target, Psip) else 0
        timeout = int(seconds_ + hold_ms / 1000 + 60)
        client = Sipp(self.uac_args(target, scenario, rate, calls, transport, hold_ms, UAC_PORT, workdir, timeout),
                      workdir, "uac.out")
        groups = target.cpu_groups(self.webhook.pids())
        groups.update(uac=[client.pid], uas=[server.pid])
        cpu = CpuMeter(groups, os.path.join(workdir, "pidstat.log"))
        threads0 = thread_ticks(target.pid) if isinstance(target, Psip) else None
        mem_max, overlap, t0, plateau = 0, waited > 0 and test_jvm_running(), time.time(), None
        while client.running():
            time.sleep(1)
            mem_max = max(mem_max, target.mem_kib())
            drops_max = {p: max(n, drops_max.get(p, 0)) for p, n in udp_drops(ports.values()).items()}
            overlap = overlap or test_jvm_running()
            if on_plateau and plateau is None and time.time() - t0 >= on_plateau[0]:
                plateau = on_plateau[1](workdir)
            if time.time() - t0 > timeout + 30:
                log(f"{name}: UAC still running after {timeout + 30}s: stopping it")
                client.stop(10)
        client.wait()
        cpu_pct = cpu.stop()
        if client.cpu_pct is not None:
            cpu_pct["uac"] = client.cpu_pct
        threads = busiest_threads(threads0, thread_ticks(target.pid), time.time() - t0) if threads0 else None
        drops_max = {p: max(n, drops_max.get(p, 0)) for p, n in udp_drops(ports.values()).items()}
        server.stop()
        rcv1 = rcvbuf_errors()
        # the gateway's socket outlives the step (a delta); the UAS and UAC sockets are the step's own
        drops = {k: drops_max[p] - (drops0[p] if k == "gw" else 0) for k, p in ports.items()}
        stats = read_stat(os.path.join(workdir, "uac.csv"))
        uas_stats = read_stat(os.path.join(workdir, "uas.csv"))
        last = stats[-1] if stats else {}
        ulast = uas_stats[-1] if uas_stats else {}
        rtt = sorted(v for _, v in read_rtt(workdir))
        created = ival(last, "OutgoingCall(C)")
        # achieved rate: calls created / the time it took to create them (first row where the count was final)
        t_created = next((seconds(r.get("ElapsedTime(C)", "")) for r in stats if ival(r, "OutgoingCall(C)") >= created),
                         seconds_) if stats else seconds_
        rejected = read_counts(workdir)
        ok = ival(last, "SuccessfulCall(C)") - rejected
        failed = ival(last, "FailedCall(C)")
        row = dict(scenario=scenario, step=label, target=target.name, rate=rate, transport=transport,
                   seconds=seconds_, calls=calls, created=created,
                   cps=round(created / max(1.0, t_created), 1) if created else 0.0,
                   ok=ok, failed=failed, rejected_503=rejected, uas_failed=ival(ulast, "FailedCall(C)"),
                   retrans=ival(last, "Retransmissions(C)") + ival(ulast, "Retransmissions(C)"),
                   rcvbuf=rcv1 - rcv0, p50=pct(rtt, .50), p95=pct(rtt, .95), p99=pct(rtt, .99),
                   pmax=rtt[-1] if rtt else None, cpu=cpu_pct, rss_mib=round(mem_max / 1024, 1),
                   load_before=round(load0, 2), overlap=bool(overlap), dir=os.path.relpath(workdir, self.run_dir),
                   drops=drops)
        account(row)
        if isinstance(target, Psip):
            row["gc_max_ms"], row["gc_pauses"] = target.gc_pauses(gc_since)
            row["threads"] = threads
        if plateau:
            row.update(plateau)
        if record:
            self.results.append(row)
        log(("" if record else "(not reported) ") + fmt_row(row))
        self.settle(row)
        return row

    def settle(self, row):
        """After an unclean step, wait out the transactions' retransmissions (64*T1 = 32 s): the next step's UAS
        (the same port for both targets) must not receive this step's stray BYEs and 200s."""
        if row["failed"] or row["retrans"] or row.get("rejected_503"):
            log(f"unclean step: waiting {self.o.drain:.0f} s for retransmissions to end")
            time.sleep(self.o.drain)
        else:
            time.sleep(self.o.pause)

    # ---------------- scenarios

    def rising(self, scenario, rates, transport="u1"):
        stopped = set()
        for rate in rates:
            for t in self.targets.values():
                if t.name in stopped:
                    continue
                r = self.step(scenario, str(rate), t, rate, self.o.step, transport)
                if r["failed"] > 0.01 * max(1, r["calls"]) or r["retrans"] > 0.05 * max(1, r["calls"]) \
                        or r["cps"] < 0.8 * rate:
                    log(f"{scenario}: {t.name} broke at {rate} calls/s; no higher steps for it")
                    stopped.add(t.name)

    def b4(self, n, rate):
        hold_s = n / rate + max(5, self.o.step // 6)
        for t in self.targets.values():
            base_heap = heap_used_kib(t.pid) if isinstance(t, Psip) else None
            base_mem = t.mem_kib()

            def plateau(_workdir, t=t, base_heap=base_heap, base_mem=base_mem):
                mem = t.mem_kib()
                live = heap_used_kib(t.pid) if isinstance(t, Psip) else None
                cur = 0
                st = read_stat(os.path.join(_workdir, "uac.csv"))
                if st:
                    cur = ival(st[-1], "CurrentCall")
                d = dict(b4_calls=cur, b4_mem_mib=round(mem / 1024, 1),
                         b4_bytes_per_call_mem=round((mem - base_mem) * 1024 / max(1, cur)))
                if live is not None and base_heap is not None:
                    d.update(b4_heap_mib=round(live / 1024, 1),
                             b4_bytes_per_call_heap=round((live - base_heap) * 1024 / max(1, cur)))
                log(f"B4 {t.name}: plateau {d}")
                return d

            self.step("B4", f"{n}x{int(hold_s)}s", t, rate, n / rate, hold_ms=int(hold_s * 1000),
                      on_plateau=(n / rate + 2, plateau))

    def b7(self, over_s, rec_s, default_rate, forced_rate=None):
        for t in self.targets.values():
            # --b7-rate: the same base for every gateway; else each one's own B1 rated rate (PERFORMANCE.md)
            rated = forced_rate or rated_rate(self.results, "B1", t.name) or default_rate
            hi, lo = int(rated * 1.5), max(1, int(rated * 0.5))
            name = f"B7-{rated}-{t.name}"
            workdir = os.path.join(self.run_dir, "steps", name)
            w2 = os.path.join(workdir, "recovery")
            os.makedirs(w2, exist_ok=True)
            self.wait_for_quiet(name)
            server = uas(workdir)
            time.sleep(0.3)
            rcv0 = rcvbuf_errors()
            c1 = Sipp(self.uac_args(t, "B7", hi, int(hi * over_s), "u1", 0, UAC_PORT, workdir, 60), workdir, "uac.out")
            groups = t.cpu_groups(self.webhook.pids())
            groups.update(uac=[c1.pid], uas=[server.pid])
            cpu = CpuMeter(groups, os.path.join(workdir, "pidstat.log"))
            mem_max, t0, overlap = 0, time.time(), False
            c2 = None
            while c1.running() or (c2 and c2.running()) or c2 is None:
                time.sleep(0.2)
                if c2 is None and time.time() - t0 >= over_s:
                    c2 = Sipp(self.uac_args(t, "B7", lo, int(lo * rec_s), "u1", 0, UAC2_PORT, w2, 60), w2, "uac.out")
                mem_max = max(mem_max, t.mem_kib())
                overlap = overlap or test_jvm_running()
                if time.time() - t0 > over_s + rec_s + 150:
                    for c in (c1, c2):
                        if c:
                            c.stop(5)
                    break
            c1.wait()
            if c2:
                c2.wait()
            cpu_pct = cpu.stop()
            if c1.cpu_pct is not None:
                cpu_pct["uac"] = c1.cpu_pct
            server.stop()
            rcv1 = rcvbuf_errors()
            s1, s2 = read_stat(os.path.join(workdir, "uac.csv")), read_stat(os.path.join(w2, "uac.csv"))
            l1, l2 = (s1[-1] if s1 else {}), (s2[-1] if s2 else {})
            rej1, rej2 = read_counts(workdir), read_counts(w2)
            rtt1 = sorted(v for _, v in read_rtt(workdir))
            recovery = recovery_seconds(s2, read_rtt(w2), w2)
            row = dict(scenario="B7", step=f"{hi}>{lo}", target=t.name, rate=hi, transport="u1", seconds=over_s,
                       calls=int(hi * over_s), created=ival(l1, "OutgoingCall(C)"),
                       cps=round(ival(l1, "OutgoingCall(C)") / over_s, 1), ok=ival(l1, "SuccessfulCall(C)") - rej1,
                       failed=ival(l1, "FailedCall(C)"), rejected_503=rej1, uas_failed=0,
                       retrans=ival(l1, "Retransmissions(C)"), rcvbuf=rcv1 - rcv0,
                       p50=pct(rtt1, .5), p95=pct(rtt1, .95), p99=pct(rtt1, .99), pmax=rtt1[-1] if rtt1 else None,
                       cpu=cpu_pct, rss_mib=round(mem_max / 1024, 1), overlap=overlap, load_before=None,
                       recovery_s=recovery, rec_rate=lo, rec_ok=ival(l2, "SuccessfulCall(C)") - rej2,
                       rec_failed=ival(l2, "FailedCall(C)"), rec_503=rej2, rec_retrans=ival(l2, "Retransmissions(C)"),
                       dir=os.path.relpath(workdir, self.run_dir))
            self.results.append(row)
            log(fmt_row(row) + f"  | then {lo}/s: ok={row['rec_ok']} failed={row['rec_failed']} "
                f"503={rej2} retrans={row['rec_retrans']} recovered after {recovery}s")
            self.settle(row)


def recovery_seconds(stats, rtt, workdir):
    """Seconds after the drop to 50% until every later second is clean: no failed call, no retransmission, no 503,
    setup p99 of the calls answered in that second <= 50 ms. None when it never became clean."""
    per_s = {}
    for t_ms, v in rtt:
        per_s.setdefault(int(t_ms // 1000), []).append(v)
    counts = []
    for f in glob.glob(os.path.join(workdir, "*_counts.csv")):
        counts = read_stat(f)
    bad = set()
    for r in stats:
        s = int(seconds(r.get("ElapsedTime(C)", "0")))
        if ival(r, "FailedCall(P)") or ival(r, "Retransmissions(P)"):
            bad.add(s)
    prev = 0
    for r in counts:  # -trace_counts rows are cumulative: a rise is a 503 in that second
        s = int(seconds(r.get("ElapsedTime(C)", "0")))
        tot = sum(ival(r, k) for k in r if re.match(r"^\d+_503_Recv$", k))
        if tot > prev:
            bad.add(s)
        prev = tot
    for s, vals in per_s.items():
        vals.sort()
        if pct(vals, .99) > 50:
            bad.add(s)
    if not stats:
        return None
    return (max(bad) + 1) if bad else 0


# ---------------------------------------------------------------- the report

def account(r):
    """Counts as failed the calls the UAC neither completed nor failed by its end: B1's and B2's scenarios (the
    anchors', unchanged) have no branch for a 503, so SIPp leaves a refused call waiting until it exits and counts it
    nowhere; without this a step where psip refused a third of the calls read "0 failed"."""
    if "created" in r and "unfinished" not in r:
        r["unfinished"] = max(0, r["created"] - r["ok"] - r.get("rejected_503", 0) - r["failed"])
        r["failed"] += r["unfinished"]
    return r


def rated_rate(results, scenario, target, transport="u1"):
    ok = [r for r in results if r["scenario"] == scenario and r["target"] == target and r["transport"] == transport
          and r["failed"] == 0 and r["retrans"] == 0 and r["rejected_503"] == 0
          and r["uas_failed"] <= 0.001 * max(1, r["calls"])
          and r["p99"] is not None and r["p99"] <= 50]
    return max((r["rate"] for r in ok), default=None)


def max_rate(results, scenario, target, transport="u1"):
    ok = [r for r in results if r["scenario"] == scenario and r["target"] == target and r["transport"] == transport
          and r["failed"] + r["uas_failed"] <= 0.001 * max(1, r["calls"]) and r["cps"] >= 0.95 * r["rate"]]
    return max((r["rate"] for r in ok), default=None)


def f1(v, nd=1):
    return "-" if v is None else (f"{v:.{nd}f}" if isinstance(v, float) else str(v))


COLS = ["scenario", "step", "target", "calls/s", "ok", "failed", "503", "retrans", "rcvbuf", "p50 ms", "p95 ms",
        "p99 ms", "CPU% gw", "CPU% db", "CPU% web", "CPU% uac", "CPU% uas", "RSS MiB", "note"]


def cells(r):
    c = r["cpu"]
    note = []
    if r.get("overlap"):
        note.append("test JVM overlapped")
    if r.get("uas_failed"):
        note.append(f"uas failed {r['uas_failed']}")
    if r.get("unfinished"):
        note.append(f"{r['unfinished']} of the failed unfinished at the UAC's end (a 503 or no answer)")
    if any((r.get("drops") or {}).values()):
        d = r["drops"]
        note.append(f"socket drops gw/uas/uac {d['gw']}/{d['uas']}/{d['uac']}")
    if r.get("gc_max_ms"):
        note.append(f"GC max {r['gc_max_ms']:.0f} ms")
    if r.get("threads"):
        note.append(f"busiest: {r['threads']}")
    if r["scenario"] == "B4" and r.get("b4_calls"):
        s = f"{r['b4_calls']} calls: {r['b4_mem_mib']} MiB"
        if r.get("b4_bytes_per_call_heap") is not None:
            s += f", {r['b4_bytes_per_call_heap']} B/call heap"
        s += f", {r['b4_bytes_per_call_mem']} B/call {'RSS' if r['target'].startswith('psip') else 'PSS'}"
        note.append(s)
    if r["scenario"] == "B7":
        note.append(f"then {r['rec_rate']}/s: failed {r['rec_failed']}, 503 {r['rec_503']}, retrans {r['rec_retrans']}; "
                    f"clean after {f1(r['recovery_s'])} s")
    return [r["scenario"], r["step"] + ("" if r["transport"] == "u1" else f" {r['transport']}"), r["target"],
            f1(r["cps"]), str(r["ok"]), str(r["failed"]), str(r["rejected_503"]), str(r["retrans"]), str(r["rcvbuf"]),
            f1(r["p50"], 0), f1(r["p95"], 0), f1(r["p99"], 0), f1(c.get("gw")), f1(c.get("db")), f1(c.get("nginx")),
            f1(c.get("uac")), f1(c.get("uas")), f1(r["rss_mib"]), "; ".join(note)]


def fmt_row(r):
    return " ".join(f"{k}={v}" for k, v in zip(COLS, cells(r)) if v not in ("", "-"))


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def cluster_cost_summary(results, a="psip", b="psip-cluster"):
    """--cluster-cost: rated and max B1 rate of the standalone and the clustered gateway, the ratio clustered /
    standalone, and at every rate both ran the setup p99 and the gateway's CPU side by side."""
    ra, rb = rated_rate(results, "B1", a), rated_rate(results, "B1", b)
    ma, mb = max_rate(results, "B1", a), max_rate(results, "B1", b)
    lines = [f"B1 rated (0 failed, 0 retrans, 0 503, p99 <= 50 ms): {a} (standalone) {f1(ra)}, {b} (one clustered "
             f"node) {f1(rb)} calls/s -> clustered/standalone {ratio(rb, ra)}",
             f"B1 max (<= 0.1% failed, >= 95% of the offered rate): {a} {f1(ma)}, {b} {f1(mb)} calls/s -> "
             f"clustered/standalone {ratio(mb, ma)}"]
    by = {}
    for r in results:
        if r["scenario"] == "B1" and r["target"] in (a, b):
            by.setdefault(r["rate"], {})[r["target"]] = r
    for rate in sorted(by):
        ra_, rb_ = by[rate].get(a), by[rate].get(b)
        if ra_ and rb_:
            ca, cb = ra_["cpu"].get("gw"), rb_["cpu"].get("gw")
            lines.append(f"B1 {rate}/s, {a} / {b}: p99 {f1(ra_['p99'], 0)} / {f1(rb_['p99'], 0)} ms, failed "
                         f"{ra_['failed']} / {rb_['failed']}, retrans {ra_['retrans']} / {rb_['retrans']}, CPU gw "
                         f"{f1(ca)} / {f1(cb)} % -> clustered/standalone CPU {ratio(cb, ca)}")
    return lines


def summary(results, targets):
    if "psip-cluster" in targets:
        return cluster_cost_summary(results)
    lines = []
    b1p, b1k = rated_rate(results, "B1", "psip"), rated_rate(results, "B1", "peer")
    m1p, m1k = max_rate(results, "B1", "psip"), max_rate(results, "B1", "peer")
    b2p, b2k = rated_rate(results, "B2", "psip"), rated_rate(results, "B2", "peer")
    m2p, m2k = max_rate(results, "B2", "psip"), max_rate(results, "B2", "peer")
    lines.append(f"B1 rated (0 failed, 0 retrans, p99 <= 50 ms): psip {f1(b1p)}, peer {f1(b1k)} calls/s -> "
                 f"{ratio(b1p, b1k)} (target >= 1.00x)")
    lines.append(f"B1 max (<= 0.1% failed): psip {f1(m1p)}, peer {f1(m1k)} calls/s -> {ratio(m1p, m1k)}")
    at = [r for r in results if r["scenario"] == "B1" and r["target"] == "psip" and r["rate"] == b1p]
    if at:
        lines.append(f"B1 psip p99 INVITE->200 at rated: {f1(at[0]['p99'], 0)} ms (target <= 20 ms)")
    lines.append(f"B2 rated (407 digest, MD5): psip {f1(b2p)}, peer {f1(b2k)} calls/s -> {ratio(b2p, b2k)}; "
                 f"max psip {f1(m2p)}, peer {f1(m2k)}; psip B2/B1 rated {ratio(b2p, b1p)} (target >= 0.80x)")
    for r in results:
        if r["scenario"] == "B4" and r.get("b4_calls"):
            lines.append(f"B4 {r['target']}: {r['b4_calls']} concurrent calls, {r['b4_mem_mib']} MiB "
                         f"{'RSS' if r['target'].startswith('psip') else 'PSS'}"
                         + (f", live heap {r['b4_heap_mib']} MiB = {r['b4_bytes_per_call_heap']} B/call"
                            if r.get('b4_heap_mib') is not None else "")
                         + f", {r['b4_bytes_per_call_mem']} B/call by memory delta (target: 20,000 calls <= 1024 MiB)")
        if r["scenario"] == "B7":
            lines.append(f"B7 {r['target']}: {r['rate']}/s for {r['seconds']} s: ok {r['ok']}, 503 {r['rejected_503']}, "
                         f"failed {r['failed']}; then {r['rec_rate']}/s clean after {f1(r['recovery_s'])} s "
                         f"(target <= 30 s, 503 + Retry-After while overloaded)")
    return lines


def markdown(results, meta, lines):
    out = [f"# psip load benchmark, {meta['stamp']}", "",
           f"Mode `{meta['mode']}`, steps of {meta['step']} s; {meta['host']}; psip {meta['commit']}; "
           f"heap {meta['heap']}; answer_url: {meta['webhook']}; event_url: {meta['events']}; PostgreSQL: "
           f"{meta['db']}; SIPp {meta['sipp']}; {meta['kamailio']}."]
    if meta.get("cluster_cost"):
        out += ["", "**Cost of clustering** (`--cluster-cost`): `psip` standalone and `psip-cluster` (one clustered "
                "node: Hazelcast on 127.0.0.1, `--cluster`), both up for the whole run, each with its own database on "
                "the same external PostgreSQL server; each rate runs against `psip`, then `psip-cluster`; ratios "
                "are clustered / standalone."]
    out += ["",
           "calls/s = calls created / time to create them; retrans = UAC + UAS retransmissions; rcvbuf = Udp "
           "RcvbufErrors delta (/proc/net/snmp), machine-wide; \"socket drops\" in the notes splits them by socket "
           "(gateway, UAS, UAC; /proc/net/udp's drops column); p50-p99 = INVITE -> 200 at the UAC (B2: first INVITE -> 200, "
           "407 round trip included); CPU% = pidstat average over the step, 100 = one vCPU (gw: psip JVM | all "
           "Kamailio processes; db: psip's PostgreSQL; web: nginx); RSS: psip VmRSS max | Kamailio PSS sum.",
           "", "| " + " | ".join(COLS) + " |", "|" + "---|" * len(COLS)]
    for r in results:
        out.append("| " + " | ".join(cells(r)) + " |")
    out += ["", "## Summary", ""] + [f"- {x}" for x in lines]
    return "\n".join(out) + "\n"


def text_table(results):
    rows = [COLS[:-1]] + [cells(r)[:-1] for r in results]
    w = [max(len(r[i]) for r in rows) for i in range(len(COLS) - 1)]
    out = []
    for i, r in enumerate(rows):
        out.append("  ".join(v.rjust(w[j]) if j > 2 else v.ljust(w[j]) for j, v in enumerate(r)))
        if i == 0:
            out.append("  ".join("-" * x for x in w))
    notes = [(c[0], c[1], c[2], c[-1]) for c in (cells(r) for r in results) if c[-1]]
    if notes:
        out.append("")
        out += [f"  {a} {b} {t}: {n}" for a, b, t, n in notes]
    return "\n".join(out)


def chart(results, path):
    """rate vs p99 and CPU, B1 (and B2) for psip and the peer. Needs matplotlib (python3-matplotlib)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "no chart: matplotlib is missing (apt-get install python3-matplotlib)"
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    styles = {"psip": "tab:blue", "peer": "tab:orange", "psip-cluster": "tab:red"}
    for sc, ls in (("B1", "-"), ("B2", "--")):
        for t, color in styles.items():
            rs = sorted((r for r in results if r["scenario"] == sc and r["target"] == t and r["transport"] == "u1"),
                        key=lambda r: r["rate"])
            if not rs:
                continue
            lab = f"{t} {sc}"
            a1.plot([r["rate"] for r in rs], [max(1, r["p99"] or 0) for r in rs], ls, marker="o", color=color, label=lab)
            a2.plot([r["rate"] for r in rs], [r["cpu"].get("gw", 0) for r in rs], ls, marker="o", color=color,
                    label=lab + " gateway")
            if t.startswith("psip"):
                a2.plot([r["rate"] for r in rs], [r["cpu"].get("db", 0) for r in rs], ls, marker="x",
                        color="tab:green" if t == "psip" else "tab:olive", label=lab + " PostgreSQL")
    a1.axhline(50, color="grey", lw=0.8, ls=":")
    a1.axhline(20, color="grey", lw=0.8, ls=":")
    a1.set_yscale("log")  # SIPp's clock ticks in 4 ms steps: a p99 of 0 is drawn at 1 ms
    a1.set(xlabel="offered calls/s", ylabel="setup p99 (ms)", title="INVITE->200 p99 vs rate")
    a2.set(xlabel="offered calls/s", ylabel="CPU % (100 = 1 vCPU)", title="CPU vs rate")
    for a in (a1, a2):
        a.grid(alpha=0.3)
        a.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


# ---------------------------------------------------------------- main

def build_shim(run_dir):
    """Compiles shim/ (MD5-first digest challenge for SIPp 3.6.1) against the gateway jar."""
    out = os.path.join(run_dir, "shim")
    os.makedirs(out, exist_ok=True)
    srcs = glob.glob(os.path.join(HERE, "shim", "io", "psip", "benchshim", "*.java"))
    subprocess.run(["javac", "-nowarn", "-cp", JAR, "-d", out] + srcs, check=True)
    shutil.copytree(os.path.join(HERE, "shim", "META-INF"), os.path.join(out, "META-INF"), dirs_exist_ok=True)
    jar = os.path.join(run_dir, "bench-shim.jar")
    subprocess.run(["jar", "cf", jar, "-C", out, "."], check=True)
    return jar


def raise_buffers():
    notes = []
    if os.geteuid() == 0:
        for k in ("net.core.rmem_max", "net.core.wmem_max"):
            try:
                with open(f"/proc/sys/{k.replace('.', '/')}") as f:
                    cur = int(f.read())
                if cur < 33554432:
                    with open(f"/proc/sys/{k.replace('.', '/')}", "w") as f:
                        f.write("33554432")
                    notes.append(f"{k} {cur} -> 33554432")
            except OSError as e:
                notes.append(f"{k}: cannot raise ({e})")
    else:
        notes.append("not root: net.core.rmem_max/wmem_max left as they are")
    return notes


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def render(run_dir):
    with open(os.path.join(run_dir, "results.json")) as f:
        data = json.load(f)
    meta, results = data["meta"], [account(r) for r in data["results"]]
    targets = sorted({r["target"] for r in results}, key=lambda t: (t != "psip", t))
    lines = summary(results, targets)
    print(text_table(results))
    print()
    for x in lines:
        print(x)
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump(dict(meta=meta, results=results, summary=lines), f, indent=1, default=str)
    with open(os.path.join(run_dir, "results.md"), "w") as f:
        f.write(markdown(results, meta, lines))
    chart(results, os.path.join(run_dir, "chart.png"))
    return 0


def main():
    global JAR
    # SIGTERM (and SIGINT, which a shell ignores in background jobs) end the run cleanly: psip, Kamailio and nginx are
    # stopped and the steps that ran are reported
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--quick", action="store_const", dest="mode", const="quick", help="10 s steps, fewer rates")
    g.add_argument("--smoke", action="store_const", dest="mode", const="smoke", help="a few seconds per step")
    ap.add_argument("--step", type=int, help="step length in seconds (default: 60 full, 10 quick, 3 smoke)")
    ap.add_argument("--rates", help="B1 rates, comma-separated (default per mode)")
    ap.add_argument("--b2-rates", help="B2 rates, comma-separated")
    ap.add_argument("--scenarios", help="subset, e.g. B1,B2 (default: all; B1 with --cluster-cost)")
    ap.add_argument("--b4-calls", type=int, help="B4 concurrent calls (default 20000)")
    ap.add_argument("--b7-rate", type=int, help="B7 base rate for every gateway (default: each one's own B1 rated rate)")
    ap.add_argument("--no-peer", action="store_true", help="psip only")
    ap.add_argument("--cluster-cost", action="store_true",
                    help="the cost of clustering: psip standalone against psip as a one-node cluster (Hazelcast), "
                    "both on one throwaway external PostgreSQL (initdb in the run directory), no peer; B1 unless "
                    "--scenarios says otherwise; ratios clustered/standalone")
    ap.add_argument("--events", choices=("on", "off"), default="on",
                    help="off: the bench application has no event_url, so psip posts no call events (it still "
                    "records every leg in PostgreSQL and drops each event in its webhook verticle)")
    ap.add_argument("--heap", default="768m", help="psip's fixed heap (-Xms = -Xmx)")
    ap.add_argument("--jvm-opts", default=DEFAULT_JVM_OPTS,
                    help=f"psip's other JVM options (default: {DEFAULT_JVM_OPTS!r}; '' for the JVM's defaults)")
    ap.add_argument("--jfr", action="store_true", help="record psip with JFR (psip-profile.jfc: 2 ms sampling) "
                    "into <run>/<gateway>/psip.jfr (psip; --cluster-cost: psip and psip-cluster)")
    ap.add_argument("--pause", type=float, default=3, help="seconds between clean steps")
    ap.add_argument("--drain", type=float, default=33, help="seconds after an unclean step (64*T1 + 1)")
    ap.add_argument("--wait-tests", type=int, help="max seconds to wait for someone's test JVM before a step "
                    "(default 600; 0 in --smoke)")
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--render", metavar="RUN_DIR", help="run nothing: recount a finished run's results.json with "
                    "this version's accounting and write its table, results.md and chart.png again")
    o = ap.parse_args()
    if o.render:
        return render(o.render)
    o.mode = o.mode or "full"
    m = MODES[o.mode]
    o.step = o.step or m["step"]
    if o.wait_tests is None:
        o.wait_tests = 0 if o.mode == "smoke" else 600
    if o.scenarios is None:
        o.scenarios = "B1" if o.cluster_cost else ",".join(ALL_SCENARIOS)
    scen = [s.strip().upper() for s in o.scenarios.split(",") if s.strip()]
    if o.cluster_cost:
        o.no_peer = True  # the comparison is psip against itself
    b1 = [int(x) for x in o.rates.split(",")] if o.rates else m["b1"]
    b2 = [int(x) for x in o.b2_rates.split(",")] if o.b2_rates else m["b2"]
    b4n, b4r = m["b4"]
    b4n = o.b4_calls or b4n

    missing = [t for t in ("java", "javac", "jar", "jcmd", "sipp") if not shutil.which(t)]
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)} (apt-get install sip-tester; a JDK 17)")
    if not o.no_peer and not shutil.which("kamailio"):
        log("kamailio is not installed: the peer columns stay empty "
            "(apt-get install kamailio kamailio-extra-modules kamailio-json-modules kamailio-utils-modules)")
        o.no_peer = True
    if not os.path.exists(JAR):
        raise SystemExit(f"missing {JAR}: build first (bench/load.sh does)")
    global JVM_OPTS
    JVM_OPTS = o.jvm_opts.split()

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir = os.path.join(o.out, f"load-{stamp}")
    os.makedirs(run_dir, exist_ok=True)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    if subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "core", "auth-acl", "auth-digest", "webhook",
                       "gateway/src/main"], capture_output=True, text=True).stdout.strip():
        commit += " + uncommitted changes"
    sipp_v = re.sub(r"\s+", " ", subprocess.run(["sipp", "-v"], capture_output=True, text=True).stdout).strip()
    sipp_v = (re.search(r"v[\d.]+\S*", sipp_v) or [sipp_v])[0]
    kam_v = "no peer" if o.no_peer else subprocess.run(["kamailio", "-v"], capture_output=True,
                                                       text=True).stdout.split("\n")[0].replace("version: ", "")
    meta = dict(stamp=stamp, mode=o.mode, step=o.step, commit=commit, heap=o.heap, jvm_opts=o.jvm_opts, sipp=sipp_v, kamailio=kam_v,
                host=f"{os.uname().sysname} {os.uname().release}, {os.cpu_count()} vCPU",
                cluster_cost=o.cluster_cost, scenarios=scen,
                events="on" if o.events == "on" else "off (no event_url: no event is posted)",
                db="embedded (in the run directory)", notes=raise_buffers())
    for n in meta["notes"]:
        log(n)

    # a private copy: other people's builds in this tree rewrite gateway/target while a run is going
    shutil.copy2(JAR, os.path.join(run_dir, "psip-gateway.jar"))
    JAR = os.path.join(run_dir, "psip-gateway.jar")

    bench = Bench(o, run_dir)
    psip = peer = pg = None
    gateways = []
    try:
        bench.webhook = Webhook(run_dir)
        meta["webhook"] = bench.webhook.kind
        shim = build_shim(run_dir) if "B2" in scen else None
        events = o.events == "on"
        if o.cluster_cost:
            # one PostgreSQL server, a database per gateway (their directories and call records stay apart)
            pg = Postgres(run_dir, ["psip_standalone", "psip_cluster"])
            meta["db"] = f"external {pg.version} (initdb in the run directory, shared by both gateways)"
            psip = Psip(run_dir, o.heap, o.jfr, shim, events=events, db_url=pg.url("psip_standalone"),
                        db_pids=pg.pids())
            gateways.append(psip)
            psip.provision()
            node = Psip(run_dir, o.heap, o.jfr, shim, name="psip-cluster", sip_port=CLUSTER_SIP,
                        http_port=CLUSTER_HTTP, events=events, db_url=pg.url("psip_cluster"), db_pids=pg.pids(),
                        clustered=True)
            gateways.append(node)
            node.provision()
        else:
            psip = Psip(run_dir, o.heap, o.jfr, shim, events=events)
            gateways.append(psip)
            psip.provision()
        for g in gateways:
            bench.targets[g.name] = g
        if not o.no_peer:
            peer = Kamailio(run_dir)
            bench.targets["peer"] = peer
        # warm-up: JIT psip's call path (gently: a cold JVM melts at 200/s), not reported
        for g in gateways:
            for rate, secs in ((20, 5), (50, 5), (100, 5), (200, 5)) if o.mode != "smoke" else ((20, 5),):
                bench.step("warmup", str(rate), g, rate, secs, record=False)
        if "B0" in scen:
            for rate in m["b0"]:
                for t in bench.targets.values():
                    bench.step("B0", str(rate), t, rate, o.step)
        if "B1" in scen:
            bench.rising("B1", b1)
        if "B2" in scen:
            bench.rising("B2", b2)
        if "B4" in scen:
            bench.b4(b4n, b4r)
        if "B6" in scen:
            for mode, rate in m["b6"]:
                for t in bench.targets.values():
                    bench.step("B6", str(rate), t, rate, o.step, transport=mode)
        if "B7" in scen:
            bench.b7(m["b7"][0], m["b7"][1], m["b7_default"], o.b7_rate)
    except KeyboardInterrupt:
        log("interrupted: reporting what ran")
    finally:
        for g in gateways:
            key = g.name.replace("-", "_")
            meta[f"{key}_gc_max_ms"], meta[f"{key}_gc_pauses"] = g.gc_pauses(0)
            g.stop()
        if peer:
            peer.stop()
        if bench.webhook:
            bench.webhook.stop()
        if pg:
            pg.stop()

    lines = summary(bench.results, bench.targets)
    table = text_table(bench.results)
    print()
    print(f"psip load benchmark {stamp}: mode {o.mode}, {o.step} s steps, psip {commit}, {meta['host']}, "
          f"SIPp {sipp_v}, peer {kam_v}, events {o.events}, PostgreSQL {meta['db']}, heap {o.heap} {o.jvm_opts}"
          + ("; cost of clustering: psip (standalone) vs psip-cluster (one clustered node)" if o.cluster_cost else ""))
    print(table)
    print()
    for x in lines:
        print(x)
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump(dict(meta=meta, results=bench.results, summary=lines), f, indent=1, default=str)
    with open(os.path.join(run_dir, "results.md"), "w") as f:
        f.write(markdown(bench.results, meta, lines))
    png = chart(bench.results, os.path.join(run_dir, "chart.png"))
    print(f"\nwritten: {run_dir}/results.md, results.json, {os.path.basename(png) if png.endswith('.png') else png}")
    return 0 if bench.results else 1


if __name__ == "__main__":
    sys.exit(main())
