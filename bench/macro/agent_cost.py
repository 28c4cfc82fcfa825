# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The agent's fixed CPU cost per JVM, attributed to thread groups.

Runs its scenarios without and with the agent, alternating the configurations over rounds:
  tiny     a JVM whose main sleeps --sleep seconds (nothing to instrument; the agent's floor)
  pyspark  a trivial PySpark app on local-cluster[1,1,1024] (a driver JVM and one executor JVM):
           an RDD map through a Python worker and a DataFrame count, then --idle seconds idle
  classload    the class-load tax: a JVM with PySpark's jars on its class path that loads,
           without initialising, every class of Spark's core, catalyst and sql jars (about
           12,000), then sleeps --sleep seconds (so the agent's start-up is over and counted):
           what the agent costs a JVM that loads Spark's classes, start-up included
  classload3p  the same for jackson, guava and commons-lang3 (about 2,700 classes the agent
           does not target)

Configurations:
  none     no Pyrometer
  agent    -javaagent on every JVM (driver and executor), bootstrap at a closed local port
           (the broker unreachable for the whole run)
  broker   the same against a real broker (--bootstrap HOST:PORT, or --start-broker to run the
           collector's embedded broker for the whole benchmark)
  listener+agent / listener+broker (pyspark only): the same plus spark.extraListeners, as
           `pyrometer submit` passes it
  NAME     a --jar-variant NAME=path: the agent from another jar (a build before a change)
  NAME     a --variant NAME:k=v,...: the agent with extra arguments, broker unreachable (to split
           the cost: e.g. --variant bare:py4j.enabled=false,serializer.enabled=false,...)
  NAME     a --jvm-variant 'NAME:-XX:... -XX:...': the agent with extra JVM options (paths without
           spaces), broker unreachable (e.g. compiler flags, to split the JIT's share)
  NAME     a --spark-conf-variant NAME:key=value (pyspark only, repeatable): the agent with extra Spark
           confs, broker unreachable (e.g. spark.executor.extraClassPath=<agent jar>, which puts the
           agent's classes first in the class path lookups)

Per JVM it polls /proc/<pid>/task/*/stat every --poll seconds and keeps each thread's last
observed CPU time (utime+stime), so what a thread used after the last poll before the JVM's exit
(at most one poll interval) is missing; the JVM's own total comes from /proc/<pid>/stat at the
same poll (it includes threads that already ended: the difference to the sum of the threads seen
is reported as "(threads not seen)"). The kernel truncates thread names to 15 characters, so
threads are grouped by that prefix with the digits removed; the agent's three threads all read
"pyrometer-agent" and are told apart by creation order (thread ids): init, sampler, exporter. The exact CPU of the whole process tree (wait accounting) is
reported too. Medians over rounds.

    .venv/bin/python bench/macro/agent_cost.py [--scenarios tiny,pyspark] [--configs none,agent]
        [--rounds 5] [--sleep 12] [--idle 10] [--agent-args k=v,...] [--json out.json]

The agent jar: jvm-agent/target/pyrometer-agent-*.jar (mvn -B -ntp -pl jvm-agent -am
package -DskipTests), or --agent-jar. Standard library only.
"""

import argparse
import glob
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import side_by_side  # noqa: E402  (same directory)

from pyrometer import jars, procfs  # noqa: E402

ROOT = side_by_side.ROOT

TINY_MAIN = """
public class AgentCostSleep {
    public static void main(String[] args) throws Exception {
        Thread.sleep(Long.parseLong(args[0]));
    }
}
"""

CLASSLOAD_MAIN = """
import java.io.File;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public class AgentCostClassLoad {
    public static void main(String[] args) throws Exception {
        ClassLoader loader = AgentCostClassLoad.class.getClassLoader();
        int loaded = 0, failed = 0;
        long sleepMs = Long.parseLong(args[0]);
        for (String jar : java.util.Arrays.copyOfRange(args, 1, args.length)) {
            try (JarFile j = new JarFile(new File(jar))) {
                for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                    String n = e.nextElement().getName();
                    if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.contains("module-info")) {
                        continue;
                    }
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (Throwable t) {
                        failed++;
                    }
                }
            }
        }
        System.out.println("classes loaded " + loaded + ", not loadable " + failed);
        // Then as long as the tiny JVM sleeps, so the agent's start-up (on its own thread) is over
        // and counted whatever the machine's load.
        Thread.sleep(sleepMs);
    }
}
"""

# The jars each class-load scenario loads every class of (prefixes of PySpark's jar names).
CLASSLOAD_JARS = {
    "classload": ("spark-core_", "spark-catalyst_", "spark-sql_"),
    "classload3p": ("jackson-core-2", "jackson-databind-", "jackson-annotations-", "guava-1", "commons-lang3-"),
}

PYSPARK_APP = """
import sys, time
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName("agent-cost").getOrCreate()
sc = spark.sparkContext
print("sum=%d" % sc.parallelize(range(10000), 2).map(lambda x: x * 2).sum(), flush=True)
print("count=%d" % spark.range(1000).count(), flush=True)
time.sleep(float(sys.argv[1]))
spark.stop()
"""

# (pattern on the 15-character thread name with digits removed, group)
GROUPS = [
    (r"^C2 CompilerThre", "C2 compiler"),
    (r"^C1 CompilerThre", "C1 compiler"),
    (r"^(GC Thread#|G1 |GC )", "GC"),
    (r"^VM Thread$", "VM thread"),
    (r"^main$", "main"),
    (r"^java$", "java (launcher thread)"),
    (r"^kafka-producer-", "kafka-producer-network-thread"),
    (r"^pyrometer-emitt", "pyrometer-emitter-sender"),
    (r"^pyrometer-", "pyrometer-(other)"),
    (r"^Thread-$", "Thread-N (Py4J)"),
    (r"^Executor task l", "Executor task launch worker"),
    (
        r"^(dispatcher-|rpc-|netty-rpc|shuffle-|driver-|executor-|spark-|dag-scheduler|task-result|"
        r"Spark |appclient|heartbeat|block-manager|org\.apache|context-cleaner|element-tracking|"
        r"map-output|listener-group|SparkUI|qtp|Executor |stdout writer|stderr reader|"
        r"worker|Worker|Master|master|File appending|process reaper|RemoteBlock|"
        r"broadcast|cleaner|Timer-|kill-executor|MutableBuffer|shuffle|remote-)",
        "Spark threads",
    ),
]


def group_of(comm):
    name = re.sub(r"\d+$", "", comm)
    for pattern, group in GROUPS:
        if re.search(pattern, name):
            return group
    return "other: " + name


def jvm_role(line):
    if line.split(" ", 1)[0].rsplit("/", 1)[-1] != "java":
        return None
    if "org.apache.spark.launcher.Main" in line:
        return None
    if "CoarseGrainedExecutorBackend" in line:
        return "executor"
    if "org.apache.spark.deploy.SparkSubmit" in line:
        return "driver"
    if "AgentCostSleep" in line or "AgentCostClassLoad" in line:
        return "jvm"
    return None


class JvmWatch(threading.Thread):
    """Polls the JVMs under one process: per JVM its total CPU and each thread's last CPU."""

    def __init__(self, root, poll):
        super().__init__(daemon=True)
        self.root, self.poll_s = root, poll
        self.jvms = {}  # pid -> {"role", "total", "threads": {tid: [comm, cpu, start, last_seen_poll]}}
        self.polls = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.poll()
            self.done.wait(self.poll_s)

    def poll(self):
        self.polls += 1
        pids = [self.root] + sorted(procfs.descendants(self.root))
        for pid in pids:
            j = self.jvms.get(pid)
            if j is None:
                role = jvm_role(procfs.cmdline(pid))
                if role is None:
                    continue
                j = self.jvms[pid] = {"role": role, "total": 0.0, "threads": {}}
            s = procfs.stat(pid)
            if s is None:
                continue
            for tid in procfs.thread_ids(pid):
                t = procfs.stat(pid, tid)
                if t is not None:
                    j["threads"][tid] = [t.comm, t.cpu_seconds, t.start_ticks, self.polls]
            j["total"] = max(j["total"], s.cpu_seconds)

    def result(self):
        """role -> {"total": s, "groups": {group: s}} (summed over JVMs of one role)."""
        out = {}
        for j in self.jvms.values():
            r = out.setdefault(j["role"], {"total": 0.0, "groups": {}, "jvms": 0})
            r["jvms"] += 1
            r["total"] += j["total"]
            seen = 0.0
            # The agent's threads in creation order (thread ids grow): premain starts the init
            # thread, which starts the sampler, then the exporter.
            agent = sorted(tid for tid, v in j["threads"].items() if v[0] == "pyrometer-agent")
            names = ("pyrometer-agent-init", "pyrometer-agent-sampler", "pyrometer-agent-export")
            labels = {tid: names[n] if n < len(names) else "pyrometer-(other)" for n, tid in enumerate(agent)}
            for tid, (comm, cpu, _start, _seen) in j["threads"].items():
                g = labels.get(tid) or group_of(comm)
                r["groups"][g] = r["groups"].get(g, 0.0) + cpu
                seen += cpu
            r["groups"]["(threads not seen)"] = r["groups"].get("(threads not seen)", 0.0) + max(0.0, j["total"] - seen)
        return out


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def agent_jar(given):
    if given:
        return os.path.abspath(given)
    try:
        return jars.jar_path("agent")
    except jars.JarMissing as e:
        raise SystemExit(str(e)) from None


def agent_token(jar, bootstrap, extra):
    return "-javaagent:%s=bootstrap.servers=%s%s" % (jar, bootstrap, ("," + extra) if extra else "")


def agent_options(config, args, addresses, jar):
    """The JVM options of an instrumented JVM: a --jvm-variant's own first, then the agent."""
    token = agent_token(jar, bootstrap_for(config, addresses), extra_args(config, args))
    return JVM_OPTIONS.get(config, "").split() + [token]


def bootstrap_for(config, addresses):
    return addresses["broker"] if config.endswith("broker") else addresses["agent"]


VARIANTS = {}  # name -> extra agent arguments (--variant name:k=v,...), broker unreachable
JARS = {}  # name -> another agent jar (--jar-variant name=path), broker unreachable, to compare builds
JVM_OPTIONS = {}  # name -> extra JVM options with the agent (--jvm-variant 'name:-XX:...'), broker unreachable
SPARK_CONFS = {}  # name -> extra Spark confs with the agent, pyspark only (--spark-conf-variant 'name:k=v'), broker unreachable


def extra_args(config, args):
    parts = [a for a in (args.agent_args, VARIANTS.get(config, "")) if a]
    return ",".join(parts)


def command(scenario, config, args, work, addresses):
    jar = JARS.get(config) or agent_jar(args.agent_jar)
    if scenario == "tiny":
        cmd = ["java"]
        if config != "none":
            cmd.extend(agent_options(config, args, addresses, jar))
        return cmd + ["-cp", work, "AgentCostSleep", str(int(args.sleep * 1000))]
    if scenario in CLASSLOAD_JARS:
        jars_dir = os.path.join(side_by_side.spark_home(), "jars")
        every = sorted(glob.glob(os.path.join(jars_dir, "*.jar")))
        loaded = [j for j in every if os.path.basename(j).startswith(CLASSLOAD_JARS[scenario])]
        cmd = ["java"]
        if config != "none":
            cmd.extend(agent_options(config, args, addresses, jar))
        return cmd + ["-cp", os.pathsep.join([work] + every), "AgentCostClassLoad", str(int(args.sleep * 1000))] + loaded
    submit = os.path.join(side_by_side.spark_home(), "bin", "spark-submit")
    cmd = [
        submit,
        "--master",
        "local-cluster[1,1,1024]",
        "--driver-memory",
        "1g",
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        "spark.ui.showConsoleProgress=false",
    ]
    if config != "none":
        token = " ".join(agent_options(config, args, addresses, jar))
        cmd += ["--conf", "spark.driver.extraJavaOptions=" + token, "--conf", "spark.executor.extraJavaOptions=" + token]
        for conf in SPARK_CONFS.get(config, []):
            cmd += ["--conf", conf]
        if config.startswith("listener+"):
            cmd += [
                "--conf",
                "spark.extraListeners=dev.pyrometer.listener.PyrometerListener",
                "--conf",
                "spark.pyrometer.bootstrap.servers=" + bootstrap_for(config, addresses),
            ]
    return cmd + [os.path.join(work, "agent_cost_app.py"), str(args.idle)]


def run_once(cmd, env, log, poll):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        watch = JvmWatch(proc.pid, poll)
        watch.start()
        rc = proc.wait()
        watch.done.set()
        watch.join()
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    tree = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    started = None
    with open(log, errors="replace") as f:
        notes = []
        for line in f:
            if "agent started in" in line:
                notes.insert(0, line.strip())
            elif line.startswith("classes loaded "):
                notes.append(line.strip())
        started = "; ".join(notes) or None
    return {"rc": rc, "wall": wall, "tree_cpu": tree, "jvms": watch.result(), "started": started, "log": log}


def med(xs):
    return statistics.median(xs) if xs else 0.0


def report(scenario, configs, runs):
    roles = sorted({role for c in configs for r in runs[c] for role in r["jvms"]})
    print("\n### %s: medians of %d rounds" % (scenario, min(len(runs[c]) for c in configs)))
    print("\n| | " + " | ".join(configs) + " |")
    print("| --- |" + " --- |" * len(configs))
    print("| wall s | " + " | ".join("%.1f" % med([r["wall"] for r in runs[c]]) for c in configs) + " |")
    print(
        "| CPU s, whole process tree (exact) | "
        + " | ".join("%.2f" % med([r["tree_cpu"] for r in runs[c]]) for c in configs)
        + " |"
    )
    for role in roles:
        print(
            "| **%s JVM total** | " % role
            + " | ".join("**%.2f**" % med([r["jvms"].get(role, {}).get("total", 0.0) for r in runs[c]]) for c in configs)
            + " |"
        )
        groups = sorted({g for c in configs for r in runs[c] for g in r["jvms"].get(role, {}).get("groups", {})})
        rows = []
        for g in groups:
            vals = [med([r["jvms"].get(role, {}).get("groups", {}).get(g, 0.0) for r in runs[c]]) for c in configs]
            if max(vals) >= 0.02:
                rows.append((max(vals), g, vals))
        for _m, g, vals in sorted(rows, reverse=True):
            print("| %s: %s | " % (role, g) + " | ".join("%.2f" % v for v in vals) + " |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenarios", default="tiny,pyspark")
    ap.add_argument("--configs", default="none,agent")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sleep", type=float, default=12.0, help="tiny: seconds main sleeps; classload: seconds after loading")
    ap.add_argument("--idle", type=float, default=10.0, help="pyspark: seconds idle after the jobs")
    ap.add_argument("--poll", type=float, default=0.2)
    ap.add_argument("--agent-jar")
    ap.add_argument("--agent-args", default="", help="extra agent arguments, k=v,...")
    ap.add_argument("--bootstrap", help="a real broker for the 'broker' configurations")
    ap.add_argument("--start-broker", action="store_true", help="run the collector's embedded broker")
    # Named variants, each a configuration to list in --configs (broker unreachable):
    # (option, separator after the name, where its values go, help)
    variants = [
        ("--variant", ":", VARIANTS, "name:k=v,... the agent with extra arguments"),
        ("--jar-variant", "=", JARS, "name=path: the agent from another jar (e.g. a build before a change)"),
        (
            "--jvm-variant",
            ":",
            JVM_OPTIONS,
            "name:options: the agent with extra JVM options, space-separated (e.g. compiler flags, to split the JIT's share)",
        ),
        (
            "--spark-conf-variant",
            ":",
            SPARK_CONFS,
            "name:key=value: the agent with an extra Spark conf (pyspark scenario; repeat the name for more)",
        ),
    ]
    for option, _, _, text in variants:
        ap.add_argument(option, action="append", default=[], help=text + "; list the name in --configs")
    ap.add_argument("--json")
    args = ap.parse_args()
    for option, separator, into, _ in variants:
        for v in getattr(args, option[2:].replace("-", "_")):
            name, _, value = v.partition(separator)
            if into is SPARK_CONFS:
                into.setdefault(name, []).append(value)
            elif into is JARS:
                into[name] = os.path.abspath(value)
            else:
                into[name] = value
    scenarios, configs = args.scenarios.split(","), args.configs.split(",")
    work = tempfile.mkdtemp(prefix="pyrometer-agent-cost-")
    with open(os.path.join(work, "AgentCostSleep.java"), "w") as f:
        f.write(TINY_MAIN)
    subprocess.check_call(
        ["javac", "--release", "8", "-nowarn", "-d", work, os.path.join(work, "AgentCostSleep.java")], stderr=subprocess.DEVNULL
    )
    with open(os.path.join(work, "AgentCostClassLoad.java"), "w") as f:
        f.write(CLASSLOAD_MAIN)
    subprocess.check_call(
        ["javac", "--release", "8", "-nowarn", "-d", work, os.path.join(work, "AgentCostClassLoad.java")],
        stderr=subprocess.DEVNULL,
    )
    with open(os.path.join(work, "agent_cost_app.py"), "w") as f:
        f.write(PYSPARK_APP)
    addresses = {"agent": "127.0.0.1:%d" % closed_port(), "broker": args.bootstrap}
    collector = None
    if any(c.endswith("broker") for c in configs) and not args.bootstrap:
        if not args.start_broker:
            raise SystemExit("the broker configurations need --bootstrap or --start-broker")
        collector, addresses["broker"], _store = side_by_side.start_collector(work)
    env = side_by_side.base_env()
    print(
        "agent jar %s; work dir %s; unreachable %s; broker %s; load %s"
        % (agent_jar(args.agent_jar), work, addresses["agent"], addresses["broker"], os.getloadavg()),
        flush=True,
    )
    results = {}
    try:
        for s in scenarios:
            runs = {c: [] for c in configs}
            for n in range(args.rounds):
                order = configs if n % 2 == 0 else list(reversed(configs))
                for c in order:
                    r = run_once(
                        command(s, c, args, work, addresses),
                        env,
                        os.path.join(work, "%s-%s-%d.log" % (s, c.replace("+", "_"), n)),
                        args.poll,
                    )
                    r["load"] = os.getloadavg()[0]
                    runs[c].append(r)
                    per = ", ".join("%s %.2f" % (role, v["total"]) for role, v in sorted(r["jvms"].items()))
                    print(
                        "%s round %d %-16s rc %d wall %5.1f s tree CPU %5.2f s (%s) load %.1f"
                        % (s, n + 1, c, r["rc"], r["wall"], r["tree_cpu"], per, r["load"]),
                        flush=True,
                    )
                    if r["started"]:
                        print("    " + r["started"][max(0, r["started"].find("agent started")) :][:500], flush=True)
            results[s] = runs
            report(s, configs, runs)
    finally:
        if collector is not None:
            collector.terminate()
            try:
                collector.wait(30)
            except subprocess.TimeoutExpired:
                collector.kill()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    print("\nload at the end: %s" % (os.getloadavg(),))


if __name__ == "__main__":
    main()
