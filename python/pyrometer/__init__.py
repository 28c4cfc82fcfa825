# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""Pyrometer: what a Spark/PySpark application really did, joined into one timeline per run.

    import pyrometer
    spark = pyrometer.configure(SparkSession.builder, bootstrap="kafka-1:9092", series="nightly").getOrCreate()

`pyrometer.jar_path("agent")` (or "listener", "collector") names the jars this package carries,
for those who set Spark's confs themselves. The `pyrometer` command runs the collector, submits
applications with Pyrometer attached and runs the demo (`pyrometer --help`).
"""

__version__ = "0.1.0.dev0"

from .attach import LISTENER_CLASS  # noqa: E402
from .jars import JarMissing, jar_path  # noqa: E402
from .session import configure  # noqa: E402

__all__ = ["configure", "jar_path", "JarMissing", "LISTENER_CLASS", "__version__"]
