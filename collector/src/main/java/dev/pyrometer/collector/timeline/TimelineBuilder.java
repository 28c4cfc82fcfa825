/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import dev.pyrometer.collector.timeline.RunTimeline.App;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.PythonWorkerTask;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.RunRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the assembler's raw state into a sorted, clock-corrected {@link RunTimeline}. The one
 * place that reads the assembler: each section is built by a projection that is handed only the
 * events it needs ({@link SourceClock}, {@link SparkProjection}, {@link ExecutorProjection},
 * {@link ProcessProjection}, {@link CallProjection}, {@link FailureProjection},
 * {@link LossProjection}, {@link ConnectJoin}).
 */
final class TimelineBuilder {
    private TimelineBuilder() {
    }

    static RunTimeline build(RunAssembler a, RunStatus status) {
        SourceClock clock = SourceClock.estimate(a.sources(), a.driverHost(), a.processSamples, a.serializerFailures,
                a.taskStarts, a.taskEnds);
        SparkProjection spark = new SparkProjection(a.jobStarts, a.jobEnds, a.stageSubmits, a.stageCompletions,
                a.taskStarts, a.taskEnds);

        List<ProcessSeries> processes = ProcessProjection.processes(a.processSamples, clock);
        List<PythonWorkerTask> workerTasks = PythonWorkerTasks.of(processes);
        Map<Long, Long> sampledPythonRss = new HashMap<>();
        for (PythonWorkerTask w : workerTasks) {
            sampledPythonRss.merge(w.taskId(), w.rssPeakBytes(), Math::max);
        }
        List<Task> tasks = spark.tasks(sampledPythonRss);
        App app = app(a.runId(), a.runRef(), a.appStart(), a.appEnd(), clock.driverHost(), spark);
        List<Job> jobs = spark.jobs();
        List<Stage> stages = spark.stages(tasks);
        ConnectTimeline connect = ConnectJoin.join(a.connectOperations, a.connectSessions, jobs, spark.jobTags(), stages,
                tasks, status, app.endMs(), spark.latestMs());
        List<RunTimeline.Failure> failures = new FailureProjection(clock).operations(connect.operations())
                .tasks(a.taskEnds.values()).stages(a.stageCompletions.values()).jobs(a.jobEnds.values())
                .executors(a.executorsRemoved.values()).sql(a.sqlEnds).serializers(a.serializerFailures)
                .py4j(a.py4jOutliers).sorted();
        return new RunTimeline(app, status, jobs, stages, tasks,
                ExecutorProjection.executors(tasks, a.executorsAdded, a.executorsRemoved, a.sources().values(), clock),
                processes, ProcessProjection.jvmSamples(a.jvmSamples, clock), CallProjection.py4jStats(a.py4jStats, clock),
                CallProjection.py4jOutliers(a.py4jOutliers, clock), CallProjection.serializerStats(a.serializerStats, clock),
                failures, LossProjection.loss(a.sources().values(), a.duplicates(), status, clock), spark.inconsistencies(),
                clock.offsetsMsByHost(), a.eventCount(), connect, ProcessProjection.pythonDumps(a.pythonDumps, clock),
                spark.pythonUdfs(), workerTasks);
    }

    private static App app(String runId, RunRef ref, ApplicationStart s, ApplicationEnd e, String driverHost,
            SparkProjection spark) {
        long start = s != null ? s.getStartTimeMs() : spark.earliestMs();
        long end = e != null ? e.getEndTimeMs() : spark.latestMs();
        return new App(runId, ref == null ? runId : ref.getAppId(), ref == null ? null : ref.getAttemptId(),
                s == null ? "" : s.getAppName(), ref == null ? null : ref.getSeries(),
                ref == null ? Map.of() : new TreeMap<>(ref.getTags()), s == null ? "" : s.getUser(),
                s == null ? "" : s.getSparkVersion(), s == null ? "" : s.getMaster(),
                s == null ? null : s.getPythonVersion(), start, end, e == null ? null : e.getExitCode(), e != null,
                driverHost, s == null ? Map.of() : new TreeMap<>(s.getConf()));
    }
}
