/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;

class PythonWorkerTasksTest {
    @Test
    void readsThePidOfBothSparkLines() throws Exception {
        assertThat(PythonWorkerTasks.pidOf(Option.apply(1234))).isEqualTo(1234);
        assertThat(PythonWorkerTasks.pidOf(Option.apply(ProcessHandle.current()))).isEqualTo(ProcessHandle.current().pid());
        assertThat(PythonWorkerTasks.pidOf(Option.empty())).isEqualTo(-1);
    }

    /** Spark 4.1+'s shape: a public handle class (not a ProcessHandle) with a public pid(). */
    public static final class WorkerHandle {
        public long pid() {
            return 5678;
        }
    }

    @Test
    void readsThePidOfSpark41WorkerHandles() throws Exception {
        PythonWorkerTasks.resetForTest();
        assertThat(PythonWorkerTasks.pidOf(Option.apply(new WorkerHandle()))).isEqualTo(5678);
    }

    @Test
    void anUnknownHandleSwitchesAttributionOffInsteadOfFailingPerWorker() throws Exception {
        PythonWorkerTasks.resetForTest();
        try {
            assertThat(PythonWorkerTasks.pidOf(Option.apply("not a handle"))).isEqualTo(-1);
            // Off: later creations return at once, nothing is tracked and no error is counted.
            PythonWorkerTasks.created(null, new Tuple2<>(new Object(), Option.apply(4322)));
            assertThat(PythonWorkerTasks.taskOf(4322)).isNull();
        } finally {
            PythonWorkerTasks.resetForTest();
        }
    }

    @Test
    void withoutATaskContextNothingIsTracked() {
        PythonWorkerTasks.created(null, new Tuple2<>(new Object(), Option.apply(4321)));
        assertThat(PythonWorkerTasks.taskOf(4321)).isNull();
    }
}
