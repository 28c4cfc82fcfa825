/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.listener.compat.ScalaValues;
import dev.pyrometer.listener.compat.SeqAccessor;
import dev.pyrometer.wire.TextLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.JobResult;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.storage.RDDInfo;

/**
 * Maps job and stage events. Remembers which job submitted each stage of the jobs still running
 * (bounded by the running jobs: entries go when their job ends) to tag stage submissions.
 */
public final class JobStageMapper {
    private static final SeqAccessor JOB_STAGE_INFOS = SeqAccessor.of(SparkListenerJobStart.class, "stageInfos");
    private static final SeqAccessor STAGE_PARENT_IDS = SeqAccessor.of(StageInfo.class, "parentIds");
    private static final SeqAccessor STAGE_RDD_INFOS = SeqAccessor.of(StageInfo.class, "rddInfos");
    private static final int MAX_TRACKED_STAGES = 100_000;
    /** The local property holding a job's tags (Spark 3.5+, comma-separated); Connect tags every job with its operation. */
    static final String JOB_TAGS = "spark.job.tags";
    static final int MAX_JOB_TAGS = 32;

    private final TextLimit limit;
    private final TaskFailureMapper failures;
    private final Map<Integer, Integer> jobOfStage = new HashMap<>();
    private final Map<Integer, List<Integer>> stagesOfJob = new HashMap<>();

    public JobStageMapper(TextLimit limit, TaskFailureMapper failures) {
        this.limit = limit;
        this.failures = failures;
    }

    public JobStart jobStart(SparkListenerJobStart event) {
        List<Integer> stageIds = new ArrayList<>();
        int totalTasks = 0;
        scala.collection.Iterator<?> it = JOB_STAGE_INFOS.get(event).iterator();
        while (it.hasNext()) {
            StageInfo s = (StageInfo) it.next();
            stageIds.add(s.stageId());
            totalTasks += s.numTasks();
        }
        if (jobOfStage.size() < MAX_TRACKED_STAGES) {
            for (Integer id : stageIds) {
                jobOfStage.put(id, event.jobId());
            }
            stagesOfJob.put(event.jobId(), stageIds);
        }
        Properties p = event.properties();
        JobStart j = JobStart.newBuilder()
                .setJobId(event.jobId())
                .setSubmissionTimeMs(event.time())
                .setStageIds(stageIds)
                .setTotalTasks(totalTasks)
                .build();
        if (p != null) {
            j.setJobGroup(p.getProperty("spark.jobGroup.id"));
            j.setDescription(limit.cut(p.getProperty("spark.job.description")));
            j.setCallSite(limit.cut(p.getProperty("callSite.short")));
            j.setCallSiteLong(limit.cut(p.getProperty("callSite.long")));
            j.setSchedulerPool(p.getProperty("spark.scheduler.pool"));
            j.setJobTags(jobTags(p.getProperty(JOB_TAGS)));
            String sql = p.getProperty("spark.sql.execution.id");
            if (sql != null) {
                try {
                    j.setSqlExecutionId(Long.parseLong(sql.trim()));
                } catch (NumberFormatException ignored) {
                    // Not a number: Spark always writes one; leave it unset rather than guess.
                }
            }
        }
        return j;
    }

    private List<String> jobTags(String raw) {
        List<String> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String tag : raw.split(",")) {
            if (out.size() >= MAX_JOB_TAGS) {
                break;
            }
            if (!tag.isEmpty()) {
                out.add(limit.cut(tag));
            }
        }
        return out;
    }

    public JobEnd jobEnd(SparkListenerJobEnd event) {
        List<Integer> stages = stagesOfJob.remove(event.jobId());
        if (stages != null) {
            for (Integer id : stages) {
                jobOfStage.remove(id);
            }
        }
        JobResult result = event.jobResult();
        JobEnd j = JobEnd.newBuilder().setJobId(event.jobId()).setCompletionTimeMs(event.time()).build();
        if (result instanceof JobFailed) {
            j.setSucceeded(false);
            j.setFailure(failures.exception(((JobFailed) result).exception()));
        } else {
            j.setSucceeded(true);
        }
        return j;
    }

    public StageSubmitted stageSubmitted(StageInfo s) {
        List<String> rddNames = new ArrayList<>();
        scala.collection.Iterator<?> it = STAGE_RDD_INFOS.get(s).iterator();
        while (it.hasNext()) {
            rddNames.add(String.valueOf(((RDDInfo) it.next()).name()));
        }
        return StageSubmitted.newBuilder()
                .setStageId(s.stageId())
                .setAttemptId(s.attemptNumber())
                .setName(s.name() == null ? "" : s.name())
                .setNumTasks(s.numTasks())
                .setParentIds(STAGE_PARENT_IDS.ints(s))
                .setRddNames(rddNames)
                .setDetails(limit.cut(s.details()))
                .setSubmissionTimeMs(ScalaValues.longOrNull(s.submissionTime()))
                .setJobId(jobOfStage.get(s.stageId()))
                .build();
    }

    public StageCompleted stageCompleted(StageInfo s) {
        return StageCompleted.newBuilder()
                .setStageId(s.stageId())
                .setAttemptId(s.attemptNumber())
                .setName(s.name() == null ? "" : s.name())
                .setNumTasks(s.numTasks())
                .setSubmissionTimeMs(ScalaValues.longOrNull(s.submissionTime()))
                .setCompletionTimeMs(ScalaValues.longOrNull(s.completionTime()))
                .setFailureReason(limit.cut(ScalaValues.stringOrNull(s.failureReason())))
                .setMetrics(TaskEndMapper.metrics(s.taskMetrics()))
                .build();
    }

    /** Stages remembered for running jobs (for tests: it must return to zero). */
    int trackedStages() {
        return jobOfStage.size();
    }
}
