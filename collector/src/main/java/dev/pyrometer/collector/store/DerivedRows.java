/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.diagnose.Diagnosis;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.Loss;
import dev.pyrometer.collector.timeline.RunTimeline.SourceLoss;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The rows of every derived table for one run, in the column order of schema.sql. */
final class DerivedRows {
    static final Map<String, String[]> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("runs", cols("run_id app_id attempt_id app_name series user_name spark_version master status start_ms "
                + "end_ms duration_ms end_seen exit_code kafka_partition events jobs stages tasks failed_tasks peak_python_rss "
                + "lost_events seq_gaps emitter_dropped listener_bus_dropped suppressed_errors duplicates inconsistent_events updated_ms scale"));
        COLUMNS.put("jobs", cols("run_id job_id submit_ms end_ms succeeded description call_site job_group stage_ids "
                + "total_tasks failure_class failure_message"));
        COLUMNS.put("stages", cols("run_id stage_id attempt_id job_id name num_tasks submit_ms complete_ms failure_reason "
                + "tasks_succeeded tasks_failed input_bytes shuffle_read_bytes shuffle_write_bytes spill_bytes task_time_ms"));
        COLUMNS.put("tasks", cols("run_id task_id stage_id stage_attempt task_index attempt executor_id host launch_ms "
                + "finish_ms duration_ms status speculative run_time_ms cpu_ms gc_ms input_bytes shuffle_read_bytes "
                + "shuffle_write_bytes spill_bytes result_bytes peak_execution_memory peak_jvm_heap peak_python_rss failure_kind"));
        COLUMNS.put("executors", cols("run_id executor_id host cores added_ms removed_ms remove_reason clock_offset_ms tasks failed_tasks"));
        COLUMNS.put("processes", cols("run_id process_key source_instance executor_id host pid ppid kind command start_ms "
                + "first_ms last_ms exited peak_rss_bytes samples"));
        COLUMNS.put("samples", cols("run_id origin process_key executor_id pid kind time_ms rss_bytes pss_bytes cpu_ms "
                + "task_id heap_used heap_max gc_time_ms"));
        COLUMNS.put("py4j_calls", cols("run_id row_kind executor_id start_ms end_ms target_class method calls errors total_us "
                + "max_us total_response_chars max_response_chars reason thread_name job_group error_class error_message"));
        COLUMNS.put("serializer_stats", cols("run_id executor_id start_ms end_ms serializer operation calls bytes total_us "
                + "max_us max_bytes errors"));
        COLUMNS.put("failures", cols("run_id time_ms scope ref executor_id kind class_name message stack_trace"));
        COLUMNS.put("lost_events", cols("run_id source_instance role executor_id host counter count"));
        COLUMNS.put("source_loss", cols("run_id source_instance role executor_id host pid received first_seq last_seq "
                + "last_event_ms missing counted_drops unaccounted final_report verdict"));
        COLUMNS.put("findings", cols("run_id finding_id severity category title detail created_ms"));
        ConnectRows.declare(COLUMNS);
    }

    static String[] cols(String s) {
        return s.split(" ");
    }

    private DerivedRows() {
    }

    private static Double declaredScale(RunTimeline t) {
        double s = dev.pyrometer.collector.diagnose.ScaleUp.declaredScale(t);
        return s > 0 ? s : null;
    }

    static Map<String, List<Object[]>> of(RunTimeline t, int partition, long nowMs) {
        String id = t.app().runId();
        Map<String, List<Object[]>> out = new LinkedHashMap<>();
        Loss loss = t.loss();
        RunTimeline.App a = t.app();
        out.put("runs", List.<Object[]>of(new Object[] {id, a.appId(), a.attemptId(), a.name(), a.series(), a.user(),
                a.sparkVersion(), a.master(), t.status().name(), a.startMs(), a.endMs(), a.durationMs(), a.endSeen(),
                a.exitCode(), partition, t.eventCount(), t.jobs().size(), t.stages().size(), t.tasks().size(),
                (int) t.failedTasks(), t.peakPythonRss(), loss.lostEvents(), loss.seqGaps(), loss.emitterDropped(),
                loss.listenerBusDropped(), loss.suppressedErrors(), loss.duplicates(), (long) t.inconsistencies().size(),
                nowMs, declaredScale(t)}));
        List<Object[]> jobs = new ArrayList<>();
        for (Job j : t.jobs()) {
            jobs.add(new Object[] {id, j.jobId(), j.submitMs(), j.endMs(), j.succeeded(), j.description(), j.callSite(),
                    j.jobGroup(), j.stageIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    j.totalTasks(), j.failureClass(), j.failureMessage()});
        }
        out.put("jobs", jobs);
        List<Object[]> stages = new ArrayList<>();
        for (Stage s : t.stages()) {
            stages.add(new Object[] {id, s.stageId(), s.attemptId(), s.jobId(), s.name(), s.numTasks(), s.submitMs(),
                    s.completeMs(), s.failureReason(), s.tasksSucceeded(), s.tasksFailed(), s.inputBytes(),
                    s.shuffleReadBytes(), s.shuffleWriteBytes(), s.spillBytes(), s.taskTimeMs()});
        }
        out.put("stages", stages);
        List<Object[]> tasks = new ArrayList<>(t.tasks().size());
        for (Task k : t.tasks()) {
            tasks.add(new Object[] {id, k.taskId(), k.stageId(), k.stageAttempt(), k.index(), k.attempt(), k.executorId(),
                    k.host(), k.launchMs(), k.finishMs(), k.durationMs(), k.status(), k.speculative(), k.runTimeMs(),
                    k.cpuMs(), k.gcMs(), k.inputBytes(), k.shuffleReadBytes(), k.shuffleWriteBytes(), k.spillBytes(),
                    k.resultBytes(), k.peakExecutionMemory(), k.peakJvmHeap(), k.peakPythonRss(), k.failureKind()});
        }
        out.put("tasks", tasks);
        List<Object[]> execs = new ArrayList<>();
        for (RunTimeline.Executor e : t.executors()) {
            execs.add(new Object[] {id, e.executorId(), e.host(), e.cores(), e.addedMs(), e.removedMs(), e.removeReason(),
                    e.clockOffsetMs(), e.tasks(), e.failedTasks()});
        }
        out.put("executors", execs);
        List<Object[]> procs = new ArrayList<>();
        List<Object[]> samples = new ArrayList<>();
        for (RunTimeline.ProcessSeries p : t.processes()) {
            String key = p.sourceInstance() + "|" + p.pid() + "|" + p.startMs();
            procs.add(new Object[] {id, key, p.sourceInstance(), p.executorId(), p.host(), p.pid(), p.ppid(), p.kind(),
                    p.command(), p.startMs(), p.firstMs(), p.lastMs(), p.exited(), p.peakRssBytes(), p.points().size()});
            for (RunTimeline.ProcessPoint pt : p.points()) {
                samples.add(new Object[] {id, "process", key, p.executorId(), p.pid(), p.kind(), pt.timeMs(),
                        pt.rssBytes(), pt.pssBytes(), pt.cpuMs(), pt.taskId(), null, null, null});
            }
        }
        for (RunTimeline.JvmPoint j : t.jvmSamples()) {
            samples.add(new Object[] {id, "jvm", j.sourceInstance() + "|jvm", j.executorId(), null, "JVM", j.timeMs(),
                    j.rssBytes(), null, j.processCpuMs(), null, j.heapUsed(), j.heapMax(), j.gcTimeMs()});
        }
        out.put("processes", procs);
        out.put("samples", samples);
        List<Object[]> py4j = new ArrayList<>();
        for (RunTimeline.Py4jStat s : t.py4jStats()) {
            py4j.add(new Object[] {id, "interval", s.executorId(), s.startMs(), s.endMs(), s.targetClass(), s.method(),
                    s.calls(), s.errors(), s.totalMicros(), s.maxMicros(), s.totalResponseChars(), s.maxResponseChars(),
                    null, null, null, null, null});
        }
        for (RunTimeline.Py4jOutlier o : t.py4jOutliers()) {
            py4j.add(new Object[] {id, "outlier", o.executorId(), o.startMs(), o.startMs() + o.durationMicros() / 1000,
                    o.targetClass(), o.method(), 1L, o.errorClass() == null ? 0L : 1L, o.durationMicros(),
                    o.durationMicros(), o.responseChars(), o.responseChars(), o.reason(), o.threadName(), o.jobGroup(),
                    o.errorClass(), o.errorMessage()});
        }
        out.put("py4j_calls", py4j);
        List<Object[]> ser = new ArrayList<>();
        for (RunTimeline.SerializerStat s : t.serializerStats()) {
            ser.add(new Object[] {id, s.executorId(), s.startMs(), s.endMs(), s.serializer(), s.operation(), s.calls(),
                    s.bytes(), s.totalMicros(), s.maxMicros(), s.maxBytes(), s.errors()});
        }
        out.put("serializer_stats", ser);
        List<Object[]> fails = new ArrayList<>();
        for (Failure f : t.failures()) {
            fails.add(new Object[] {id, f.timeMs(), f.scope(), f.ref(), f.executorId(), f.kind(), f.className(),
                    f.message(), f.stackTrace()});
        }
        out.put("failures", fails);
        List<Object[]> lost = new ArrayList<>();
        for (SourceLoss s : loss.sources()) {
            // Additive: dropped.* (counted by the emitter) + seq_gap.unaccounted = the source's missing sequence numbers.
            if (s.unaccounted() != 0) {
                lost.add(new Object[] {id, s.instanceId(), s.role(), s.executorId(), s.host(), "seq_gap.unaccounted",
                        s.unaccounted()});
            }
            s.dropped().forEach((k, v) -> lost.add(new Object[] {id, s.instanceId(), s.role(), s.executorId(), s.host(),
                    "dropped." + k, v}));
            s.listenerBusDropped().forEach((k, v) -> lost.add(new Object[] {id, s.instanceId(), s.role(),
                    s.executorId(), s.host(), "spark.listenerbus.dropped." + k, v}));
            s.suppressed().forEach((k, v) -> lost.add(new Object[] {id, s.instanceId(), s.role(), s.executorId(),
                    s.host(), "suppressed." + k, v}));
        }
        out.put("lost_events", lost);
        List<Object[]> sources = new ArrayList<>();
        for (SourceLoss s : loss.sources()) {
            sources.add(new Object[] {id, s.instanceId(), s.role(), s.executorId(), s.host(), s.pid(), s.events(),
                    s.firstSeq(), s.maxSeq(), s.lastEventMs(), s.seqGaps(), s.countedDrops(), s.unaccounted(),
                    s.finalReport(), s.verdict()});
        }
        out.put("source_loss", sources);
        out.put("findings", Diagnosis.of(t).stream().map(f -> new Object[] {id, f.id(), f.severity().name(), f.rule(),
                f.title(), f.detail(), nowMs}).toList());
        ConnectRows.add(out, t);
        return out;
    }
}
