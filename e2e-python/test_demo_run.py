# Copyright 2026 The Pyrometer Authors.
# SPDX-License-Identifier: Apache-2.0
"""demo_run's own parts, without running Spark: how sampled processes are told apart."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_run  # noqa: E402

JAVA = "/usr/lib/jvm/java-17-openjdk-amd64/bin/java -cp /venv/pyspark/jars/* "
DRIVER = JAVA + "org.apache.spark.deploy.SparkSubmit --master local-cluster[2,1,1024] " + demo_run.APP
EXECUTOR = JAVA + "org.apache.spark.executor.CoarseGrainedExecutorBackend --executor-id 0"
DAEMON = "/venv/bin/python -m pyspark.daemon"


def run_of(*processes):
    infos = [demo_run.ProcessInfo(pid, ppid, cmdline) for pid, ppid, cmdline in processes]
    return demo_run.DemoRun(0, 0.0, {}, {}, infos, 0, 0, [], "/tmp")


class OfKindTest(unittest.TestCase):
    def test_a_jvm_child_sampled_between_fork_and_exec_is_not_a_second_jvm(self):
        run = run_of(
            (10, 1, "bash spark-submit"),
            (11, 10, DRIVER),
            (12, 11, EXECUTOR),
            (13, 11, DRIVER),  # forked by the driver, not yet exec'd
            (14, 12, EXECUTOR),
        )  # the same, under the executor
        self.assertEqual([11], [p.pid for p in run.of_kind("driver-jvm")])
        self.assertEqual([12], [p.pid for p in run.of_kind("executor-jvm")])

    def test_python_workers_forked_from_their_daemon_stay_workers(self):
        # pyspark.daemon forks its workers without exec: same command line as the parent, by design.
        run = run_of((11, 1, DRIVER), (12, 11, EXECUTOR), (20, 12, DAEMON), (21, 20, DAEMON), (22, 20, DAEMON))
        self.assertEqual([20, 21, 22], [p.pid for p in run.of_kind("python-daemon-or-worker")])

    def test_two_driver_jvms_that_are_not_parent_and_child_are_both_counted(self):
        run = run_of((11, 1, DRIVER), (12, 1, DRIVER))
        self.assertEqual([11, 12], [p.pid for p in run.of_kind("driver-jvm")])


if __name__ == "__main__":
    unittest.main()
