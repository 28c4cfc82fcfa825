/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.wire.CounterNames;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/** What the Python runner advice calls; never throws into Spark. */
public final class PythonRunnerIo {
    private PythonRunnerIo() {
    }

    /** The stream the task reads its worker's output from, wrapped to count, or as it was. */
    public static DataInputStream fromPython(DataInputStream stream) {
        try {
            if (stream == null) {
                return null;
            }
            Long task = SparkBridge.currentTaskAttemptId();
            PythonTaskIo io = task == null ? null : PythonTaskIo.of(task);
            return io == null ? stream : new DataInputStream(new PythonTaskIo.FromPython(stream, io));
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.python_runner.advice");
            return stream;
        }
    }

    /** A write of task input ended: the bytes it added to {@code out} and its time. */
    public static void toPython(DataOutputStream out, int sizeBefore, long startNanos) {
        try {
            long took = System.nanoTime() - startNanos;
            if (out == null) {
                return;
            }
            int after = out.size();
            if (after == Integer.MAX_VALUE) {
                // DataOutputStream's count stops at 2 GiB: what went beyond is not counted.
                AgentContext.counters().count(CounterNames.AGENT_PYTHON_RUNNER_SIZE_SATURATED, 1);
            }
            Long task = SparkBridge.currentTaskAttemptId();
            PythonTaskIo io = task == null ? null : PythonTaskIo.of(task);
            if (io != null) {
                io.add(0, (long) after - sizeBefore, took);
            }
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.python_runner.advice");
        }
    }
}
