/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.pyrometer.collector.report.HtmlReport;
import dev.pyrometer.collector.report.TextSummary;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jpountz.lz4.LZ4BlockOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.SnappyOutputStream;

/** Event logs written here in Spark's JSON (as JsonProtocol writes it in 3.5 and 4.x) and framing. */
class EventLogImportTest {
    @TempDir
    Path dir;
    RunStore store;
    final StringWriter progress = new StringWriter();

    @BeforeEach
    void open() {
        store = DuckDbRunStore.open(dir.resolve("runs.duckdb"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    static final String LOG_START = "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"4.0.4\"}";
    static final String ENV = "{\"Event\":\"SparkListenerEnvironmentUpdate\",\"JVM Information\":{\"Java Version\":"
            + "\"17.0.9 (Eclipse Adoptium)\",\"Scala Version\":\"version 2.13.16\"},\"Spark Properties\":{\"spark.master\":"
            + "\"local-cluster[2,1,1024]\",\"spark.driver.host\":\"10.0.0.5\",\"spark.pyrometer.series\":\"nightly\","
            + "\"spark.pyrometer.tags\":\"team=etl;env=prod\"},\"Hadoop Properties\":{},\"System Properties\":{},"
            + "\"Classpath Entries\":{}}";
    static final String BLOCK_MANAGER = "{\"Event\":\"SparkListenerBlockManagerAdded\",\"Timestamp\":1000,"
            + "\"Block Manager ID\":{\"Executor ID\":\"driver\",\"Host\":\"10.0.0.5\",\"Port\":4040}}";

    static String appStart(String appId) {
        return "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"nightly-etl\",\"App ID\":\"" + appId
                + "\",\"Timestamp\":1000,\"User\":\"etl\"}";
    }

    static String jobStart(int job, int stage, int tasks) {
        return "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":" + job + ",\"Submission Time\":1100,\"Stage Infos\":[{"
                + "\"Stage ID\":" + stage + ",\"Stage Attempt ID\":0,\"Stage Name\":\"collect at etl.py:12\",\"Number of Tasks\":"
                + tasks + ",\"RDD Info\":[],\"Parent IDs\":[],\"Details\":\"\",\"Accumulables\":[]}],\"Stage IDs\":[" + stage
                + "],\"Properties\":{\"callSite.short\":\"collect at etl.py:12\",\"spark.job.description\":\"load\"}}";
    }

    static String stageSubmitted(int stage, int tasks) {
        return "{\"Event\":\"SparkListenerStageSubmitted\",\"Stage Info\":{\"Stage ID\":" + stage + ",\"Stage Attempt ID\":0,"
                + "\"Stage Name\":\"collect at etl.py:12\",\"Number of Tasks\":" + tasks + ",\"RDD Info\":[{\"RDD ID\":1,"
                + "\"Name\":\"PythonRDD\"}],\"Parent IDs\":[],\"Details\":\"d\",\"Submission Time\":1150,\"Accumulables\":[],"
                + "\"Resource Profile Id\":0,\"Shuffle Push Enabled\":false,\"Shuffle Push Mergers Count\":0},\"Properties\":{}}";
    }

    static String taskInfo(long task, int index, String executor) {
        return "{\"Task ID\":" + task + ",\"Index\":" + index + ",\"Attempt\":0,\"Partition ID\":" + index
                + ",\"Launch Time\":1200,\"Executor ID\":\"" + executor + "\",\"Host\":\"10.0.0.6\",\"Locality\":"
                + "\"PROCESS_LOCAL\",\"Speculative\":false,\"Getting Result Time\":0,\"Finish Time\":1900,\"Failed\":false,"
                + "\"Killed\":false,\"Accumulables\":[]}";
    }

    static String taskEnd(int stage, long task, int index, String executor, String reason) {
        return "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":" + stage + ",\"Stage Attempt ID\":0,\"Task Type\":"
                + "\"ResultTask\",\"Task End Reason\":" + reason + ",\"Task Info\":" + taskInfo(task, index, executor)
                + ",\"Task Executor Metrics\":{\"JVMHeapMemory\":123456,\"ProcessTreePythonRSSMemory\":987654,"
                + "\"OnHeapExecutionMemory\":0},\"Task Metrics\":{\"Executor Deserialize Time\":5,\"Executor Deserialize CPU Time\":"
                + "4000,\"Executor Run Time\":600,\"Executor CPU Time\":500000000,\"Peak Execution Memory\":0,\"Result Size\":"
                + "1500,\"JVM GC Time\":7,\"Result Serialization Time\":0,\"Memory Bytes Spilled\":0,\"Disk Bytes Spilled\":0,"
                + "\"Shuffle Read Metrics\":{\"Remote Blocks Fetched\":0,\"Local Blocks Fetched\":0,\"Fetch Wait Time\":0,"
                + "\"Remote Bytes Read\":0,\"Remote Bytes Read To Disk\":0,\"Local Bytes Read\":0,\"Total Records Read\":0,"
                + "\"Remote Requests Duration\":0,\"Push Based Shuffle\":{\"Corrupt Merged Block Chunks\":0}},"
                + "\"Shuffle Write Metrics\":{\"Shuffle Bytes Written\":0,\"Shuffle Write Time\":0,\"Shuffle Records Written\":0},"
                + "\"Input Metrics\":{\"Bytes Read\":2048,\"Records Read\":10},\"Output Metrics\":{\"Bytes Written\":0,"
                + "\"Records Written\":0},\"Updated Blocks\":[]}}";
    }

    static final String SUCCESS = "{\"Reason\":\"Success\"}";
    static final String EXECUTOR_LOST = "{\"Reason\":\"ExecutorLostFailure\",\"Executor ID\":\"1\",\"Exit Caused By App\":true,"
            + "\"Loss Reason\":\"Command exited with code 52\"}";

    static String appEnd(String exitCode) {
        return "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":5000" + (exitCode == null ? "" : ",\"ExitCode\":"
                + exitCode) + "}";
    }

    /** One job of {@code tasks} tasks (the first failing when {@code failFirst}), a complete application. */
    static List<String> application(String appId, int tasks, boolean failFirst) {
        List<String> l = new ArrayList<>(List.of(LOG_START, BLOCK_MANAGER, ENV, appStart(appId), jobStart(0, 0, tasks),
                stageSubmitted(0, tasks)));
        for (int i = 0; i < tasks; i++) {
            l.add("{\"Event\":\"SparkListenerTaskStart\",\"Stage ID\":0,\"Stage Attempt ID\":0,\"Task Info\":"
                    + taskInfo(i, i, "1") + "}");
            l.add(taskEnd(0, i, i, "1", failFirst && i == 0 ? EXECUTOR_LOST : SUCCESS));
        }
        l.add("{\"Event\":\"SparkListenerStageCompleted\",\"Stage Info\":{\"Stage ID\":0,\"Stage Attempt ID\":0,\"Stage Name\":"
                + "\"collect at etl.py:12\",\"Number of Tasks\":" + tasks + ",\"RDD Info\":[],\"Parent IDs\":[],\"Details\":\"\","
                + "\"Submission Time\":1150,\"Completion Time\":2000,\"Accumulables\":[{\"ID\":1,\"Name\":"
                + "\"internal.metrics.executorRunTime\",\"Value\":1800,\"Internal\":true,\"Count Failed Values\":true}]}}");
        l.add("{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":0,\"Completion Time\":2100,\"Job Result\":{\"Result\":\"JobSucceeded\"}}");
        l.add(appEnd("0"));
        return l;
    }

    private EventLogImporter importer() {
        return importer(1L << 30);
    }

    private EventLogImporter importer(long progressEveryBytes) {
        return new EventLogImporter(store, EventLogImporter.DEFAULT_MAX_STRING_CHARS, progressEveryBytes,
                new PrintWriter(progress, true), () -> 42L);
    }

    private EventLogImporter.Result importPath(Path p) throws IOException {
        List<EventLogFiles> logs = EventLogFiles.at(p);
        assertThat(logs).hasSize(1);
        return importer().importLog(logs.get(0));
    }

    private static byte[] text(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Path p, byte[] content, EventLogCodec codec) throws IOException {
        Files.createDirectories(p.getParent());
        try (OutputStream raw = Files.newOutputStream(p); OutputStream out = switch (codec) {
            case LZ4 -> new LZ4BlockOutputStream(raw, 32 * 1024);
            case SNAPPY -> new SnappyOutputStream(raw, 32 * 1024);
            case ZSTD -> new ZstdOutputStream(raw, 1);
            default -> raw;
        }) {
            out.write(content);
        }
    }

    @Test
    void plainLogBecomesARunWithTheListenersFieldsAndTheImportMark() throws IOException {
        Path p = dir.resolve("logs/app-20261204-0001");
        write(p, text(application("app-20261204-0001", 3, false)), EventLogCodec.NONE);
        EventLogImporter.Result r = importPath(p);
        assertThat(r.outcome()).isEqualTo(EventLogImporter.Outcome.IMPORTED);
        assertThat(r.runId()).isEqualTo("app-20261204-0001");
        assertThat(r.ignored()).as("log start, block manager, environment").isEqualTo(3);
        RunTimeline t = TimelineLoader.load(store, r.runId()).orElseThrow();
        assertThat(t.app().name()).isEqualTo("nightly-etl");
        assertThat(t.app().series()).isEqualTo("nightly");
        assertThat(t.app().tags()).containsEntry("team", "etl").containsEntry("env", "prod")
                .containsEntry(EventLogImporter.IMPORTED_TAG, EventLogImporter.IMPORTED_VALUE);
        assertThat(t.app().sparkVersion()).isEqualTo("4.0.4");
        assertThat(t.app().exitCode()).as("Spark 4's ExitCode").isZero();
        assertThat(t.app().driverHost()).isEqualTo("10.0.0.5");
        assertThat(t.jobs()).singleElement().satisfies(j -> {
            assertThat(j.callSite()).isEqualTo("collect at etl.py:12");
            assertThat(j.totalTasks()).isEqualTo(3);
            assertThat(j.succeeded()).isTrue();
        });
        assertThat(t.stages()).singleElement().satisfies(s -> assertThat(s.jobId()).isZero());
        assertThat(t.tasks()).hasSize(3).allSatisfy(task -> {
            assertThat(task.runTimeMs()).isEqualTo(600);
            assertThat(task.cpuMs()).isEqualTo(500);
            assertThat(task.inputBytes()).isEqualTo(2048);
            assertThat(task.peakJvmHeap()).isEqualTo(123456);
            assertThat(task.peakPythonRss()).isEqualTo(987654);
        });
        assertThat(t.processes()).as("agent-only data stays empty").isEmpty();
        assertThat(TextSummary.of(t)).contains("source", EventLogImporter.IMPORTED_NOTE);
        assertThat(HtmlReport.render(t, "")).contains(EventLogImporter.IMPORTED_NOTE);
        assertThat(t.loss().sources()).singleElement().satisfies(s -> {
            assertThat(s.finalReport()).isTrue();
            assertThat(s.seqGaps()).isZero();
        });
    }

    @Test
    void corruptLineIsSkippedCountedAsLostAndKeptAsAReject() throws IOException {
        List<String> lines = application("app-corrupt", 2, false);
        lines.add(5, "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":1,\"Subm");
        lines.add(6, "\u0000\u0001garbage");
        Path p = dir.resolve("app-corrupt.zstd");
        write(p, text(lines), EventLogCodec.ZSTD);
        EventLogImporter.Result r = importPath(p);
        assertThat(r.corrupt()).isEqualTo(2);
        RunTimeline t = TimelineLoader.load(store, "app-corrupt").orElseThrow();
        assertThat(t.tasks()).hasSize(2);
        assertThat(t.loss().sources()).singleElement().satisfies(s -> {
            assertThat(s.seqGaps()).as("each corrupt line is a gap").isEqualTo(2);
            assertThat(s.countedDrops()).as("and explained").isEqualTo(2);
            assertThat(s.dropped()).containsEntry(EventLogImporter.CORRUPT_LINE, 2L);
        });
        assertThat(store.rejects()).hasSize(2).allSatisfy(rej -> {
            assertThat(rej.reason()).isEqualTo(EventLogImporter.CORRUPT_REASON);
            assertThat(rej.runId()).isEqualTo("app-corrupt");
            assertThat(rej.detail()).contains("not a JSON event");
        });
    }

    @Test
    void rollingDirectoryPartsAreReadInNumericOrderWhateverTheirCodec() throws IOException {
        List<String> all = application("app-rolling", 4, true);
        Path d = dir.resolve("logs/eventlog_v2_app-rolling");
        // Three parts: 1, 2, 10 (10 sorts before 2 by name).
        write(d.resolve("events_1_app-rolling.lz4"), text(all.subList(0, 6)), EventLogCodec.LZ4);
        write(d.resolve("events_2_app-rolling.lz4"), text(all.subList(6, 10)), EventLogCodec.LZ4);
        write(d.resolve("events_10_app-rolling.lz4"), text(all.subList(10, all.size())), EventLogCodec.LZ4);
        Files.createFile(d.resolve("appstatus_app-rolling"));
        List<EventLogFiles> logs = EventLogFiles.at(dir.resolve("logs"));
        assertThat(logs).singleElement().satisfies(l -> {
            assertThat(l.inProgress()).isFalse();
            assertThat(l.files()).extracting(f -> f.getFileName().toString()).containsExactly(
                    "events_1_app-rolling.lz4", "events_2_app-rolling.lz4", "events_10_app-rolling.lz4");
        });
        EventLogImporter.Result r = importer().importLog(logs.get(0));
        assertThat(r.outcome()).isEqualTo(EventLogImporter.Outcome.IMPORTED);
        assertThat(r.appEndSeen()).isTrue();
        RunTimeline t = TimelineLoader.load(store, "app-rolling").orElseThrow();
        assertThat(t.tasks()).hasSize(4);
        assertThat(t.failures()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(FailureKind.EXECUTOR_LOST);
            assertThat(f.message()).isEqualTo("ExecutorLostFailure (executor 1 exited caused by one of the running tasks)"
                    + " Reason: Command exited with code 52");
        });
    }

    @Test
    void snappyLogReadsLikeThePlainOne() throws IOException {
        Path p = dir.resolve("app-snappy.snappy");
        write(p, text(application("app-snappy", 2, false)), EventLogCodec.SNAPPY);
        // application start and end, job start and end, stage submitted and completed, 2 task starts and ends
        assertThat(importPath(p).events()).isEqualTo(10);
    }

    @Test
    void aRunAlreadyInTheStoreIsLeftAlone() throws IOException {
        Path p = dir.resolve("app-twice");
        write(p, text(application("app-twice", 2, false)), EventLogCodec.NONE);
        long first = importPath(p).events();
        EventLogImporter.Result again = importPath(p);
        assertThat(again.outcome()).isEqualTo(EventLogImporter.Outcome.ALREADY_STORED);
        assertThat(store.events("app-twice")).hasSize((int) first + 1);
    }

    @Test
    void unfinishedLogEndsWithoutApplicationEnd() throws IOException {
        List<String> lines = application("app-open", 2, false);
        lines.remove(lines.size() - 1);
        Path p = dir.resolve("app-open.lz4.inprogress");
        write(p, text(lines), EventLogCodec.LZ4);
        EventLogImporter.Result r = importPath(p);
        assertThat(r.appEndSeen()).isFalse();
        assertThat(store.run("app-open").orElseThrow().status()).isEqualTo("ENDED_WITHOUT_APP_END");
    }

    @Test
    void fileWithoutApplicationStartIsNoRun() throws IOException {
        Path p = dir.resolve("notes.txt");
        write(p, "hello\nworld\n".getBytes(StandardCharsets.UTF_8), EventLogCodec.NONE);
        EventLogImporter.Result r = importPath(p);
        assertThat(r.outcome()).isEqualTo(EventLogImporter.Outcome.NO_APPLICATION_START);
        assertThat(store.runs()).isEmpty();
    }

    @Test
    void progressLinesFollowTheBytesRead() throws IOException {
        Path p = dir.resolve("app-progress");
        write(p, text(application("app-progress", 2000, false)), EventLogCodec.NONE);
        long every = 512 * 1024;
        importer(every).importLog(EventLogFiles.at(p).get(0));
        List<String> lines = progress.toString().lines().toList();
        assertThat(lines).as("%s bytes", Files.size(p)).hasSize((int) (Files.size(p) / every))
                .allSatisfy(l -> assertThat(l).startsWith("import-eventlog: " + p + ": ").contains(" MB read, "));
    }

    @Test
    void codecsAreToldByTheFileNameAsSparkNamesThem() {
        assertThat(EventLogCodec.ofFileName("app-1.zstd.inprogress")).isEqualTo(EventLogCodec.ZSTD);
        assertThat(EventLogCodec.ofFileName("events_3_app-1_1.lz4")).isEqualTo(EventLogCodec.LZ4);
        assertThat(EventLogCodec.ofFileName("application_1700000000000_0042_1")).isEqualTo(EventLogCodec.NONE);
        assertThat(EventLogCodec.ofFileName("local-1700000000000")).isEqualTo(EventLogCodec.NONE);
        assertThatThrownBy(() -> EventLogCodec.LZF.open(new ByteArrayInputStream(new byte[0])))
                .hasMessageContaining("lzf-compressed event logs are not supported");
    }
}
