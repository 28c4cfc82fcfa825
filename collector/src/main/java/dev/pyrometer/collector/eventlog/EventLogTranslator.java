/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import static dev.pyrometer.collector.eventlog.SparkJson.bool;
import static dev.pyrometer.collector.eventlog.SparkJson.integer;
import static dev.pyrometer.collector.eventlog.SparkJson.ints;
import static dev.pyrometer.collector.eventlog.SparkJson.number;
import static dev.pyrometer.collector.eventlog.SparkJson.optionalNumber;
import static dev.pyrometer.collector.eventlog.SparkJson.stringMap;
import static dev.pyrometer.collector.eventlog.SparkJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.ExecutorRemoved;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SqlExecutionEnd;
import dev.pyrometer.event.SqlExecutionStart;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskStart;
import dev.pyrometer.event.TaskStatus;
import dev.pyrometer.wire.TextLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JSON events of one Spark event log (Spark's JsonProtocol, 3.x and 4.x) into the
 * payloads the listener would have emitted for the same SparkListener events, field for field
 * as the listener's mappers fill them, so the collector joins them with the same code. Events
 * the listener does not emit (block managers, environment, resource profiles, ...) give null;
 * the environment update is kept for the application start's versions and confs. Stateful in
 * the same way as the listener (which job submitted which stage); one instance per log.
 */
public final class EventLogTranslator {
    static final String SQL_START = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart";
    static final String SQL_ADAPTIVE_UPDATE = "org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate";
    static final String SQL_END = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd";
    private static final int PLAN_LINES = 40;

    /** A payload with the time (epoch ms) the event log gives for it, -1 when it gives none. */
    public record Translated(Object payload, long timeMs) {
    }

    private final TextLimit limit;
    private final TaskReasons reasons;
    private final EventLogPythonNodes pythonNodes = new EventLogPythonNodes();
    private final Map<Integer, Integer> jobOfStage = new HashMap<>();
    private final Map<Integer, List<Integer>> stagesOfJob = new HashMap<>();
    private String sparkVersion = "";
    private String javaVersion = "";
    private String scalaVersion = "";
    private Map<String, String> sparkProperties = new TreeMap<>();
    private RunRef run;

    public EventLogTranslator(TextLimit limit) {
        this.limit = limit;
        this.reasons = new TaskReasons(limit);
    }

    /** The run, once the application start was read; null before. */
    public RunRef run() {
        return run;
    }

    /** The Spark properties of the environment update (empty before it). */
    public Map<String, String> sparkProperties() {
        return sparkProperties;
    }

    /** The payload for one event, or null for an event the listener does not emit. */
    public Translated translate(JsonNode e) {
        String type = text(e, "Event", "");
        return switch (type) {
            case "SparkListenerLogStart" -> {
                sparkVersion = text(e, "Spark Version", "");
                yield null;
            }
            case "SparkListenerEnvironmentUpdate" -> {
                environment(e);
                yield null;
            }
            case "SparkListenerApplicationStart" -> new Translated(applicationStart(e), number(e, "Timestamp", -1));
            case "SparkListenerApplicationEnd" -> new Translated(ApplicationEnd.newBuilder()
                    .setEndTimeMs(number(e, "Timestamp", 0))
                    .setExitCode(optionalNumber(e, "ExitCode") == null ? null : optionalNumber(e, "ExitCode").intValue())
                    .build(), number(e, "Timestamp", -1));
            case "SparkListenerJobStart" -> new Translated(jobStart(e), number(e, "Submission Time", -1));
            case "SparkListenerJobEnd" -> new Translated(jobEnd(e), number(e, "Completion Time", -1));
            case "SparkListenerStageSubmitted" -> stageSubmitted(e.get("Stage Info"));
            case "SparkListenerStageCompleted" -> stageCompleted(e.get("Stage Info"));
            case "SparkListenerTaskStart" -> taskStart(e);
            case "SparkListenerTaskEnd" -> taskEnd(e);
            case "SparkListenerExecutorAdded" -> new Translated(executorAdded(e), number(e, "Timestamp", -1));
            case "SparkListenerExecutorRemoved" -> new Translated(ExecutorRemoved.newBuilder()
                    .setExecutorId(text(e, "Executor ID", ""))
                    .setTimeMs(number(e, "Timestamp", 0))
                    .setReason(text(e, "Removed Reason", ""))
                    .build(), number(e, "Timestamp", -1));
            case SQL_START -> {
                pythonNodes.onPlan(e);
                yield new Translated(sqlStart(e), number(e, "time", -1));
            }
            case SQL_ADAPTIVE_UPDATE -> {
                pythonNodes.onPlan(e);
                yield null;
            }
            case SQL_END -> {
                pythonNodes.onEnd(e);
                yield sqlEnd(e);
            }
            default -> null;
        };
    }

    private Translated sqlEnd(JsonNode e) {
        return new Translated(SqlExecutionEnd.newBuilder()
                    .setExecutionId(number(e, "executionId", 0))
                    .setTimeMs(number(e, "time", 0))
                    .setError(limit.cut(blankToNull(text(e, "errorMessage"))))
                    .build(), number(e, "time", -1));
    }

    private void environment(JsonNode e) {
        JsonNode jvm = e.get("JVM Information");
        String java = text(jvm, "Java Version", "");
        // "17.0.9 (Eclipse Adoptium)": the listener records the java.version property, the first word.
        javaVersion = java.contains(" ") ? java.substring(0, java.indexOf(' ')) : java;
        String scala = text(jvm, "Scala Version", "");
        scalaVersion = scala.startsWith("version ") ? scala.substring("version ".length()) : scala;
        sparkProperties = new TreeMap<>(stringMap(e, "Spark Properties"));
    }

    private ApplicationStart applicationStart(JsonNode e) {
        String appId = text(e, "App ID", "");
        String attempt = text(e, "App Attempt ID");
        run = RunRef.newBuilder()
                .setAppId(appId)
                .setAttemptId(attempt)
                .setSeries(blankToNull(sparkProperties.get("spark.pyrometer.series")))
                .setTags(tags(sparkProperties.get("spark.pyrometer.tags")))
                .build();
        Map<String, String> p = sparkProperties;
        return ApplicationStart.newBuilder()
                .setAppName(text(e, "App Name", ""))
                .setUser(text(e, "User", ""))
                .setStartTimeMs(number(e, "Timestamp", 0))
                .setSparkVersion(sparkVersion)
                .setScalaVersion(scalaVersion)
                .setJavaVersion(javaVersion)
                .setMaster(p.getOrDefault("spark.master", ""))
                .setDeployMode(p.getOrDefault("spark.submit.deployMode", "client"))
                .setPythonVersion(p.get("spark.python.version"))
                .setDriverLogs(stringMap(e, "Driver Logs"))
                // Spark redacts secrets before writing the environment (spark.redaction.regex).
                .setConf(new TreeMap<>(p))
                .build();
    }

    /** The listener's tag syntax, k1=v1;k2=v2, plus the mark that the run came from an event log. */
    static Map<String, String> tags(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw != null) {
            for (String pair : raw.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        out.put(EventLogImporter.IMPORTED_TAG, EventLogImporter.IMPORTED_VALUE);
        return out;
    }

    private JobStart jobStart(JsonNode e) {
        int jobId = integer(e, "Job ID", -1);
        List<Integer> stageIds = new ArrayList<>();
        int totalTasks = 0;
        JsonNode infos = e.get("Stage Infos");
        if (infos != null && infos.isArray()) {
            for (JsonNode s : infos) {
                stageIds.add(integer(s, "Stage ID", -1));
                totalTasks += integer(s, "Number of Tasks", 0);
            }
        } else {
            stageIds.addAll(ints(e, "Stage IDs"));
        }
        for (Integer id : stageIds) {
            jobOfStage.put(id, jobId);
        }
        stagesOfJob.put(jobId, stageIds);
        Map<String, String> p = stringMap(e, "Properties");
        JobStart j = JobStart.newBuilder()
                .setJobId(jobId)
                .setSubmissionTimeMs(number(e, "Submission Time", 0))
                .setStageIds(stageIds)
                .setTotalTasks(totalTasks)
                .build();
        j.setJobGroup(p.get("spark.jobGroup.id"));
        j.setDescription(limit.cut(p.get("spark.job.description")));
        j.setCallSite(limit.cut(p.get("callSite.short")));
        j.setCallSiteLong(limit.cut(p.get("callSite.long")));
        j.setSchedulerPool(p.get("spark.scheduler.pool"));
        List<String> tags = new ArrayList<>();
        String rawTags = p.get("spark.job.tags");
        if (rawTags != null) {
            for (String t : rawTags.split(",")) {
                if (!t.isEmpty() && tags.size() < 32) {
                    tags.add(limit.cut(t));
                }
            }
        }
        j.setJobTags(tags);
        String sql = p.get("spark.sql.execution.id");
        if (sql != null) {
            try {
                j.setSqlExecutionId(Long.parseLong(sql.trim()));
            } catch (NumberFormatException ignored) {
                // Spark always writes a number; leave it unset rather than guess.
            }
        }
        return j;
    }

    private JobEnd jobEnd(JsonNode e) {
        int jobId = integer(e, "Job ID", -1);
        List<Integer> stages = stagesOfJob.remove(jobId);
        if (stages != null) {
            stages.forEach(jobOfStage::remove);
        }
        JsonNode result = e.get("Job Result");
        JobEnd j = JobEnd.newBuilder().setJobId(jobId).setCompletionTimeMs(number(e, "Completion Time", 0)).build();
        if ("JobFailed".equals(text(result, "Result"))) {
            j.setSucceeded(false);
            j.setFailure(reasons.jobFailure(result.get("Exception")));
        } else {
            j.setSucceeded(true);
        }
        return j;
    }

    private Translated stageSubmitted(JsonNode s) {
        if (s == null) {
            return null;
        }
        List<String> rddNames = new ArrayList<>();
        JsonNode rdds = s.get("RDD Info");
        if (rdds != null && rdds.isArray()) {
            rdds.forEach(r -> rddNames.add(text(r, "Name", "null")));
        }
        int stageId = integer(s, "Stage ID", -1);
        Long submitted = optionalNumber(s, "Submission Time");
        return new Translated(StageSubmitted.newBuilder()
                .setStageId(stageId)
                .setAttemptId(integer(s, "Stage Attempt ID", 0))
                .setName(text(s, "Stage Name", ""))
                .setNumTasks(integer(s, "Number of Tasks", 0))
                .setParentIds(ints(s, "Parent IDs"))
                .setRddNames(rddNames)
                .setDetails(limit.cut(text(s, "Details")))
                .setSubmissionTimeMs(submitted)
                .setJobId(jobOfStage.get(stageId))
                .build(), submitted == null ? -1 : submitted);
    }

    private Translated stageCompleted(JsonNode s) {
        if (s == null) {
            return null;
        }
        Long completed = optionalNumber(s, "Completion Time");
        return new Translated(StageCompleted.newBuilder()
                .setStageId(integer(s, "Stage ID", -1))
                .setAttemptId(integer(s, "Stage Attempt ID", 0))
                .setName(text(s, "Stage Name", ""))
                .setNumTasks(integer(s, "Number of Tasks", 0))
                .setSubmissionTimeMs(optionalNumber(s, "Submission Time"))
                .setCompletionTimeMs(completed)
                .setFailureReason(limit.cut(text(s, "Failure Reason")))
                .setMetrics(TaskMetricsJson.fromAccumulables(s.get("Accumulables")))
                .build(), completed == null ? -1 : completed);
    }

    private Translated taskStart(JsonNode e) {
        JsonNode info = e.get("Task Info");
        if (info == null) {
            return null;
        }
        long launch = number(info, "Launch Time", 0);
        return new Translated(new TaskStart(number(info, "Task ID", -1), integer(info, "Index", 0),
                integer(info, "Attempt", 0), integer(e, "Stage ID", -1), integer(e, "Stage Attempt ID", 0),
                text(info, "Executor ID", ""), text(info, "Host", ""), text(info, "Locality", ""),
                bool(info, "Speculative", false), launch), launch);
    }

    private Translated taskEnd(JsonNode e) {
        JsonNode info = e.get("Task Info");
        if (info == null) {
            return null;
        }
        JsonNode reason = e.get("Task End Reason");
        TaskEnd t = new TaskEnd();
        t.setTaskId(number(info, "Task ID", -1));
        t.setIndex(integer(info, "Index", 0));
        t.setAttempt(integer(info, "Attempt", 0));
        t.setStageId(integer(e, "Stage ID", -1));
        t.setStageAttemptId(integer(e, "Stage Attempt ID", 0));
        t.setExecutorId(text(info, "Executor ID", ""));
        t.setHost(text(info, "Host", ""));
        t.setLocality(text(info, "Locality", ""));
        t.setSpeculative(bool(info, "Speculative", false));
        t.setLaunchTimeMs(number(info, "Launch Time", 0));
        t.setFinishTimeMs(number(info, "Finish Time", 0));
        t.setGettingResultTimeMs(number(info, "Getting Result Time", 0));
        t.setTaskType(text(e, "Task Type", ""));
        t.setStatus(TaskReasons.status(reason));
        t.setMetrics(TaskMetricsJson.fromTaskMetrics(e.get("Task Metrics")));
        Map<String, Long> peaks = new LinkedHashMap<>();
        JsonNode m = e.get("Task Executor Metrics");
        if (m != null && m.isObject()) {
            m.fields().forEachRemaining(f -> {
                long v = f.getValue().asLong(0);
                if (v != 0L) {
                    peaks.put(f.getKey(), v);
                }
            });
        }
        t.setExecutorMetricPeaks(peaks);
        t.setFailure(t.getStatus() == TaskStatus.SUCCESS ? null : reasons.failure(reason));
        t.setPythonUdfs(pythonNodes.forTask(info));
        return new Translated(t, t.getFinishTimeMs() > 0 ? t.getFinishTimeMs() : -1);
    }

    private ExecutorAdded executorAdded(JsonNode e) {
        JsonNode info = e.get("Executor Info");
        Map<String, String> resources = new LinkedHashMap<>();
        JsonNode res = info == null ? null : info.get("Resources");
        if (res != null && res.isObject()) {
            res.fields().forEachRemaining(f -> {
                List<String> addresses = new ArrayList<>();
                JsonNode a = f.getValue().get("addresses");
                if (a != null && a.isArray()) {
                    a.forEach(x -> addresses.add(x.asText()));
                }
                resources.put(f.getKey(), String.join(",", addresses));
            });
        }
        return ExecutorAdded.newBuilder()
                .setExecutorId(text(e, "Executor ID", ""))
                .setTimeMs(number(e, "Timestamp", 0))
                .setHost(text(info, "Host", ""))
                .setTotalCores(integer(info, "Total Cores", 0))
                .setResources(resources)
                .setLogUrls(stringMap(info, "Log Urls"))
                .setResourceProfileId(integer(info, "Resource Profile Identifier", 0))
                .build();
    }

    private SqlExecutionStart sqlStart(JsonNode e) {
        return SqlExecutionStart.newBuilder()
                .setExecutionId(number(e, "executionId", 0))
                .setTimeMs(number(e, "time", 0))
                .setDescription(orEmpty(limit.cut(text(e, "description"))))
                .setDetails(orEmpty(limit.cut(text(e, "details"))))
                .setPhysicalPlan(orEmpty(limit.cut(firstLines(text(e, "physicalPlanDescription"), PLAN_LINES))))
                .setRootExecutionId(optionalNumber(e, "rootExecutionId"))
                .build();
    }

    private static String firstLines(String s, int lines) {
        if (s == null) {
            return null;
        }
        int at = -1;
        for (int i = 0; i < lines; i++) {
            at = s.indexOf('\n', at + 1);
            if (at < 0) {
                return s;
            }
        }
        return s.substring(0, at);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

}
