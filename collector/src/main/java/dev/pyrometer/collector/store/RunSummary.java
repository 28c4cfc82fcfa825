package dev.pyrometer.collector.store;

/** One row of the runs list. */
public record RunSummary(String runId, String appName, String series, String status, long startMs, long durationMs,
        long tasks, long failedTasks, long peakPythonRss, long lostEvents, long events) {
}
