/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static dev.pyrometer.collector.diagnose.RunFixture.MIB;
import static dev.pyrometer.collector.diagnose.RunFixture.T0;
import static dev.pyrometer.collector.diagnose.RunFixture.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverRulesTest {

    @Test
    void manySmallPy4jCallsOutsideJobsAreDriverWorkAndFlagged() {
        RunFixture r = RunFixture.healthy(2);
        r.py4j.add(new RunTimeline.Py4jStat("driver", T0 + 1_000, T0 + 13_500, "org.apache.spark.api.java.JavaRDD",
                "collect", 50_000, 0, 12_000_000, 1_000, 0, 0));
        Finding f = DriverRules.of(r.timeline()).stream().filter(x -> x.id().equals("driver-py4j")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(f.title()).startsWith("The driver is busy in Py4J outside jobs: 12.2 s");
        assertThat(f.evidence().get(0)).startsWith("run: 50040 Py4J calls, 12.2 s in all: 0 ms waiting while jobs ran, 12.2 s of driver work");
        assertThat(f.evidence().get(1)).startsWith("driver work by call: JavaRDD.collect 12.0 s");
    }

    /** An action blocks in Py4J while its job runs: that is the executors' time, not a busy driver. */
    @Test
    void py4jCallsBlockedOnARunningJobAreWaitingNotDriverWork() {
        RunFixture r = RunFixture.healthy(2);
        RunTimeline.Job job0 = r.jobs.get(0);
        RunTimeline.Job job1 = r.jobs.get(1);
        // Each collectToPython ends in the export interval after its job ended and lasted as long as the job.
        for (RunTimeline.Job j : List.of(job0, job1)) {
            long us = (j.endMs() - j.submitMs() + 50) * 1000;
            r.py4j.add(new RunTimeline.Py4jStat("driver", j.endMs() - 400, j.endMs() + 600, "org.apache.spark.sql.Dataset",
                    "collectToPython", 1, 0, us, us, 100, 100));
        }
        Finding f = DriverRules.of(r.timeline()).stream().filter(x -> x.id().equals("driver-py4j")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(f.title()).contains("waiting on jobs");
        assertThat(f.evidence()).contains("job 0: Python waited " + Units.ms(job0.endMs() - job0.submitMs())
                + " in collectToPython while the job ran");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).startsWith("job 1: Python waited"));
        assertThat(f.evidence().get(0)).contains("of driver work");
    }

    /** Creating the SparkContext is start-up, before any executor could run a task: reported, never an alarm. */
    @Test
    void py4jTimeBeforeTheFirstExecutorIsStartUpNotDriverWork() {
        RunFixture r = RunFixture.healthy(2);
        r.executors.replaceAll(e -> new RunTimeline.Executor(e.executorId(), e.host(), e.cores(), T0 + 900, -1, null, 0, 0, 0));
        r.py4j.add(new RunTimeline.Py4jStat("driver", T0, T0 + 800, "org.apache.spark.api.java.JavaSparkContext", "<init>",
                1, 0, 30_000_000, 30_000_000, 0, 0));
        Finding f = DriverRules.of(r.timeline()).stream().filter(x -> x.id().equals("driver-py4j")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(f.evidence().get(0)).contains("30.0 s of start-up before the first executor registered");
    }

    /** Two Python threads each in Py4J for the same 9 s: 18 s of calls, at most 9 s of wall time. */
    @Test
    void overlappingCallsFromSeveralThreadsNeverExceedTheWallTime() {
        RunFixture r = RunFixture.healthy(2);
        r.py4j.clear();
        long end = r.timeline().app().endMs();
        r.py4j.add(new RunTimeline.Py4jStat("driver", T0 + 4_000, T0 + 9_000, "org.apache.spark.sql.Dataset", "schema",
                9_000, 0, 9_000_000, 2_000, 0, 0));
        r.py4j.add(new RunTimeline.Py4jStat("driver", T0 + 4_000, T0 + 9_000, "org.apache.spark.sql.Dataset", "select",
                9_000, 0, 9_000_000, 2_000, 0, 0));
        Finding f = DriverRules.of(r.timeline()).stream().filter(x -> x.id().equals("driver-py4j")).findFirst().orElseThrow();
        // The calls ended in [4 s, 9 s] and each lasted at most 2 ms: they ran within 5 s of wall time.
        assertThat(f.evidence().get(0)).startsWith("run: 18000 Py4J calls, 5.0 s in all: 0 ms waiting while jobs ran, "
                + "5.0 s of driver work");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).isEqualTo("calls overlapping in time (several Python threads):"
                + " 18.0 s of call time in 5.0 s of wall time; the wall time is counted"));
        assertThat(f.title()).doesNotContain("(1").contains("of the run");
        assertThat(end).isGreaterThan(T0 + 9_000);
    }

    /** The run's only action ended in the agent's last interval, which never arrived: its outlier still counts. */
    @Test
    void anActionKnownOnlyAsAnOutlierIsStillCountedAndItsJobWaitedOn() {
        RunFixture r = RunFixture.healthy(1);
        r.py4j.clear();
        RunTimeline.Job job = r.jobs.get(0);
        long us = (job.endMs() - job.submitMs() + 30) * 1000;
        r.outliers.add(new RunTimeline.Py4jOutlier("driver", job.submitMs() - 10, us, "org.apache.spark.api.python.PythonRDD",
                "collectAndServe", 100, "DURATION", "Thread-1", null, null, null));
        Finding f = DriverRules.of(r.timeline()).stream().filter(x -> x.id().equals("driver-py4j")).findFirst().orElseThrow();
        assertThat(f.title()).doesNotContain("0 ms waiting on jobs");
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).startsWith("job 0: Python waited ").endsWith(
                " in collectAndServe while the job ran"));
        assertThat(f.evidence()).anySatisfy(e -> assertThat(e).startsWith("1 call(s) seen only as outlier events")
                .contains("PythonRDD.collectAndServe"));
    }

    @Test
    void largeResultThroughTheGatewayIsFlagged() {
        RunFixture r = RunFixture.healthy(1);
        r.outliers.add(new RunTimeline.Py4jOutlier("driver", T0 + 2_000, 3_000_000, "org.apache.spark.sql.Dataset",
                "collectToPython", 300 * MIB, "SIZE", "Thread-3", null, null, null));
        assertThat(RunFixture.alarms(DriverRules.of(r.timeline()))).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("300.0 MiB from collectToPython");
            assertThat(f.nextStep()).contains("arrow");
        });
    }

    @Test
    void timeWithNoTaskRunningAndIdleCoresAreFlagged() {
        RunFixture r = RunFixture.healthy(1);
        r.pause(120_000);
        r.stage("after the pause", repeat(4_000, 8), repeat(64 * MIB, 8));
        List<Finding> f = RunFixture.alarms(DriverRules.of(r.timeline()));
        assertThat(f).extracting(Finding::id).containsExactly("driver-idle", "cost");
        assertThat(f.get(0).evidence().get(0)).startsWith("longest gap: 120.2 s");
        assertThat(f.get(0).evidence().get(1)).isEqualTo("counted from the application's start to its end");
        assertThat(f.get(1).evidence()).anySatisfy(e -> assertThat(e).startsWith("job 1: 32.0 of"));
    }

    @Test
    void timeSpentReplacingADeadExecutorBelongsToTheDeathNotToTheDriver() {
        RunFixture r = RunFixture.healthy(1);
        long death = r.endMs - 400;
        r.failures.add(new RunTimeline.Failure(death, FailureScope.EXECUTOR, "1", "1", FailureKind.EXECUTOR_REMOVED, null,
                "Command exited with code 52", null));
        r.pause(120_000);
        long replaced = r.endMs - 500;
        r.executors.add(new RunTimeline.Executor("3", "w3", 2, replaced, -1, null, 0, 0, 0));
        r.stage("after the restart", repeat(4_000, 8), repeat(64 * MIB, 8));
        RunTimeline t = r.timeline();
        assertThat(DriverRules.of(t)).as("the same pause without a death is driver-idle (above)")
                .noneMatch(f -> f.id().equals("driver-idle"));
        assertThat(FailureRules.of(t)).singleElement().satisfies(f -> {
            assertThat(f.title()).contains("executor 1 died (exit code 52)",
                    "119.9 s with no task running while the executor was replaced");
            assertThat(f.evidence()).contains("replaced: executor 1: 119.9 s from its death to its replacement's first "
                    + "task, 119.9 s of it with no task running");
        });
    }

    @Test
    void idleTimeBesideAReplacementIsStillTheDriversAndSaysWhatItLeftOut() {
        RunFixture r = RunFixture.healthy(1);
        long death = r.endMs - 400;
        r.failures.add(new RunTimeline.Failure(death, FailureScope.EXECUTOR, "1", "1", FailureKind.EXECUTOR_REMOVED, null,
                "Command exited with code 52", null));
        r.pause(20_000);
        r.executors.add(new RunTimeline.Executor("3", "w3", 2, r.endMs - 500, -1, null, 0, 0, 0));
        r.pause(120_000);
        r.stage("after the pause", repeat(4_000, 8), repeat(64 * MIB, 8));
        Finding idle = DriverRules.of(r.timeline()).stream().filter(f -> f.id().equals("driver-idle")).findFirst()
                .orElseThrow();
        assertThat(idle.title()).startsWith("No task ran for 12");
        assertThat(idle.evidence()).contains("not counted: 19.9 s while dead executors were replaced (in their finding)");
    }

    @Test
    void healthyDriverRaisesNoAlarm() {
        List<Finding> f = DriverRules.of(RunFixture.healthy(3).timeline());
        assertThat(RunFixture.alarms(f)).isEmpty();
        assertThat(f).extracting(Finding::id).containsExactly("driver-py4j", "cost");
    }
}
