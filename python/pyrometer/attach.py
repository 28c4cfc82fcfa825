# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""The Spark confs that attach Pyrometer, shared by `pyrometer submit` and `pyrometer.configure`.

-javaagent puts the agent jar on the system class path of each JVM, and the agent jar carries the
listener too, so spark.extraListeners resolves from it and one emitter runs per JVM. Values the
user already set are extended, never replaced.
"""

import os

from . import jars

LISTENER_CLASS = "dev.pyrometer.listener.PyrometerListener"
# The Spark plugin in the agent jar: the agent without -javaagent (docs/platforms.md).
PLUGIN_CLASS = "dev.pyrometer.plugin.PyrometerPlugin"
DEFAULT_BOOTSTRAP = "localhost:9092"
# Separators Spark uses when a conf holds a list.
LIST_SEPARATOR = {
    "spark.extraListeners": ",",
    "spark.jars": ",",
    "spark.plugins": ",",
    "spark.executorEnv.PYTHONPATH": os.pathsep,
    "spark.driver.extraJavaOptions": " ",
    "spark.executor.extraJavaOptions": " ",
}


# spark.pyrometer.python.forensics=true (or `pyrometer submit --python-forensics`,
# `pyrometer.configure(..., python_forensics=True)`): Spark's own Python fault handler, so that a
# crashed worker's Python traceback reaches the task's failure text, and on Spark 4.1+ its periodic
# traceback dumps of long-running workers (to the executor's stderr). Keys a Spark version does not
# know are ignored by it. The user's own values of these keys win.
FORENSICS_CONF = "spark.pyrometer.python.forensics"
FORENSICS_CONFS = (
    ("spark.python.worker.faulthandler.enabled", "true"),  # 3.2+
    ("spark.sql.execution.pyspark.udf.faulthandler.enabled", "true"),  # 4.0+
    ("spark.python.worker.tracebackDumpIntervalSeconds", "60"),  # 4.1+
    ("spark.sql.execution.pyspark.udf.tracebackDumpIntervalSeconds", "60"),  # 4.1+
)


# The directory holding sitecustomize.py, which arms the workers' faulthandler on SIGUSR2 for the
# agent's stack dumps of long-running workers (python.dumps.after.ms); on the workers' PYTHONPATH
# through spark.executorEnv.PYTHONPATH. A path on this machine: right for local and local-cluster
# masters, and on a cluster where the package is installed at the same path on every node.
PYDUMPS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pydumps")
# The agent's default for python.dumps.after.ms under --python-forensics: a worker serving one task
# for 60 s is dumped, then at 120 s and 180 s (python.dumps.max=3).
FORENSICS_DUMPS_AFTER_MS = "60000"


def forensics_on(value):
    """spark.pyrometer.python.forensics's value as a switch (Spark's boolean spelling)."""
    return value is not None and str(value).strip().lower() == "true"


def javaagent_option(jar, bootstrap, topic=None, agent_options=()):
    """The -javaagent token for extraJavaOptions (quoted when the path holds a space)."""
    args = "bootstrap.servers=" + bootstrap
    if topic:
        args += ",topic=" + topic
    for option in agent_options:
        if "=" not in option:
            raise ValueError("an agent option is KEY=VALUE, got %r" % option)
        args += "," + option
    token = "-javaagent:%s=%s" % (jar, args)
    # Spark splits extraJavaOptions on whitespace but honours quotes.
    return "'%s'" % token if " " in token else token


def plugin_confs(agent_options=()):
    """The Spark plugin's confs for agent settings given as KEY=VALUE: spark.pyrometer.agent.KEY."""
    out = []
    for option in agent_options:
        key, eq, value = option.partition("=")
        if not eq or not key.strip():
            raise ValueError("an agent option is KEY=VALUE, got %r" % option)
        out.append(("spark.pyrometer.agent." + key.strip(), value))
    return out


def carries_listener(agent_jar):
    return jars.holds(agent_jar, LISTENER_CLASS.replace(".", "/") + ".class")


def tags_value(tags):
    """spark.pyrometer.tags from a dict or an already formatted "k1=v1;k2=v2" string."""
    if tags is None or isinstance(tags, str):
        return tags
    parts = []
    for key, value in tags.items():
        key, value = str(key), str(value)
        if not key or any(c in key for c in "=;") or ";" in value:
            raise ValueError("a tag key holds no '=' or ';' and a value no ';': %r=%r" % (key, value))
        parts.append("%s=%s" % (key, value))
    return ";".join(parts)


def merged(old, value, key):
    """old extended by value with key's list separator; value alone when old is empty or holds it."""
    if not old:
        return value
    sep = LIST_SEPARATOR[key]
    if value in (old.split(sep) if sep != " " else [old]) or (sep == " " and value in old):
        return old
    return old + sep + value
