#!/usr/bin/env python3
"""Where the services' CPU goes, while orders flow (benchmarks/measurements.md, "Where the CPU goes").

  benchmarks/where-cpu-goes.py threads OUT.json        CPU time of every thread of every service, now (/proc)
  benchmarks/where-cpu-goes.py threads-diff A.json B.json [ORDERS]
                                                       what each service's threads spent between two snapshots,
                                                       grouped by thread family (JIT, GC, HTTP, listeners, relay...)
  benchmarks/where-cpu-goes.py jfr REC.jfr [TOP]       a JFR recording's execution samples: share of samples per
                                                       library (inclusive: anywhere on the stack; self: the top frame),
                                                       per thread family, and the hottest methods

Record with SECURECART_JAVA_OPTS="... -XX:StartFlightRecording:filename=/tmp/rec-%p.jfr,settings=profile" (%p is the
pid; ./securecart's pid files name the service). The services' pids come from $SECURECART_STATE/pids (default
.securecart/pids). The JDK's `jfr` tool is taken from JAVA_HOME, else from PATH.
"""
import collections, json, os, re, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE = os.environ.get("SECURECART_STATE", os.path.join(ROOT, ".securecart"))
SERVICES = ["checkout", "payment", "fulfillment", "inventory", "notification"]
TICKS = os.sysconf("SC_CLK_TCK")

# First match wins; checked against each frame's class name.
LIBRARIES = [
    ("json (Jackson)", ("tools.jackson.", "com.fasterxml.jackson.")),
    ("hibernate", ("org.hibernate.",)),
    ("jdbc (pgjdbc, Hikari)", ("org.postgresql.", "com.zaxxer.hikari.")),
    ("aws sdk", ("software.amazon.awssdk.",)),
    ("netty", ("io.netty.",)),
    ("spring cloud aws (sqs listeners)", ("io.awspring.",)),
    ("tracing (OpenTelemetry, Zipkin)", ("io.opentelemetry.", "io.micrometer.tracing.", "zipkin2.")),
    ("micrometer (observations, meters)", ("io.micrometer.",)),
    ("prometheus exposition", ("io.prometheus.",)),
    ("logging", ("ch.qos.logback.", "org.slf4j.", "org.springframework.boot.logging.")),
    ("spring security, JWT", ("org.springframework.security.", "com.nimbusds.")),
    ("tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("spring mvc", ("org.springframework.web.",)),
    ("spring tx, aop, data", ("org.springframework.transaction.", "org.springframework.aop.",
                              "org.springframework.data.", "org.springframework.orm.")),
    ("spring jdbc", ("org.springframework.jdbc.",)),
    ("spring (other)", ("org.springframework.",)),
    ("securecart", ("io.securecart.",)),
    ("crypto", ("sun.security.", "javax.crypto.", "com.sun.crypto.")),
    ("reflection, method handles", ("jdk.internal.reflect.", "java.lang.invoke.", "java.lang.reflect.")),
    ("jdk (other)", ("java.", "jdk.", "sun.", "javax.")),
]


def library(class_name):
    for name, prefixes in LIBRARIES:
        if class_name.startswith(prefixes):
            return name
    return "other"


def family(thread_name):
    """A thread family: the name without its numbers (http-nio-8080-exec-7 -> http-nio-#-exec-#)."""
    return re.sub(r"\d+", "#", thread_name or "?")


def pids():
    found = {}
    for service in SERVICES:
        try:
            with open(os.path.join(STATE, "pids", service + ".pid")) as f:
                pid = int(f.read().strip())
            if os.path.exists("/proc/%d" % pid):
                found[service] = pid
        except (OSError, ValueError):
            pass
    return found


def threads_snapshot(out):
    snapshot = {"at": time.time(), "services": {}}
    for service, pid in pids().items():
        threads = {}
        for tid in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                    name = f.read().strip()
                with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                threads[tid] = [name, (int(fields[11]) + int(fields[12])) / TICKS]
            except OSError:
                pass  # the thread ended meanwhile
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        snapshot["services"][service] = {"pid": pid, "cpu": (int(fields[11]) + int(fields[12])) / TICKS,
                                         "threads": threads}
    with open(out, "w") as f:
        json.dump(snapshot, f)


def threads_diff(a_file, b_file, orders=None):
    a, b = (json.load(open(x)) for x in (a_file, b_file))
    seconds = b["at"] - a["at"]
    print("%.1f s between the snapshots%s" % (seconds, ", %d orders" % orders if orders else ""))
    for service, after in b["services"].items():
        before = a["services"].get(service)
        if not before or before["pid"] != after["pid"]:
            print("%s: restarted or missing" % service)
            continue
        total = after["cpu"] - before["cpu"]
        families = collections.Counter()
        for tid, (name, cpu) in after["threads"].items():
            families[family(name)] += cpu - before["threads"].get(tid, [name, 0])[1]
        per = " (%.1f ms per order)" % (total * 1000 / orders) if orders else ""
        print("\n%s: %.2f CPU s, %.0f %% of a core%s" % (service, total, 100 * total / seconds, per))
        for name, cpu in families.most_common(12):
            if cpu > 0:
                print("  %5.1f %%  %6.2f s  %s" % (100 * cpu / total if total else 0, cpu, name))


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    return os.path.join(home, "bin", "jfr") if home and os.path.exists(os.path.join(home, "bin", "jfr")) else "jfr"


def jfr(recording, top=25):
    text = subprocess.run([jfr_tool(), "print", "--json", "--events", "jdk.ExecutionSample", recording],
                          check=True, capture_output=True, text=True).stdout
    events = json.loads(text)["recording"]["events"]
    inclusive, self_, methods, threads, entries = (collections.Counter() for _ in range(5))
    for event in events:
        values = event["values"]
        frames = [(f["method"]["type"]["name"].replace("/", "."), f["method"]["name"]) for f in
                  (values.get("stackTrace") or {}).get("frames", [])]
        if not frames:
            continue
        thread = (values.get("sampledThread") or {}).get("javaName") or (values.get("sampledThread") or {}).get(
            "osName")
        threads[family(thread)] += 1
        for lib in {library(cls) for cls, _ in frames}:
            inclusive[lib] += 1
        self_[library(frames[0][0])] += 1
        methods["%s.%s" % frames[0]] += 1
        # The first SecureCart frame from the bottom: which piece of the application the work serves.
        app = [("%s.%s" % f) for f in frames if f[0].startswith("io.securecart.")]
        entries[app[-1] if app else "(no securecart frame) " + family(thread)] += 1
    total = sum(threads.values()) or 1
    print("%s: %d execution samples (Java code only: the JIT and GC threads are not sampled; see threads-diff)"
          % (os.path.basename(recording), total))

    def show(title, counter, n):
        print("\n  %s" % title)
        for name, count in counter.most_common(n):
            print("  %5.1f %%  %s" % (100.0 * count / total, name))

    show("library, inclusive (on the stack)", inclusive, 20)
    show("library, self (top frame)", self_, 12)
    show("thread family", threads, 12)
    show("outermost SecureCart frame", entries, 15)
    show("hottest methods (self)", methods, top)


def main(argv):
    if len(argv) >= 2 and argv[0] == "threads":
        threads_snapshot(argv[1])
    elif len(argv) >= 3 and argv[0] == "threads-diff":
        threads_diff(argv[1], argv[2], int(argv[3]) if len(argv) > 3 else None)
    elif len(argv) >= 2 and argv[0] == "jfr":
        jfr(argv[1], int(argv[2]) if len(argv) > 2 else 25)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
