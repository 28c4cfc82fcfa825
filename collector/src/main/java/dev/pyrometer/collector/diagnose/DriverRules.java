/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Job;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jOutlier;
import dev.pyrometer.collector.timeline.RunTimeline.Py4jStat;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The driver as bottleneck (Py4J traffic, large payloads, time with no task running) and cost. */
final class DriverRules {
    /** A response this large crossing the gateway (collect, toPandas) is worth a finding. */
    static final long LARGE_PAYLOAD_CHARS = 16L << 20;
    static final double PY4J_SHARE = 0.20;
    /** ... and at least this long, so that planning a few queries in a short run is no alarm. */
    static final long PY4J_MIN_MS = 10_000;
    static final double IDLE_SHARE = 0.30;
    static final long IDLE_MIN_MS = 10_000;
    static final double UTILIZATION_FLOOR = 0.40;
    static final long COST_MIN_CORE_MS = 60_000 * 4L;

    private DriverRules() {
    }

    static List<Finding> of(RunTimeline t) {
        List<Finding> out = new ArrayList<>();
        py4j(t, out);
        payloads(t, out);
        idle(t, out);
        cost(t, out);
        return out;
    }

    /** Slack for comparing a job's end with the export interval a Py4J call was counted in (one JVM, one clock). */
    static final long INTERVAL_SLACK_MS = 200;

