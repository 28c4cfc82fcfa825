# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer submit`: spark-submit with Pyrometer's listener and agent added.

    pyrometer submit [pyrometer options] [spark-submit options] app.py [app args]

Pyrometer's own options (--bootstrap, --topic, --series, --scale, --no-agent, --plugin, --agent-option,
--python-forensics, --dry-run) may appear
anywhere before the application file; everything else is passed to spark-submit unchanged, and
nothing after the application file is looked at. Where the user already sets one of the values
Pyrometer needs (--jars, spark.extraListeners, --driver-java-options, spark.*.extraJavaOptions),
Pyrometer's part is appended to the user's value instead of replacing it.

Which spark-submit: $SPARK_SUBMIT; in a checkout, the PySpark in .venv (or in $PYROMETER_VENV);
otherwise the PySpark this Python imports, then $SPARK_HOME/bin/spark-submit, then the one on PATH.

Standard library only: it runs under any python3, before the project's .venv exists.
"""

import importlib.util
import os
import shlex
import shutil
import sys

from . import jars
from .attach import (
    DEFAULT_BOOTSTRAP,
    FORENSICS_CONF,
    FORENSICS_CONFS,
    FORENSICS_DUMPS_AFTER_MS,
    LISTENER_CLASS,
    PLUGIN_CLASS,
    PYDUMPS_DIR,
    carries_listener,
    forensics_on,
    javaagent_option,
    plugin_confs,
)

USAGE = (
    """usage: pyrometer submit [--bootstrap HOST:PORT[,HOST:PORT]] [--topic NAME] [--series LABEL]
                        [--scale FRACTION] [--no-agent | --plugin] [--agent-option KEY=VALUE]...
                        [--python-forensics] [--dry-run]
                        [spark-submit options] app.py [app args]

  --bootstrap  Kafka bootstrap servers the events go to (default $PYROMETER_BOOTSTRAP or %s)
  --topic      Kafka topic (default: the emitter's, pyrometer.events)
  --series     label grouping runs of the same job at different scales (spark.pyrometer.series)
  --scale      this run's share of the full data, a positive number such as 0.1 (spark.pyrometer.scale)
  --no-agent   listener only: no -javaagent on driver or executors, the listener jar on --jars
  --plugin     the agent as a Spark plugin: the agent jar on --jars and spark.plugins, no -javaagent
               (it attaches itself where the JVM allows; docs/platforms.md)
  --agent-option  one more agent setting, e.g. sample.interval.ms=500 (repeatable)
  --python-forensics  Python tracebacks of crashed (and, on Spark 4.1+, long-running) workers:
               Spark's Python fault handler on (spark.pyrometer.python.forensics=true does the same)
  --dry-run    print the command and exit without running it

Environment: SPARK_SUBMIT (default: see `pyrometer submit` in docs/demo.md), PYROMETER_VENV,
SPARK_HOME, PYROMETER_BOOTSTRAP, PYROMETER_AGENT_JAR, PYROMETER_LISTENER_JAR.
"""
    % DEFAULT_BOOTSTRAP
)

# spark-submit options that take no value; every other "--option" takes one ("--opt value" or
# "--opt=value"). Needed to find where spark-submit's options end and the application begins.
FLAGS = {"--verbose", "-v", "--supervise", "--help", "-h", "--version", "--usage-error"}


class UsageError(Exception):
    pass


class Options:
    def __init__(self):
        self.bootstrap = os.environ.get("PYROMETER_BOOTSTRAP", DEFAULT_BOOTSTRAP)
        self.topic = None
        self.series = None
        self.scale = None
        self.agent = True
        self.plugin = False
        self.dry_run = False
        self.python_forensics = False
        self.agent_options = []


def split_args(argv):
    """Separates Pyrometer's options from spark-submit's and from the application part."""
    opts = Options()
    submit = []  # (option, value or None) pairs, in order; value None for flags
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, inline = arg.partition("=")
        if name in ("--bootstrap", "--topic", "--series", "--scale", "--agent-option") and not eq:
            if i + 1 >= len(argv):
                raise UsageError(name + " needs a value")
            i += 1
            inline = argv[i]
        if name in ("--bootstrap", "--topic", "--series", "--scale"):
            value = inline
            if name == "--scale":
                value = parse_scale(value)
            setattr(opts, name[2:], value)
        elif name == "--agent-option":
            value = inline
            if "=" not in value:
                raise UsageError("--agent-option wants KEY=VALUE, got " + value)
            opts.agent_options.append(value)
        elif arg == "--no-agent":
            opts.agent = False
        elif arg == "--plugin":
            opts.plugin = True
        elif arg == "--dry-run":
            opts.dry_run = True
        elif arg == "--python-forensics":
            opts.python_forensics = True
        elif arg in FLAGS:
            submit.append((arg, None))
        elif arg.startswith("-") and arg != "-":
            if eq:
                submit.append((name, inline))
            elif i + 1 < len(argv):
                i += 1
                submit.append((arg, argv[i]))
            else:
                raise UsageError(arg + " needs a value")
        else:
            return opts, submit, argv[i:]
        i += 1
    return opts, submit, []


def parse_scale(value):
    """The same rule as the listener's spark.pyrometer.scale: a positive, finite number."""
    try:
        scale = float(value)
    except ValueError:
        scale = -1.0
    if not scale > 0 or scale == float("inf"):
        raise UsageError("--scale wants a positive number such as 0.1, got '%s'" % value)
    return value.strip()


class SubmitArgs:
    """spark-submit options with merge-aware updates of the values Pyrometer also sets."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def _conf_index(self, key):
        for n, (opt, value) in enumerate(self.pairs):
            if opt in ("--conf", "-c") and value is not None and value.split("=", 1)[0] == key:
                return n
        return -1

    def _option_index(self, opt):
        for n, (o, _value) in enumerate(self.pairs):
            if o == opt:
                return n
        return -1

    def conf(self, key):
        n = self._conf_index(key)
        return None if n < 0 else self.pairs[n][1].split("=", 1)[1]

    def has_option(self, opt):
        return self._option_index(opt) >= 0

    def merge_conf(self, key, value, sep):
        n = self._conf_index(key)
        if n < 0:
            self.pairs.append(("--conf", "%s=%s" % (key, value)))
            return
        old = self.pairs[n][1].split("=", 1)[1]
        self.pairs[n] = (self.pairs[n][0], "%s=%s" % (key, old + sep + value if old else value))

    def merge_option(self, opt, value, sep):
        n = self._option_index(opt)
        if n < 0:
            self.pairs.append((opt, value))
            return
        old = self.pairs[n][1]
        self.pairs[n] = (opt, old + sep + value if old else value)

    def add_jar(self, jar):
        # --jars replaces spark.jars in spark-submit: extend whichever the user gave.
        if not self.has_option("--jars") and self._conf_index("spark.jars") >= 0:
            self.merge_conf("spark.jars", jar, ",")
        else:
            self.merge_option("--jars", jar, ",")

    def set_conf_default(self, key, value):
        if self._conf_index(key) < 0:
            self.pairs.append(("--conf", "%s=%s" % (key, value)))

    def argv(self):
        out = []
        for opt, value in self.pairs:
            out.append(opt)
            if value is not None:
                out.append(value)
        return out


def build(argv, env):
    """Returns (options, command, environment) for spark-submit with Pyrometer added."""
    opts, submit_pairs, app = split_args(argv)
    if not app:
        raise UsageError("no application file given")
    try:
        # Only to fail early, with its message, when the jar this run needs is not built.
        jars.jar_path("agent" if opts.agent else "listener", env)
    except jars.JarMissing as e:
        raise UsageError(str(e)) from None
    listener_jar = jars.jar_path("listener", env, must_exist=False)
    agent_jar = jars.jar_path("agent", env, must_exist=False)

    args = SubmitArgs(submit_pairs)
    args.merge_conf("spark.extraListeners", LISTENER_CLASS, ",")
    args.set_conf_default("spark.pyrometer.bootstrap.servers", opts.bootstrap)
    if opts.topic:
        args.set_conf_default("spark.pyrometer.topic", opts.topic)
    if opts.series:
        args.set_conf_default("spark.pyrometer.series", opts.series)
    if opts.scale:
        args.set_conf_default("spark.pyrometer.scale", opts.scale)
    if opts.python_forensics or forensics_on(args.conf(FORENSICS_CONF)):
        args.set_conf_default(FORENSICS_CONF, "true")
        for key, value in FORENSICS_CONFS:
            args.set_conf_default(key, value)
        args.merge_conf("spark.executorEnv.PYTHONPATH", PYDUMPS_DIR, os.pathsep)
        if not any(o.split("=", 1)[0] == "python.dumps.after.ms" for o in opts.agent_options):
            opts.agent_options.append("python.dumps.after.ms=" + FORENSICS_DUMPS_AFTER_MS)
    if opts.plugin and not opts.agent:
        raise UsageError("--plugin and --no-agent exclude each other")
    if opts.plugin:
        # Spark loads --jars in a loader that asks its parent first; after the plugin's attach the
        # agent jar is on the system class path, so the listener resolves from it: one emitter.
        args.add_jar(os.path.abspath(agent_jar))
        args.merge_conf("spark.plugins", PLUGIN_CLASS, ",")
        try:
            for key, value in plugin_confs(opts.agent_options):
                args.set_conf_default(key, value)
        except ValueError as e:
            raise UsageError(str(e)) from None
    elif opts.agent:
        # -javaagent puts the agent jar on the system class path of each JVM, and the agent jar
        # carries the listener too: spark.extraListeners resolves from it, no --jars needed.
        java_opt = javaagent_option(os.path.abspath(agent_jar), opts.bootstrap, opts.topic, opts.agent_options)
        if args.has_option("--driver-java-options"):
            args.merge_option("--driver-java-options", java_opt, " ")
        else:
            args.merge_conf("spark.driver.extraJavaOptions", java_opt, " ")
        args.merge_conf("spark.executor.extraJavaOptions", java_opt, " ")
        if not carries_listener(agent_jar):
            # An agent built without the listener: the driver still needs the listener jar. Its
            # shared classes resolve parent-first to the agent's copies, so one emitter remains.
            if not os.path.isfile(listener_jar):
                raise UsageError("%s carries no listener and %s is missing" % (agent_jar, listener_jar))
            args.add_jar(os.path.abspath(listener_jar))
    else:
        args.add_jar(os.path.abspath(listener_jar))

    spark_submit, _home, run_env = spark_submit_and_env(env)
    if jars.checkout_root():
        # The application's driver imports this package from the checkout (the demo's REST snapshot).
        package_parent = os.path.dirname(jars.PACKAGE_DIR)
        run_env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    return opts, [spark_submit] + args.argv() + app, run_env


def spark_submit_and_env(env):
    """(spark-submit, its SPARK_HOME, the environment to run it in): $SPARK_SUBMIT as given (its
    home is the directory above its bin/), else the one spark_home_and_python finds, with the
    Python of that environment for the driver and the workers."""
    run_env = dict(env)
    spark_submit = env.get("SPARK_SUBMIT")
    if spark_submit:
        return spark_submit, os.path.dirname(os.path.dirname(os.path.realpath(spark_submit))), run_env
    spark_home, python = spark_home_and_python(env)
    run_env["SPARK_HOME"] = spark_home
    if python:
        run_env.setdefault("PYSPARK_PYTHON", python)
        run_env.setdefault("PYSPARK_DRIVER_PYTHON", python)
    return os.path.join(spark_home, "bin", "spark-submit"), spark_home, run_env


def checkout_venv(env):
    """The project environment with PySpark in a checkout: $PYROMETER_VENV or .venv (bin/setup-python)."""
    root = jars.checkout_root()
    if env.get("PYROMETER_VENV"):
        return os.path.abspath(env["PYROMETER_VENV"])
    return os.path.join(root, ".venv") if root else None


def venv_pyspark_home(venv):
    lib = os.path.join(venv, "lib")
    if os.path.isdir(lib):
        for entry in sorted(os.listdir(lib)):
            home = os.path.join(lib, entry, "site-packages", "pyspark")
            if os.path.isfile(os.path.join(home, "bin", "spark-submit")):
                return home
    return None


def spark_home_and_python(env):
    """(SPARK_HOME, the Python for driver and workers or None) of the spark-submit to run."""
    venv = checkout_venv(env)
    if venv:
        home = venv_pyspark_home(venv)
        if home:
            return home, os.path.join(venv, "bin", "python")
        if env.get("PYROMETER_VENV"):
            raise UsageError("no PySpark in PYROMETER_VENV=%s (bin/setup-python VERSION creates one)" % venv)
    spec = importlib.util.find_spec("pyspark")
    if spec and spec.origin:
        home = os.path.dirname(spec.origin)
        if os.path.isfile(os.path.join(home, "bin", "spark-submit")):
            return home, sys.executable
    if env.get("SPARK_HOME") and os.path.isfile(os.path.join(env["SPARK_HOME"], "bin", "spark-submit")):
        return env["SPARK_HOME"], None
    found = shutil.which("spark-submit", path=env.get("PATH"))
    if found:
        return os.path.dirname(os.path.dirname(os.path.realpath(found))), None
    raise UsageError(
        "no spark-submit found: pip install pyspark, set SPARK_HOME or SPARK_SUBMIT"
        + (" (in this checkout: bin/setup-python)" if jars.checkout_root() else "")
    )


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0 if argv else 2
    try:
        opts, command, env = build(argv, os.environ)
    except UsageError as e:
        sys.stderr.write("pyrometer submit: %s\n\n%s" % (e, USAGE))
        return 2
    sys.stderr.write("pyrometer: %s\n" % " ".join(shlex.quote(c) for c in command))
    sys.stderr.flush()
    if opts.dry_run:
        return 0
    # exec: the application's exit code and signals are spark-submit's own, untouched.
    os.execve(command[0], command, env)
