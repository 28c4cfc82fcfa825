# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""`pyrometer.configure(builder, ...)`: Pyrometer on a SparkSession.builder, for notebooks and
plain `python app.py` applications that never call spark-submit themselves.

PySpark starts the driver JVM with the builder's confs (java_gateway passes them to spark-submit
as --conf), so spark.driver.extraJavaOptions set here reaches the driver JVM, and
spark.executor.extraJavaOptions every executor. That only holds before the first getOrCreate():
once a SparkContext runs in this process its JVM options are fixed.
"""

import os
import warnings

from . import attach, jars


def _options(builder):
    # SparkSession.Builder keeps its confs in _options (PySpark 3.3 to 4.x, classic and Connect).
    options = getattr(builder, "_options", None)
    return options if isinstance(options, dict) else {}


def _context_running():
    try:
        from pyspark import SparkContext
    except ImportError:
        return False
    return getattr(SparkContext, "_active_spark_context", None) is not None


def configure(
    builder,
    bootstrap=None,
    series=None,
    tags=None,
    agent=True,
    topic=None,
    agent_options=(),
    agent_jar=None,
    listener_jar=None,
    python_forensics=False,
):
    """Adds Pyrometer's listener (and, with agent=True, its agent on the driver and every executor)
    to a SparkSession builder and returns the builder.

    bootstrap      Kafka bootstrap servers (default $PYROMETER_BOOTSTRAP or localhost:9092)
    series         label grouping runs of one job at different scales (spark.pyrometer.series)
    tags           dict (or "k1=v1;k2=v2") carried by every event of the run
    agent          False: the listener only, from its own jar on spark.jars
    topic          Kafka topic (default: the emitter's, pyrometer.events)
    agent_options  more agent settings, each "key=value" (e.g. "sample.interval.ms=500")
    agent_jar      the agent jar's path as the executors see it (default: this package's copy,
                   right for local and local-cluster masters; on a cluster, where the jar was placed
                   on every node, see docs/platforms.md)
    listener_jar   the listener jar for agent=False (default: this package's copy)
    python_forensics  True: Python tracebacks of crashed (and, on Spark 4.1+, long-running)
                   workers, Spark's Python fault handler on; the same as the builder holding
                   spark.pyrometer.python.forensics=true

    Confs the builder already holds are extended (extraListeners, extraJavaOptions, spark.jars);
    Pyrometer's own keys already set are left as they are.
    """
    bootstrap = bootstrap or os.environ.get("PYROMETER_BOOTSTRAP") or attach.DEFAULT_BOOTSTRAP
    tags = attach.tags_value(tags)
    if _context_running():
        warnings.warn(
            "pyrometer.configure: a SparkContext already runs in this process; its driver JVM "
            "started without Pyrometer's agent (stop it first, or configure before getOrCreate)",
            RuntimeWarning,
            stacklevel=2,
        )
    options = _options(builder)

    def extend(key, value):
        builder.config(key, attach.merged(options.get(key), value, key))

    def default(key, value):
        if value is not None and key not in options:
            builder.config(key, value)

    extend("spark.extraListeners", attach.LISTENER_CLASS)
    default("spark.pyrometer.bootstrap.servers", bootstrap)
    default("spark.pyrometer.topic", topic)
    default("spark.pyrometer.series", series)
    default("spark.pyrometer.tags", tags)
    if python_forensics or attach.forensics_on(options.get(attach.FORENSICS_CONF)):
        default(attach.FORENSICS_CONF, "true")
        for key, value in attach.FORENSICS_CONFS:
            default(key, value)
        extend("spark.executorEnv.PYTHONPATH", attach.PYDUMPS_DIR)
        if not any(str(o).split("=", 1)[0] == "python.dumps.after.ms" for o in agent_options):
            agent_options = list(agent_options) + ["python.dumps.after.ms=" + attach.FORENSICS_DUMPS_AFTER_MS]
    if agent:
        jar = agent_jar or jars.jar_path("agent")
        token = attach.javaagent_option(jar, bootstrap, topic, agent_options)
        extend("spark.driver.extraJavaOptions", token)
        extend("spark.executor.extraJavaOptions", token)
        if not attach.carries_listener(jar) and os.path.isfile(jar):
            extend("spark.jars", listener_jar or jars.jar_path("listener"))
    else:
        extend("spark.jars", listener_jar or jars.jar_path("listener"))
    return builder
