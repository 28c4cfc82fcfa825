/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Real Spark failures and skew in a local session (local[2]): the exceptions Spark reports for
 * them become timeline failures and tasks exactly as the listener records them (ExceptionFailure
 * class name, description and full stack trace; task metrics), and the diagnosis must name them.
 */
class SparkDiagnosisIT {
    private static JavaSparkContext sc;
    private static final Recorder recorder = new Recorder();

    /** A storage client's own exception, several levels under Spark's. */
    static final class TokenExpiredException extends Exception {
        TokenExpiredException(String m) {
            super(m);
        }
    }

    @BeforeAll
    static void start() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("pyrometer-diagnosis-it")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryoserializer.buffer.max", "1m");
        sc = new JavaSparkContext(conf);
        sc.setLogLevel("ERROR");
        sc.sc().addSparkListener(recorder);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @BeforeEach
    void reset() {
        recorder.clear();
    }

    @Test
    void nestedCauseChainIsReducedToTheExpiredTokenAndTheUsersFrame() throws Exception {
        try {
            sc.parallelize(List.of(1, 2, 3, 4), 2).map(SparkDiagnosisIT::writePart).collect();
        } catch (Exception expected) {
            // the job fails; the diagnosis reads what the listener saw
        }
        RunTimeline t = recorder.timeline();
        List<Finding> f = failures(t);
        assertThat(f).as(t.failures() + "\n" + t.jobs()).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("failure/INFRASTRUCTURE");
            assertThat(x.severity()).isEqualTo(Finding.Severity.ERROR);
            assertThat(x.evidence()).anySatisfy(e -> assertThat(e).isEqualTo("innermost cause: "
                    + TokenExpiredException.class.getName() + ": the security token included in the request is expired"));
            assertThat(x.evidence()).anySatisfy(e -> assertThat(e).startsWith("user frame: " + SparkDiagnosisIT.class.getName()
                    + ".writePart"));
            assertThat(x.evidence()).anySatisfy(e -> assertThat(e).startsWith("failed jobs: "));
        });
    }

    static int writePart(int x) {
        try {
            throw new IOException("upload of part " + x + " failed",
                    new TokenExpiredException("the security token included in the request is expired"));
        } catch (IOException e) {
            throw new IllegalStateException("task failed while writing rows", new UncheckedIOException(e));
        }
    }

    @Test
    void kryoBufferOverflowSuggestsABufferMaxAboveWhatWasRequired() {
        try {
            sc.parallelize(List.of(1), 1).map(x -> SparkEnv.get().serializer().newInstance()
                    .serialize(new byte[3 << 20], ClassTag$.MODULE$.apply(byte[].class)).limit()).collect();
        } catch (Exception expected) {
            // the job fails
        }
        List<Finding> f = failures(recorder.timeline());
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("failure/TOOLCHAIN");
            assertThat(x.nextStep()).containsPattern("it needed \\d{7} bytes").contains("spark.kryoserializer.buffer.max to 64m");
        });
    }

    @Test
    void skewedKeyIsFoundWithItsPartitionAndAHealthyShuffleIsNot() throws Exception {
        int rows = 1_500_000;
        sc.parallelize(IntStream.range(0, 8).boxed().toList(), 8)
                .flatMapToPair(p -> IntStream.range(0, rows / 8).mapToObj(i -> {
                    int key = (p * (rows / 8) + i) % 10 < 9 ? 0 : 1 + i % 3;
                    return new Tuple2<>(key, scrambled(p * (rows / 8) + i));
                }).iterator())
                .partitionBy(new HashPartitioner(4)).count();
        RunTimeline skewed = recorder.timeline();
        List<Finding> alarms = RunFixture.alarms(StageRules.of(skewed));
        assertThat(alarms).as(alarms.toString()).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("slowness/skew");
            assertThat(x.title()).contains("partition 0 holds");
        });

        recorder.clear();
        sc.parallelize(IntStream.range(0, 8).boxed().toList(), 8)
                .flatMapToPair(p -> IntStream.range(0, rows / 8).mapToObj(i -> new Tuple2<>(p * (rows / 8) + i, scrambled(i))).iterator())
                .partitionBy(new HashPartitioner(4)).count();
        assertThat(RunFixture.alarms(StageRules.of(recorder.timeline()))).isEmpty();
    }

    /** Values that shuffle compression cannot shrink away, so bytes follow the row count. */
    static String scrambled(long i) {
        long h = i * 0x9E3779B97F4A7C15L;
        return Long.toHexString(h ^ (h >>> 29)) + Long.toHexString(h * 31 + 7);
    }

    private static List<Finding> failures(RunTimeline t) {
        return t.failures().isEmpty() ? List.of() : FailureRules.of(t);
    }

    /** Records what the Pyrometer listener would: tasks with metrics and reasons, stages, jobs. */
    static final class Recorder extends SparkListener {
        private final List<RunTimeline.Task> tasks = Collections.synchronizedList(new ArrayList<>());
        private final List<RunTimeline.Stage> stages = Collections.synchronizedList(new ArrayList<>());
        private final List<RunTimeline.Job> jobs = Collections.synchronizedList(new ArrayList<>());
        private final List<RunTimeline.Failure> failures = Collections.synchronizedList(new ArrayList<>());
        private final java.util.Map<Integer, List<Integer>> stagesOfJob = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile long startMs = System.currentTimeMillis();
        private int jobsStarted;

        synchronized void clear() {
            jobsStarted = 0;
            tasks.clear();
            stages.clear();
            jobs.clear();
            failures.clear();
            startMs = System.currentTimeMillis();
        }

        /** Waits for every started job's end: Spark wakes the caller of a failed job before posting its end. */
        RunTimeline timeline() {
            long deadline = System.currentTimeMillis() + 30_000;
            try {
                // Not under this monitor: the bus thread takes it in onJobStart.
                sc.sc().listenerBus().waitUntilEmpty(30_000);
                synchronized (this) {
                    while (jobs.size() < jobsStarted && System.currentTimeMillis() < deadline) {
                        wait(1_000);
                    }
                }
            } catch (TimeoutException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            RunFixture r = new RunFixture();
            r.conf.clear();
            r.conf.put("spark.master", "local[2]");
            r.startMs = startMs;
            r.endMs = System.currentTimeMillis();
            r.executors.add(new RunTimeline.Executor("driver", "127.0.0.1", 2, startMs, -1, null, 0, 0, 0));
            synchronized (tasks) {
                r.tasks.addAll(tasks);
            }
            synchronized (stages) {
                r.stages.addAll(stages);
            }
            synchronized (jobs) {
                r.jobs.addAll(jobs);
            }
            synchronized (failures) {
                r.failures.addAll(failures);
            }
            return r.timeline();
        }

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            List<Integer> ids = new ArrayList<>();
            for (int[] x = {0}; x[0] < e.stageInfos().size(); x[0]++) {
                ids.add(((StageInfo) e.stageInfos().apply(x[0])).stageId());
            }
            stagesOfJob.put(e.jobId(), ids);
            synchronized (this) {
                jobsStarted++;
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            TaskInfo i = e.taskInfo();
            TaskMetrics m = e.taskMetrics();
            boolean ok = i.successful();
            FailureKind kind = e.reason() instanceof ExceptionFailure ? FailureKind.EXCEPTION : ok ? null : FailureKind.UNKNOWN;
            tasks.add(new RunTimeline.Task(i.taskId(), e.stageId(), e.stageAttemptId(), i.index(), i.attemptNumber(),
                    i.executorId(), i.host(), i.launchTime(), i.finishTime(), ok ? TaskStatus.SUCCESS : TaskStatus.FAILED, i.speculative(),
                    m == null ? 0 : m.executorRunTime(), m == null ? 0 : m.executorCpuTime() / 1_000_000,
                    m == null ? 0 : m.jvmGCTime(), m == null ? 0 : m.inputMetrics().bytesRead(),
                    m == null ? 0 : m.shuffleReadMetrics().totalBytesRead(),
                    m == null ? 0 : m.shuffleWriteMetrics().bytesWritten(), m == null ? 0 : m.diskBytesSpilled(),
                    m == null ? 0 : m.resultSize(), m == null ? 0 : m.peakExecutionMemory(), 0, 0, kind));
            if (e.reason() instanceof ExceptionFailure x) {
                failures.add(new RunTimeline.Failure(i.finishTime(), FailureScope.TASK, Long.toString(i.taskId()), i.executorId(),
                        FailureKind.EXCEPTION, x.className(), x.description(), x.fullStackTrace()));
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted e) {
            StageInfo s = e.stageInfo();
            long submit = s.submissionTime().isDefined() ? (Long) s.submissionTime().get() : -1;
            long complete = s.completionTime().isDefined() ? (Long) s.completionTime().get() : -1;
            String reason = s.failureReason().isDefined() ? s.failureReason().get() : null;
            long in = 0;
            long shuffle = 0;
            synchronized (tasks) {
                for (RunTimeline.Task t : tasks) {
                    if (t.stageId() == s.stageId()) {
                        in += t.inputBytes();
                        shuffle += t.shuffleReadBytes();
                    }
                }
            }
            stages.add(new RunTimeline.Stage(s.stageId(), s.attemptNumber(), null, s.name(), s.numTasks(), submit, complete,
                    reason, 0, 0, in, shuffle, 0, 0, 0));
            if (reason != null) {
                failures.add(new RunTimeline.Failure(complete, FailureScope.STAGE, s.stageId() + "." + s.attemptNumber(), null,
                        FailureKind.STAGE_FAILED, null, reason, null));
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            boolean ok = !(e.jobResult() instanceof JobFailed);
            if (e.jobResult() instanceof JobFailed f) {
                Exception x = f.exception();
                java.io.StringWriter w = new java.io.StringWriter();
                x.printStackTrace(new java.io.PrintWriter(w));
                failures.add(new RunTimeline.Failure(e.time(), FailureScope.JOB, Integer.toString(e.jobId()), null, FailureKind.JOB_FAILED,
                        x.getClass().getName(), x.getMessage(), w.toString()));
            }
            // Last, so that a waiting timeline() sees the job's failure too.
            jobs.add(new RunTimeline.Job(e.jobId(), -1, e.time(), ok, null, null, null,
                    stagesOfJob.getOrDefault(e.jobId(), List.of()), 0, null, null));
            synchronized (this) {
                notifyAll();
            }
        }
    }
}
