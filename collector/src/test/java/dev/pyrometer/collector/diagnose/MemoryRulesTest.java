/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static dev.pyrometer.collector.diagnose.RunFixture.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryRulesTest {

    @Test
    void peaksPerProcessKindWithTheTasksRunningAndTheHeadroom() {
        List<Finding> f = MemoryRules.of(RunFixture.healthy(1).timeline());
        assertThat(RunFixture.alarms(f)).isEmpty();
        assertThat(f).extracting(Finding::id).containsExactly("memory-1", "memory-2");
        assertThat(f.get(0).evidence()).anySatisfy(e -> assertThat(e).startsWith("JVM heap peak 1.5 GiB of max 4.0 GiB (37%)")
                .contains("tasks running: "));
        assertThat(f.get(0).evidence()).anySatisfy(e -> assertThat(e).startsWith("Python summed peak 300.0 MiB"));
        assertThat(f.get(0).evidence()).anySatisfy(e -> assertThat(e)
                .startsWith("container limit 6.0 GiB (heap + overhead + pyspark memory)"));
    }

    @Test
    void pythonWithinTenPercentOfPysparkMemoryIsFlagged() {
        RunFixture r = RunFixture.healthy(1);
        r.processes.clear();
        r.jvm.clear();
        r.memory("1", 1_500 * MIB, 4096 * MIB, 2_000 * MIB, 950 * MIB);
        assertThat(RunFixture.alarms(MemoryRules.of(r.timeline()))).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("memory/near-limit");
            assertThat(x.title()).contains("Python memory reached 93% of spark.executor.pyspark.memory");
        });
    }

    @Test
    void heapNearItsMaximumIsFlaggedAlsoInLocalMode() {
        RunFixture r = RunFixture.healthy(1);
        r.conf.clear();
        r.conf.put("spark.master", "local[4]");
        r.processes.clear();
        r.jvm.clear();
        r.memory("driver", 3_900 * MIB, 4096 * MIB, 4_500 * MIB, 100 * MIB);
        Finding f = RunFixture.alarms(MemoryRules.of(r.timeline())).get(0);
        assertThat(f.title()).contains("the driver", "JVM heap reached 95%");
        assertThat(f.evidence()).noneSatisfy(e -> assertThat(e).startsWith("container limit"));
    }

    @Test
    void aWorkerDeathIsConnectedToThePythonMemoryJustBefore() {
        RunFixture r = RunFixture.healthy(1);
        RunTimeline.Task t = r.failTask("1", 3, "EXCEPTION", "org.apache.spark.SparkException",
                "Python worker exited unexpectedly (crashed)", RunFixture.text("python-worker-crashed.txt"));
        long at = t.finishMs();
        r.processes.add(new RunTimeline.ProcessSeries("exe-1", "1", "w1", 5001, 3999, ProcessKind.PYTHON_WORKER, "python -m pyspark.daemon",
                at - 4_000, at - 3_000, at - 200, true, 1_100 * MIB, List.of(
                        new RunTimeline.ProcessPoint(at - 3_000, 400 * MIB, null, 0, t.taskId()),
                        new RunTimeline.ProcessPoint(at - 1_200, 1_100 * MIB, null, 0, t.taskId()),
                        new RunTimeline.ProcessPoint(at - 200, 1_050 * MIB, null, 0, t.taskId()))));
        Finding f = MemoryRules.of(r.timeline()).stream().filter(x -> x.rule().equals("memory/worker-death")).findFirst()
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
        assertThat(f.title()).isEqualTo("Python worker pid 5001 died in task " + t.taskId()
                + " on executor 1 at peak RSS 1.1 GiB (last sample 1.0 GiB, 200 ms before)");
        assertThat(f.evidence().get(0)).isEqualTo("killed worker pid 5001 RSS 1.0 GiB 200 ms before the failure, peak 1.1 GiB"
                + " in the 10.0 s before, then gone");
        assertThat(f.evidence()).contains("spark.executor.pyspark.memory: 1.0 GiB");
    }

    @Test
    void sparkSizesAreReadLikeSpark() {
        assertThat(MemoryLimits.bytes("4g")).isEqualTo(4L << 30);
        assertThat(MemoryLimits.bytes("512m")).isEqualTo(512L << 20);
        assertThat(MemoryLimits.bytes("2048")).isEqualTo(2048L << 20);
        assertThat(MemoryLimits.bytes("1GB")).isEqualTo(1L << 30);
        assertThat(MemoryLimits.of(java.util.Map.of("spark.master", "yarn", "spark.executor.memory", "8g"), false)
                .overheadBytes()).isEqualTo((long) ((8L << 30) * 0.10));
    }
}