    /**
     * Py4J time split in two: calls that blocked while a job ran (an action such as
     * {@code collectToPython} or {@code runJob} waits for its job: the executors work, not the
     * driver) and the rest, the driver's own time in the JVM (planning, building results,
     * start-up). Calls are counted per export interval, in the interval they ended in, so a job is
     * waited on by a call of an interval [a, b] when the job ended by b, started after a minus the
     * call's length, and no shorter than that call lasted.
     */
    private static void py4j(RunTimeline t, List<Finding> out) {
        long runMs = runMs(t);
        List<Py4jStat> recovered = uncountedOutliers(t);
        List<Py4jStat> stats = new ArrayList<>(t.py4jStats());
        stats.addAll(recovered);
        if (stats.isEmpty() || runMs <= 0) {
            return;
        }
        long calls = stats.stream().mapToLong(Py4jStat::calls).sum();
        long windowStart = firstExecutorMs(t);
        Py4jBusy busy = Py4jBusy.of(stats, windowStart, t.app().endMs());
        long micros = busy.totalMicros();
        long[] waited = new long[stats.size()];
        List<String> ev = new ArrayList<>();
        List<Job> jobs = t.jobs().stream().filter(j -> j.submitMs() >= 0 && j.endMs() >= j.submitMs())
                .sorted(Comparator.comparingLong(Job::endMs)).toList();
        long lastWaitEnd = Long.MIN_VALUE;
        for (Job j : jobs) {
            // Preference: a call with room left for the job that ended in the interval the job ended in
            // (an action returns right after its job), then one that ended later (a call running several jobs).
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i < stats.size(); i++) {
                Py4jStat p = stats.get(i);
                long maxMs = p.maxMicros() / 1000;
                boolean covers = j.endMs() <= p.endMs() + INTERVAL_SLACK_MS
                        && j.submitMs() >= p.startMs() - maxMs - INTERVAL_SLACK_MS
                        && maxMs + INTERVAL_SLACK_MS >= j.endMs() - j.submitMs();
                if (!covers) {
                    continue;
                }
                boolean room = busy.micros(i) - waited[i] >= (j.endMs() - j.submitMs()) * 1000;
                boolean sameInterval = j.endMs() >= p.startMs() - INTERVAL_SLACK_MS;
                int rank = (room ? 0 : 2) + (sameInterval ? 0 : 1);
                if (best < 0 || rank < bestRank || rank == bestRank && (p.endMs() < stats.get(best).endMs()
                        || p.endMs() == stats.get(best).endMs() && p.maxMicros() > stats.get(best).maxMicros())) {
                    best = i;
                    bestRank = rank;
                }
            }
            if (best < 0) {
                continue;
            }
            // Jobs that overlap (several threads) count once.
            long from = Math.max(j.submitMs(), lastWaitEnd);
            long us = Math.max(0, j.endMs() - from) * 1000;
            long room = busy.micros(best) - waited[best];
            us = Math.min(us, Math.max(0, room));
            waited[best] += us;
            lastWaitEnd = Math.max(lastWaitEnd, j.endMs());
            if (us > 0) {
                ev.add("job " + j.jobId() + ": Python waited " + Units.ms(us / 1000) + " in "
                        + stats.get(best).method() + " while the job ran");
            }
        }
        long waitedMicros = 0;
        java.util.Map<String, Long> driverByMethod = new java.util.HashMap<>();
        for (int i = 0; i < stats.size(); i++) {
            waitedMicros += waited[i];
            Py4jStat p = stats.get(i);
            long own = busy.windowMicros(i) - waited[i];
            if (own > 0) {
                driverByMethod.merge(shortClass(p.targetClass()) + "." + p.method(), own, Long::sum);
            }
        }
        // Creating the SparkContext and session, before any executor could run a task, is start-up;
        // the rest of the busy time in the window, less the waits, is the driver's own work.
        long startupMicros = busy.startupMicros();
        waitedMicros = Math.min(waitedMicros, busy.windowBusyMicros());
        long driverMicros = Math.max(0, busy.windowBusyMicros() - waitedMicros);
        long windowMs = t.app().endMs() - Math.max(t.app().startMs(), windowStart);
        runMs = windowMs > 0 ? windowMs : runMs;
        List<String> top = driverByMethod.entrySet().stream().filter(e -> e.getValue() >= 1000)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + " " + Units.ms(e.getValue() / 1000)).toList();
        ev.add(0, "run: " + calls + " Py4J calls, " + Units.ms(micros / 1000) + " in all: "
                + Units.ms(waitedMicros / 1000) + " waiting while jobs ran, " + Units.ms(driverMicros / 1000)
                + " of driver work" + (startupMicros > 0 ? ", " + Units.ms(startupMicros / 1000) + " of start-up before the "
                + "first executor registered" : "") + "; " + Units.ms(runMs) + " from the first executor to the end");
        if (!top.isEmpty()) {
            ev.add(1, "driver work by call: " + String.join(", ", top));
        }
        if (busy.overlapMicros() > 0) {
            ev.add("calls overlapping in time (several Python threads): " + Units.ms(busy.sumMicros() / 1000)
                    + " of call time in " + Units.ms(busy.totalMicros() / 1000) + " of wall time; the wall time is counted");
        }
        if (!recovered.isEmpty()) {
            ev.add(recovered.size() + " call(s) seen only as outlier events, in no export interval (the agent's last "
                    + "interval before shutdown did not arrive), counted from the outliers: " + String.join(", ",
                    recovered.stream().map(r -> shortClass(r.targetClass()) + "." + r.method() + " "
                            + Units.ms(r.totalMicros() / 1000)).toList()));
        }
        boolean heavy = driverMicros / 1000.0 >= PY4J_SHARE * runMs && driverMicros / 1000 >= PY4J_MIN_MS;
        String share = Units.pct(driverMicros / 1000.0 / runMs);
        out.add(new Finding("driver-py4j", heavy ? Finding.Severity.WARNING : Finding.Severity.INFO, "slowness/driver",
                (heavy ? "The driver is busy in Py4J outside jobs: " + Units.ms(driverMicros / 1000) + " (" + share
                        + " of the run)" : "Py4J traffic: " + calls + " calls, " + Units.ms(driverMicros / 1000)
                        + " of driver work (" + share + " of the run)")
                        + ", plus " + Units.ms(waitedMicros / 1000) + " waiting on jobs",
                "Every call between the Python driver and the JVM crosses a socket. Time Python spends blocked in an"
                        + " action while its job runs is the executors' time, not the driver's; the rest is the driver's "
                        + "own work in the JVM (planning, building results for Python, many small calls).",
                heavy ? "Look at the calls with the most driver time below: move per-row work into Spark "
                        + "transformations and collect once, avoid actions in loops, and return less to Python "
                        + "(show/collect fewer rows)." : "", ev));
    }

    /**
     * Outliers whose (class, method) no export interval counted around the time they ended: the
     * agent lost that interval (the last one before shutdown). Each becomes a one-call interval
     * ending when the call ended, so the job it waited on is still attributed.
     */
    static List<Py4jStat> uncountedOutliers(RunTimeline t) {
        List<Py4jStat> out = new ArrayList<>();
        for (Py4jOutlier o : t.py4jOutliers()) {
            long end = o.startMs() + o.durationMicros() / 1000;
            boolean counted = t.py4jStats().stream().anyMatch(s -> s.method().equals(o.method())
                    && java.util.Objects.equals(s.targetClass(), o.targetClass())
                    && java.util.Objects.equals(s.executorId(), o.executorId())
                    && s.startMs() - INTERVAL_SLACK_MS <= end && end <= s.endMs() + INTERVAL_SLACK_MS);
            if (!counted) {
                out.add(new Py4jStat(o.executorId(), end, end, o.targetClass(), o.method(), 1,
                        o.errorClass() == null ? 0 : 1, o.durationMicros(), o.durationMicros(), o.responseChars(),
                        o.responseChars()));
            }
        }
        return out;
    }

    /** When the first executor registered (the application's start when unknown or local). */
    static long firstExecutorMs(RunTimeline t) {
        long appStart = t.app().startMs();
        return Math.max(appStart, t.executors().stream().filter(e -> !"driver".equals(e.executorId())
                && e.addedMs() >= 0).mapToLong(RunTimeline.Executor::addedMs).min().orElse(appStart));
    }

    private static String shortClass(String c) {
        return c == null ? "?" : c.substring(c.lastIndexOf('.') + 1);
    }

    private static void payloads(RunTimeline t, List<Finding> out) {
        List<Py4jOutlier> big = t.py4jOutliers().stream().filter(o -> o.responseChars() >= LARGE_PAYLOAD_CHARS)
                .sorted(Comparator.comparingLong(Py4jOutlier::responseChars).reversed()).toList();
        if (big.isEmpty()) {
            return;
        }
        List<String> ev = new ArrayList<>();
        for (Py4jOutlier o : big.subList(0, Math.min(5, big.size()))) {
            ev.add(o.targetClass() + "." + o.method() + ": " + Units.bytes(o.responseChars()) + " in "
                    + Units.ms(o.durationMicros() / 1000) + " (thread " + o.threadName() + ")");
        }
        Py4jOutlier top = big.get(0);
        out.add(new Finding("driver-payload", Finding.Severity.WARNING, "slowness/driver",
                "Large result through the Py4J gateway: " + Units.bytes(top.responseChars()) + " from " + top.method(),
                "collect(), toPandas() and similar pull the whole result into the driver JVM and then through the "
                        + "gateway into Python; both hold it in memory at once.",
                "Write large results with df.write instead, aggregate before collecting, or enable Arrow "
                        + "(spark.sql.execution.arrow.pyspark.enabled=true) for toPandas().", ev));
    }

    private static void idle(RunTimeline t, List<Finding> out) {
        long appStart = t.app().startMs();
        long end = t.app().endMs();
        if (appStart < 0 || end <= appStart || t.tasks().isEmpty()) {
            return;
        }
        // Before the first executor registers nothing can run: that is the cluster starting, not the driver.
        long start = firstExecutorMs(t);
        List<long[]> tasks = TaskGaps.taskIntervals(t, end);
        // Waiting for a dead executor's replacement is a consequence of the death: its finding counts it.
        List<long[]> covered = new ArrayList<>(tasks);
        covered.addAll(TaskGaps.restartWindows(t));
        long restarting = TaskGaps.idle(tasks, start, end).totalMs() - TaskGaps.idle(covered, start, end).totalMs();
        TaskGaps.Idle gaps = TaskGaps.idle(covered, start, end);
        long idle = gaps.totalMs();
        long run = end - start;
        if (run <= 0 || idle < IDLE_MIN_MS || idle < IDLE_SHARE * run) {
            return;
        }
        List<String> ev = new ArrayList<>();
        ev.add("longest gap: " + Units.ms(gaps.longestMs()) + " starting " + Units.ms(gaps.longestStartMs() - appStart)
                + " into the run");
        ev.add("counted from " + (start > appStart ? "the first executor's registration, " + Units.ms(start - appStart)
                + " into the run" : "the application's start") + " to its end");
        if (restarting > 0) {
            ev.add("not counted: " + Units.ms(restarting) + " while dead executors were replaced (in their finding)");
        }
        out.add(new Finding("driver-idle", Finding.Severity.WARNING, "slowness/driver",
                "No task ran for " + Units.ms(idle) + " (" + Units.pct(idle / (double) run) + " of the run)",
                "While no task runs, the executors wait for the driver: Python code on the driver, planning, "
                        + "collecting or writing results, or sleeping.",
                "Look at what the driver does in the longest gap (py-spy on the driver, the Py4J calls of that time);"
                        + " move the work into Spark or release executors (dynamic allocation).", ev));
    }

    private static void cost(RunTimeline t, List<Finding> out) {
        long end = t.app().endMs();
        if (end < 0 || t.executors().isEmpty()) {
            return;
        }
        int taskCpus = intConf(t, "spark.task.cpus", 1);
        long allocated = 0;
        for (RunTimeline.Executor e : t.executors()) {
            if ("driver".equals(e.executorId()) && t.executors().size() > 1) {
                continue;
            }
            long from = e.addedMs() >= 0 ? e.addedMs() : t.app().startMs();
            long to = e.removedMs() >= 0 ? e.removedMs() : end;
            allocated += Math.max(0, to - from) * Math.max(1, e.cores());
        }
        long used = t.tasks().stream().filter(x -> x.durationMs() > 0).mapToLong(x -> x.durationMs() * taskCpus).sum();
        if (allocated <= 0) {
            return;
        }
        double util = used / (double) allocated;
        List<String> ev = new ArrayList<>();
        ev.add("run: " + coreSeconds(used) + " used of " + coreSeconds(allocated) + " allocated core-seconds ("
                + Units.pct(util) + ")");
        int cores = t.executors().stream().filter(e -> !"driver".equals(e.executorId()) || t.executors().size() == 1)
                .mapToInt(RunTimeline.Executor::cores).sum();
        // Task time per stage once, not a scan of every task per job.
        java.util.Map<Long, Long> busyByStage = new java.util.HashMap<>();
        for (Task x : t.tasks()) {
            if (x.durationMs() > 0) {
                busyByStage.merge((long) x.stageId(), x.durationMs(), Long::sum);
            }
        }
        for (Job j : t.jobs()) {
            if (j.submitMs() < 0 || j.endMs() < j.submitMs()) {
                continue;
            }
            long ju = 0;
            for (int stageId : j.stageIds()) {
                ju += busyByStage.getOrDefault((long) stageId, 0L) * taskCpus;
            }
            long ja = (j.endMs() - j.submitMs()) * (long) Math.max(1, cores);
            ev.add("job " + j.jobId() + ": " + coreSeconds(ju) + " of " + coreSeconds(ja) + " core-seconds"
                    + (ja > 0 ? " (" + Units.pct(ju / (double) ja) + ")" : ""));
        }
        boolean wasteful = util < UTILIZATION_FLOOR && allocated >= COST_MIN_CORE_MS;
        out.add(new Finding("cost", wasteful ? Finding.Severity.WARNING : Finding.Severity.INFO, "slowness/cost",
                "Executor cores " + Units.pct(util) + " busy: " + coreSeconds(used) + " of " + coreSeconds(allocated)
                        + " core-seconds",
                "Allocated cores cost the same whether tasks run on them or not.",
                wasteful ? "Use fewer or smaller executors, dynamic allocation, or remove the driver-side gaps above." : "",
                ev));
    }

    private static String coreSeconds(long coreMs) {
        return String.format(java.util.Locale.ROOT, "%.1f", coreMs / 1000.0);
    }

    static int intConf(RunTimeline t, String key, int dflt) {
        String v = t.app().conf() == null ? null : t.app().conf().get(key);
        try {
            return v == null ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long runMs(RunTimeline t) {
        return t.app().durationMs();
    }
}
