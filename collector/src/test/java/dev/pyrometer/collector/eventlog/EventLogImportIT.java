/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.diagnose.Diagnosis;
import dev.pyrometer.collector.diagnose.Finding;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.io.CompressionCodec;
import org.apache.spark.io.CompressionCodec$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * Real event logs from a real local Spark (the test classpath's 4.0) with each codec and the
 * rolling layout: the imported run holds exactly the jobs, stages and tasks Spark's listener
 * bus delivered in the same application, its failures, and a diagnosis naming the failure.
 */
class EventLogImportIT {
    @TempDir
    Path dir;

    /** What the listener bus delivered, as ids. */
    static final class Seen extends SparkListener {
        final Set<Integer> jobs = new ConcurrentSkipListSet<>();
        final Set<String> stages = new ConcurrentSkipListSet<>();
        final Set<Long> tasks = new ConcurrentSkipListSet<>();
        final Set<Long> failedTasks = new ConcurrentSkipListSet<>();

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            jobs.add(e.jobId());
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted e) {
            stages.add(e.stageInfo().stageId() + "." + e.stageInfo().attemptNumber());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            tasks.add(e.taskInfo().taskId());
            if (e.reason() != Success$.MODULE$) {
                failedTasks.add(e.taskInfo().taskId());
            }
        }
    }

    /** Runs one small application (a shuffle job, then a job whose task throws) with the event log on. */
    private Seen runApplication(Path logDir, String codec, boolean rolling) throws Exception {
        Files.createDirectories(logDir);
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("eventlog-it-" + codec)
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.eventLog.enabled", "true").set("spark.eventLog.dir", logDir.toUri().toString())
                .set("spark.eventLog.compress", codec.isEmpty() ? "false" : "true")
                .set("spark.pyrometer.series", "eventlog-it")
                .set("spark.eventLog.rolling.enabled", Boolean.toString(rolling));
        if (!codec.isEmpty()) {
            conf.set("spark.eventLog.compression.codec", codec);
        }
        Seen seen = new Seen();
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            sc.setLogLevel("ERROR");
            sc.sc().addSparkListener(seen);
            sc.parallelize(List.of(1, 2, 3, 4, 5, 6), 3).mapToPair(i -> new Tuple2<>(i % 2, i)).reduceByKey(Integer::sum)
                    .collect();
            try {
                sc.parallelize(List.of(1, 2), 2).map(EventLogImportIT::failOnTwo).collect();
            } catch (Exception expected) {
                // the failing job is what the diagnosis must find
            }
            sc.sc().listenerBus().waitUntilEmpty(30_000);
        } finally {
            sc.stop();
        }
        return seen;
    }

    static int failOnTwo(int i) {
        if (i == 2) {
            throw new IllegalStateException("bucket quota exceeded for part " + i);
        }
        return i;
    }

    private RunTimeline importAndLoad(Path logPath, RunStore store) throws Exception {
        StringWriter progress = new StringWriter();
        EventLogImporter importer = new EventLogImporter(store, EventLogImporter.DEFAULT_MAX_STRING_CHARS, 1024, new PrintWriter(progress),
                System::currentTimeMillis);
        List<EventLogFiles> logs = EventLogFiles.at(logPath);
        assertThat(logs).hasSize(1);
        EventLogImporter.Result r = importer.importLog(logs.get(0));
        assertThat(r.outcome()).as("%s", r).isEqualTo(EventLogImporter.Outcome.IMPORTED);
        assertThat(r.corrupt()).isZero();
        assertThat(progress.toString()).as("one progress line per KiB read").contains("MB read", "import-eventlog: ");
        return TimelineLoader.load(store, r.runId()).orElseThrow();
    }

    private static void assertSameAsListenerBus(RunTimeline t, Seen seen) {
        Set<Integer> jobs = ids(t.jobs().stream().map(RunTimeline.Job::jobId));
        Set<String> stages = ids(t.stages().stream().map(s -> s.stageId() + "." + s.attemptId()));
        Set<Long> tasks = ids(t.tasks().stream().map(RunTimeline.Task::taskId));
        Set<Long> failed = ids(t.tasks().stream().filter(x -> x.status() != TaskStatus.SUCCESS).map(RunTimeline.Task::taskId));
        assertThat(jobs).isEqualTo(new TreeSet<>(seen.jobs));
        assertThat(stages).isEqualTo(new TreeSet<>(seen.stages));
        assertThat(tasks).isEqualTo(new TreeSet<>(seen.tasks));
        assertThat(failed).isNotEmpty().isEqualTo(new TreeSet<>(seen.failedTasks));
        assertThat(t.app().endSeen()).isTrue();
        assertThat(t.app().series()).isEqualTo("eventlog-it");
        assertThat(t.app().tags()).containsEntry(EventLogImporter.IMPORTED_TAG, EventLogImporter.IMPORTED_VALUE);
        assertThat(t.app().sparkVersion()).startsWith("4.");
        assertThat(t.failures()).anySatisfy(f -> {
            assertThat(f.scope()).isEqualTo(FailureScope.TASK);
            assertThat(f.className()).isEqualTo("java.lang.IllegalStateException");
            assertThat(f.message()).contains("bucket quota exceeded for part 2");
            assertThat(f.stackTrace()).contains("failOnTwo");
        });
        assertThat(t.failures()).anySatisfy(f -> assertThat(f.scope()).isEqualTo(FailureScope.JOB));
        assertThat(t.loss().sources()).singleElement().satisfies(s -> {
            assertThat(s.finalReport()).isTrue();
            assertThat(s.seqGaps()).isZero();
        });
        List<Finding> findings = Diagnosis.of(t);
        assertThat(findings).as("%s", findings).anySatisfy(f -> assertThat(f.title() + f.explanation())
                .contains("bucket quota exceeded"));
    }

    private static <T> Set<T> ids(Stream<T> s) {
        return s.collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void zstdLogImportsAsTheRunTheListenerBusSaw() throws Exception {
        Path logs = dir.resolve("zstd");
        Seen seen = runApplication(logs, "zstd", false);
        try (RunStore store = DuckDbRunStore.open(dir.resolve("zstd.duckdb"))) {
            Path file = onlyChild(logs);
            assertThat(file.getFileName().toString()).endsWith(".zstd");
            assertSameAsListenerBus(importAndLoad(file, store), seen);
        }
    }

    @Test
    void rollingLz4LogAndTheSameLogRecompressedWithSparksSnappyImportAlike() throws Exception {
        Path logs = dir.resolve("rolling");
        Seen seen = runApplication(logs, "lz4", true);
        Path rollingDir = onlyChild(logs);
        assertThat(rollingDir.getFileName().toString()).startsWith("eventlog_v2_");
        try (RunStore store = DuckDbRunStore.open(dir.resolve("rolling.duckdb"))) {
            assertSameAsListenerBus(importAndLoad(rollingDir, store), seen);
        }
        // The same events through Spark's own snappy codec, as a plain single file.
        Path part;
        try (Stream<Path> s = Files.list(rollingDir)) {
            part = s.filter(p -> p.getFileName().toString().startsWith("events_")).findFirst().orElseThrow();
        }
        SparkConf conf = new SparkConf();
        CompressionCodec lz4 = CompressionCodec$.MODULE$.createCodec(conf, "lz4");
        CompressionCodec snappy = CompressionCodec$.MODULE$.createCodec(conf, "snappy");
        Path snappyFile = dir.resolve("snappy").resolve("app-1.snappy");
        Files.createDirectories(snappyFile.getParent());
        try (InputStream in = lz4.compressedInputStream(Files.newInputStream(part));
                OutputStream out = snappy.compressedOutputStream(Files.newOutputStream(snappyFile))) {
            in.transferTo(out);
        }
        try (RunStore store = DuckDbRunStore.open(dir.resolve("snappy.duckdb"))) {
            assertSameAsListenerBus(importAndLoad(snappyFile, store), seen);
        }
    }

    private static Path onlyChild(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            List<Path> all = s.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }
}
