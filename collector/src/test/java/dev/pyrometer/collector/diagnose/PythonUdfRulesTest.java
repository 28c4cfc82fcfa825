/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static dev.pyrometer.collector.diagnose.RunFixture.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.PythonUdfRow;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonUdfRulesTest {
    /** One stage of 8 tasks, each running normalize_addr through Arrow over 1,000 rows, on two workers. */
    private static RunFixture udfStage(String node, long... startRss) {
        RunFixture r = RunFixture.healthy(1);
        List<Task> tasks = r.tasks;
        for (Task t : tasks) {
            r.pythonUdfs.add(new PythonUdfRow(t.taskId(), t.stageId(), 0, t.executorId(), 4, node, !node.startsWith("Batch"),
                    List.of("normalize_addr"), 1_000, 64_000, 8_000, -1, Map.of("number of output rows", 1_000L)));
        }
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            long pid = t.executorId().equals("1") ? 8812 : 9913;
            long start = startRss.length > i ? startRss[i] : 400 * MIB;
            r.pythonWorkerTasks.add(new PythonWorkerTask(t.taskId(), t.executorId(), pid, t.launchMs(), t.finishMs(), start,
                    start + 20 * MIB, start + 10 * MIB, 3_000, 4));
        }
        return r;
    }

    @Test
    void theWorkerThatGrewMostNamesItsFunctionStageAndPid() {
        RunFixture r = udfStage("ArrowEvalPython");
        Task big = r.tasks.get(5);
        r.pythonWorkerTasks.set(5, new PythonWorkerTask(big.taskId(), big.executorId(), 8812, big.launchMs(), big.finishMs(),
                400 * MIB, 3_174 * MIB, 3_000 * MIB, 3_500, 4));
        List<Finding> found = PythonUdfRules.of(r.timeline());
        Finding f = found.stream().filter(x -> x.rule().equals("memory/python-udf")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(f.title()).isEqualTo("pid 8812 running normalize_addr in stage 0 grew from 400.0 MiB to 3.1 GiB");
        assertThat(f.explanation()).contains("task " + big.taskId()).contains("ArrowEvalPython, Arrow")
                .contains("per 1,000 rows returned");
        assertThat(f.evidence().get(0)).startsWith("stage 0.0 ArrowEvalPython (Arrow): normalize_addr; 8 tasks, 8,000 rows returned");
    }

    @Test
    void modestGrowthIsNoFindingAndAHealthyRunHasNone() {
        assertThat(PythonUdfRules.of(udfStage("ArrowEvalPython").timeline())).isEmpty();
        assertThat(PythonUdfRules.of(RunFixture.healthy(3).timeline())).isEmpty();
    }

    @Test
    void aReusedWorkerThatStartsEachTaskBiggerIsALeak() {
        // Worker 8812 (executor 1) serves tasks 0, 1, 4, 5 of the fixture's slots; each starts 100 MiB higher.
        RunFixture r = udfStage("BatchEvalPython", 100 * MIB, 200 * MIB, 300 * MIB, 300 * MIB, 300 * MIB, 400 * MIB,
                300 * MIB, 300 * MIB);
        RunTimeline t = r.timeline();
        List<PythonWorkerTask> leaking = t.pythonWorkerTasks().stream().filter(w -> w.pid() == 8812).toList();
        assertThat(leaking).hasSizeGreaterThanOrEqualTo(3);
        List<Finding> leaks = PythonUdfRules.of(t).stream().filter(f -> f.rule().equals("memory/python-worker-leak")).toList();
        assertThat(leaks).singleElement().satisfies(f -> {
            assertThat(f.title()).startsWith("Python worker pid 8812 on executor 1 kept growing across " + leaking.size()
                    + " tasks in a row (100.0 MiB -> 400.0 MiB");
            assertThat(f.explanation()).contains("normalize_addr");
        });
    }

    @Test
    void aWorkerThatServedOtherStagesFirstLeaksFromTheStageThatLeaks() {
        // Seen on a real run: a worker served 7 tasks of other stages (45 to 53 MiB, a few MiB more each
        // time as it warmed up), then 5 of a function that keeps 100 MB per call. Judged over its whole
        // life, 8 rises in 11 steps missed three quarters; the streak is what leaks.
        RunFixture r = RunFixture.healthy(2);
        long[] mib = {45, 49, 51, 51, 53, 53, 53, 53, 153, 253, 353, 453};
        for (int i = 0; i < mib.length; i++) {
            Task t = r.tasks.get(i + 4);
            r.pythonWorkerTasks.add(new PythonWorkerTask(t.taskId(), "1", 7001, t.launchMs(), t.finishMs(), mib[i] * MIB,
                    mib[i] * MIB + 100 * MIB, mib[i] * MIB + 100 * MIB, 1_000, 4));
        }
        List<Finding> leaks = PythonUdfRules.of(r.timeline()).stream().filter(f -> f.rule().equals("memory/python-worker-leak"))
                .toList();
        assertThat(leaks).singleElement().satisfies(f -> {
            assertThat(f.title()).startsWith("Python worker pid 7001 on executor 1 kept growing across 5 tasks in a row "
                    + "(of the 12 it served) (53.0 MiB -> 453.0 MiB at the start of each)");
            assertThat(f.explanation()).contains("started 4 of 4 tasks in a row bigger").contains("'stage 1'")
                    .doesNotContain("'stage 0'");
            assertThat(f.evidence()).hasSize(5);
        });
        // Seen in CI: a warm-up of a few MiB over other stages' tasks runs straight into the leak, so the
        // streak found first starts there; it starts where the tasks left a real share of the rise instead.
        RunFixture warm = RunFixture.healthy(2);
        double[] warmMib = {42.8, 50.4, 52.8, 52.8, 152.8, 252.8, 352.8, 452.8, 552.8};
        for (int i = 0; i < warmMib.length; i++) {
            Task t = warm.tasks.get(i + 4);
            long start = (long) (warmMib[i] * MIB);
            warm.pythonWorkerTasks.add(new PythonWorkerTask(t.taskId(), "1", 7002, t.launchMs(), t.finishMs(), start,
                    start + 100 * MIB, start + 100 * MIB, 1_000, 4));
        }
        assertThat(PythonUdfRules.of(warm.timeline())).filteredOn(f -> f.rule().equals("memory/python-worker-leak"))
                .singleElement().satisfies(f -> {
                    assertThat(f.title()).contains("kept growing across 6 tasks in a row (of the 9 it served) "
                            + "(52.8 MiB -> 552.8 MiB");
                    assertThat(f.explanation()).contains("started 5 of 5 tasks in a row bigger");
                });
        // One jump (a model loaded once into a cache) is no leak; nor is growth that falls back.
        for (long[] once : new long[][] {{45, 45, 445, 446, 446, 447}, {45, 145, 245, 345, 45, 50}}) {
            RunFixture o = RunFixture.healthy(1);
            for (int i = 0; i < once.length; i++) {
                Task t = o.tasks.get(i);
                o.pythonWorkerTasks.add(new PythonWorkerTask(t.taskId(), "1", 7001, t.launchMs(), t.finishMs(), once[i] * MIB,
                        once[i] * MIB, once[i] * MIB, 1_000, 4));
            }
            assertThat(PythonUdfRules.of(o.timeline())).extracting(Finding::rule).doesNotContain("memory/python-worker-leak");
        }
    }

    @Test
    void aUdfPickledWhileArrowWasOnIsNoted() {
        RunFixture r = udfStage("BatchEvalPython");
        r.conf.put(PythonUdfRules.ARROW_UDF_CONF, "true");
        assertThat(PythonUdfRules.of(r.timeline())).extracting(Finding::rule).containsExactly("slowness/python-path");
        RunFixture arrow = udfStage("ArrowEvalPython");
        arrow.conf.put(PythonUdfRules.ARROW_UDF_CONF, "true");
        assertThat(PythonUdfRules.of(arrow.timeline())).isEmpty();
    }

    @Test
    void aStageWithWorkersButNoPythonNodeIsNamedByItsCallSite() {
        RunFixture r = udfStage("BatchEvalPython");
        r.pythonUdfs.clear();
        List<PythonUdfStages> rows = PythonUdfStages.of(r.timeline());
        assertThat(rows).singleElement().satisfies(u -> {
            assertThat(u.node()).isEqualTo("PythonRDD");
            assertThat(u.named()).isFalse();
            assertThat(u.functionsText()).isEqualTo("stage 0");
            assertThat(u.tasks()).isEqualTo(8);
            assertThat(u.rowsOut()).isEqualTo(-1);
        });
    }
}
