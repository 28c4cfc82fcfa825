/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The jobs every listener integration test runs, written against the Java API only (so the same
 * compiled class runs on Spark 3.5/Scala 2.12 and Spark 4/Scala 2.13): a two-stage job with a
 * shuffle, a job whose task throws an exception with a nested cause, and a cancelled job.
 */
public final class SampleJobs {
    public static final String FAILURE_MESSAGE = "task failed on purpose";
    public static final String NESTED_CAUSE = "nested cause of the failure";
    public static final String CANCEL_GROUP = "cancel-me";

    private SampleJobs() {
    }

    /** Runs all three jobs and returns Spark's own accounting of them. */
    public static SparkAccounting runAll(JavaSparkContext jsc) throws InterruptedException {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            numbers.add(i);
        }
        List<Tuple2<Integer, Integer>> counts = jsc.parallelize(numbers, 4)
                .mapToPair(i -> new Tuple2<>(i % 10, 1))
                .reduceByKey((a, b) -> a + b, 3)
                .collect();
        if (counts.size() != 10) {
            throw new AssertionError("shuffle job returned " + counts);
        }

        Exception failure = null;
        try {
            jsc.parallelize(Arrays.asList(1, 2, 3, 4), 2).map(i -> {
                if (i == 3) {
                    throw new IllegalStateException(FAILURE_MESSAGE, new IllegalArgumentException(NESTED_CAUSE));
                }
                return i;
            }).count();
        } catch (Exception e) {
            failure = e;
        }
        if (failure == null) {
            throw new AssertionError("the failing job did not fail");
        }

        runCancelledJob(jsc);
        return SparkAccounting.of(jsc);
    }

    private static void runCancelledJob(JavaSparkContext jsc) throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            jsc.setJobGroup(CANCEL_GROUP, "cancelled on purpose", true);
            try {
                jsc.parallelize(Arrays.asList(1, 2, 3, 4), 2).map(i -> {
                    Thread.sleep(120_000);
                    return i;
                }).count();
                outcome.set(new AssertionError("the cancelled job completed"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "cancelled-job");
        t.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!running(jsc) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        jsc.cancelJobGroup(CANCEL_GROUP);
        t.join(60_000);
        if (outcome.get() instanceof AssertionError || outcome.get() == null) {
            throw new AssertionError("cancelled job: " + outcome.get());
        }
        // The job ends at once; its killed tasks report a little later. Wait for them, or the
        // application could stop before Spark has posted their task ends.
        deadline = System.currentTimeMillis() + 60_000;
        while (tasksStillActive(jsc) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private static boolean tasksStillActive(JavaSparkContext jsc) {
        for (int jobId : jsc.statusTracker().getJobIdsForGroup(CANCEL_GROUP)) {
            for (int stageId : jsc.statusTracker().getJobInfo(jobId).stageIds()) {
                SparkStageInfo s = jsc.statusTracker().getStageInfo(stageId);
                if (s != null && s.numActiveTasks() > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True once both tasks of the cancelled job's stage are running (so both get killed, not skipped). */
    private static boolean running(JavaSparkContext jsc) {
        for (int jobId : jsc.statusTracker().getJobIdsForGroup(CANCEL_GROUP)) {
            for (int stageId : jsc.statusTracker().getActiveStageIds()) {
                SparkStageInfo s = jsc.statusTracker().getStageInfo(stageId);
                if (s != null && s.numActiveTasks() == 2) {
                    return true;
                }
            }
        }
        return false;
    }
}
