/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.JvmPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Memory per driver and executor: the peak of each process kind, the tasks running at the peak,
 * the headroom against the configured limits, and the memory just before a Python worker died.
 */
final class MemoryRules {
    /** Within this fraction of a limit is an alarm. */
    static final double NEAR_LIMIT = 0.90;
    /** How far back from a worker death samples count as "just before". */
    static final long BEFORE_DEATH_MS = 10_000;

    private MemoryRules() {
    }

    static List<Finding> of(RunTimeline t) {
        List<Finding> out = new ArrayList<>();
        TreeSet<String> lanes = new TreeSet<>();
        t.jvmSamples().forEach(j -> lanes.add(lane(j.executorId())));
        t.processes().forEach(p -> lanes.add(lane(p.executorId())));
        for (String lane : lanes) {
            lane(t, lane, out);
        }
        workerDeaths(t, out);
        return out;
    }

    private static String lane(String executorId) {
        return executorId == null || executorId.isEmpty() ? "driver" : executorId;
    }

    private static void lane(RunTimeline t, String lane, List<Finding> out) {
        boolean driver = "driver".equals(lane);
        MemoryLimits limits = MemoryLimits.of(t.app().conf(), driver);
        List<String> ev = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        JvmPoint heapPeak = null;
        JvmPoint rssPeak = null;
        Long cgroup = null;
        for (JvmPoint j : t.jvmSamples()) {
            if (!lane.equals(lane(j.executorId()))) {
                continue;
            }
            if (heapPeak == null || j.heapUsed() > heapPeak.heapUsed()) {
                heapPeak = j;
            }
            if (rssPeak == null || j.rssBytes() > rssPeak.rssBytes()) {
                rssPeak = j;
            }
            if (j.cgroupLimit() != null && j.cgroupLimit() > 0) {
                cgroup = j.cgroupLimit();
            }
        }
        if (heapPeak != null) {
            double f = heapPeak.heapMax() > 0 ? heapPeak.heapUsed() / (double) heapPeak.heapMax() : 0;
            ev.add("JVM heap peak " + Units.bytes(heapPeak.heapUsed()) + " of max " + Units.bytes(heapPeak.heapMax())
                    + " (" + Units.pct(f) + ")" + running(t, lane, heapPeak.timeMs()));
            if (f >= NEAR_LIMIT) {
                alarms.add("JVM heap reached " + Units.pct(f) + " of its maximum");
            }
            ev.add("JVM RSS peak " + Units.bytes(rssPeak.rssBytes()) + running(t, lane, rssPeak.timeMs()));
        }
        List<ProcessSeries> py = t.processes().stream()
                .filter(p -> lane.equals(lane(p.executorId())) && p.kind().isPython()).toList();
        long pySumPeak = 0;
        long pySumAt = -1;
        if (!py.isEmpty()) {
            ProcessSeries worst = py.stream().max(java.util.Comparator.comparingLong(ProcessSeries::peakRssBytes)).orElseThrow();
            ev.add("Python per process peak " + Units.bytes(worst.peakRssBytes()) + " (pid " + worst.pid() + ", "
                    + worst.kind() + ", " + py.size() + " Python processes)");
            // The sampler reads every process of a tree at one instant; bucket by second to sum them.
            Map<Long, Long> sums = new TreeMap<>();
            for (ProcessSeries p : py) {
                Map<Long, Long> perSecond = new TreeMap<>();
                for (ProcessPoint pt : p.points()) {
                    perSecond.merge(pt.timeMs() / 1000, pt.rssBytes(), Math::max);
                }
                perSecond.forEach((s, v) -> sums.merge(s, v, Long::sum));
            }
            for (Map.Entry<Long, Long> e : sums.entrySet()) {
                if (e.getValue() > pySumPeak) {
                    pySumPeak = e.getValue();
                    pySumAt = e.getKey() * 1000;
                }
            }
            ev.add("Python summed peak " + Units.bytes(pySumPeak) + running(t, lane, pySumAt));
            if (limits.pysparkBytes() > 0) {
                double f = pySumPeak / (double) limits.pysparkBytes();
                ev.add("spark.executor.pyspark.memory " + Units.bytes(limits.pysparkBytes()) + ": " + Units.pct(f) + " used");
                if (f >= NEAR_LIMIT) {
                    alarms.add("Python memory reached " + Units.pct(f) + " of spark.executor.pyspark.memory");
                }
            }
        }
        long container = cgroup != null ? cgroup : limits.containerBytes();
        if (container > 0 && (rssPeak != null || pySumPeak > 0)) {
            long total = (rssPeak == null ? 0 : rssPeak.rssBytes()) + pySumPeak;
            double f = total / (double) container;
            ev.add("container limit " + Units.bytes(container) + (cgroup != null ? " (cgroup)" : " (heap + overhead"
                    + (limits.pysparkBytes() > 0 ? " + pyspark memory" : "") + ")") + ": JVM RSS + Python up to "
                    + Units.bytes(total) + " (" + Units.pct(f) + ")");
            if (limits.overheadBytes() > 0 && limits.heapBytes() > 0) {
                long offHeap = total - limits.heapBytes();
                ev.add("outside the heap: " + Units.bytes(Math.max(0, offHeap)) + " against overhead "
                        + Units.bytes(limits.overheadBytes()) + (limits.pysparkBytes() > 0 ? " + pyspark memory "
                        + Units.bytes(limits.pysparkBytes()) : ""));
            }
            if (f >= NEAR_LIMIT) {
                alarms.add("JVM and Python together reached " + Units.pct(f) + " of the container limit");
            }
        }
        if (ev.isEmpty()) {
            return;
        }
        String who = "driver".equals(lane) ? "the driver" : "executor " + lane;
        if (alarms.isEmpty()) {
            out.add(new Finding("memory-" + lane, Finding.Severity.INFO, "memory/peaks", "Memory peaks of " + who,
                    "Peak of each process kind and the headroom to its limit.", "", ev));
        } else {
            out.add(new Finding("memory-" + lane, Finding.Severity.WARNING, "memory/near-limit",
                    "Memory of " + who + " within 10% of its limit: " + String.join("; ", alarms),
                    "A process this close to its limit is one larger partition away from an OutOfMemoryError or from"
                            + " being killed by the container manager.",
                    "Raise the limit that is close (spark.executor.memory for the heap, spark.executor.memoryOverhead "
                            + "or spark.executor.pyspark.memory for Python) or process less per task (more partitions).",
                    ev));
        }
    }

    private static String running(RunTimeline t, String lane, long timeMs) {
        if (timeMs < 0) {
            return "";
        }
        List<String> ids = new ArrayList<>();
        for (Task x : t.tasks()) {
            if (lane.equals(lane(x.executorId())) && x.launchMs() <= timeMs
                    && (x.finishMs() < 0 || x.finishMs() >= timeMs)) {
                ids.add(Long.toString(x.taskId()));
            }
        }
        return ids.isEmpty() ? ", no task running" : ", tasks running: " + String.join(", ", ids.subList(0, Math.min(8, ids.size())))
                + (ids.size() > 8 ? " ..." : "");
    }

    /** True when a failure's text says a Python worker died (PySpark: "Python worker exited unexpectedly (crashed)"). */
    static boolean isWorkerDeath(RunTimeline.Failure f) {
        String text = ((f.message() == null ? "" : f.message()) + " " + (f.stackTrace() == null ? "" : f.stackTrace()))
                .toLowerCase(java.util.Locale.ROOT);
        return text.contains("python worker exited unexpectedly") || text.contains("worker crashed")
                || text.contains("python worker crashed");
    }

    /**
     * The Python worker that died with a failed task, from the executor's process samples: the
     * process whose samples carry the task id, else the one that exited last before the failure;
     * its last and peak RSS in the {@link #BEFORE_DEATH_MS} before. Null without samples.
     */
    record DeadWorker(ProcessSeries process, ProcessPoint last, long peakRss, long msBefore) {
        String describe() {
            return "pid " + process.pid() + " RSS " + Units.bytes(last.rssBytes()) + " " + msBefore + " ms before the failure"
                    + ", peak " + Units.bytes(peakRss) + " in the " + Units.ms(BEFORE_DEATH_MS) + " before";
        }
    }

    static DeadWorker deadWorker(RunTimeline t, RunTimeline.Failure f) {
        if (f.scope() != FailureScope.TASK || f.timeMs() < 0) {
            return null;
        }
        String lane = lane(f.executorId());
        Long taskId = null;
        try {
            taskId = Long.parseLong(f.ref());
        } catch (NumberFormatException e) {
            // not a task id: fall back to timing
        }
        DeadWorker best = null;
        boolean bestRanTask = false;
        for (ProcessSeries p : t.processes()) {
            if (!lane.equals(lane(p.executorId())) || !p.kind().isPython() || p.kind().isDriver()) {
                continue;
            }
            ProcessPoint last = null;
            long peak = 0;
            boolean ranTask = false;
            for (ProcessPoint pt : p.points()) {
                if (pt.timeMs() <= f.timeMs() && pt.timeMs() >= f.timeMs() - BEFORE_DEATH_MS) {
                    last = pt;
                    peak = Math.max(peak, pt.rssBytes());
                    ranTask |= taskId != null && taskId.equals(pt.taskId());
                }
            }
            if (last == null) {
                continue;
            }
            // A worker that ran the failed task wins; then one that exited and was not seen after the failure.
            boolean gone = p.exited() && p.lastMs() <= f.timeMs() + 1_000;
            if (!ranTask && !gone) {
                continue;
            }
            DeadWorker d = new DeadWorker(p, last, peak, f.timeMs() - last.timeMs());
            if (best == null || ranTask && !bestRanTask
                    || ranTask == bestRanTask && last.rssBytes() > best.last().rssBytes()) {
                best = d;
                bestRanTask = ranTask;
            }
        }
        return best;
    }

    private static void workerDeaths(RunTimeline t, List<Finding> out) {
        int n = 0;
        for (RunTimeline.Failure f : t.failures()) {
            if (!isWorkerDeath(f) || f.scope() != FailureScope.TASK || f.timeMs() < 0) {
                continue;
            }
            String lane = lane(f.executorId());
            DeadWorker dead = deadWorker(t, f);
            List<String> ev = new ArrayList<>();
            if (dead != null) {
                ev.add("killed worker " + dead.describe() + (dead.process().exited() ? ", then gone" : ""));
            }
            long sum = 0;
            for (ProcessSeries p : t.processes()) {
                if (!lane.equals(lane(p.executorId())) || !p.kind().isPython()) {
                    continue;
                }
                ProcessPoint last = null;
                long maxBefore = 0;
                for (ProcessPoint pt : p.points()) {
                    if (pt.timeMs() <= f.timeMs() && pt.timeMs() >= f.timeMs() - BEFORE_DEATH_MS) {
                        last = pt;
                        maxBefore = Math.max(maxBefore, pt.rssBytes());
                    }
                }
                if (last != null) {
                    sum += last.rssBytes();
                    if (dead == null || dead.process() != p) {
                        ev.add("pid " + p.pid() + " (" + p.kind() + (last.taskId() == null ? "" : ", task " + last.taskId())
                                + "): " + Units.bytes(last.rssBytes()) + " " + (f.timeMs() - last.timeMs())
                                + " ms before, peak " + Units.bytes(maxBefore) + " in the " + Units.ms(BEFORE_DEATH_MS)
                                + " before" + (p.exited() ? ", exited" : ""));
                    }
                }
            }
            if (ev.isEmpty()) {
                continue;
            }
            ev.add("Python on executor " + lane + " summed " + Units.bytes(sum) + " at its last samples before the failure");
            MemoryLimits limits = MemoryLimits.of(t.app().conf(), "driver".equals(lane));
            if (limits.pysparkBytes() > 0) {
                ev.add("spark.executor.pyspark.memory: " + Units.bytes(limits.pysparkBytes()));
            }
            String who = "driver".equals(lane) ? "the driver" : "executor " + lane;
            String title = dead == null
                    ? "Python worker died in task " + f.ref() + " on " + who + " at " + Units.bytes(sum) + " of Python memory"
                    : "Python worker pid " + dead.process().pid() + " died in task " + f.ref() + " on " + who
                            + " at peak RSS " + Units.bytes(dead.peakRss()) + " (last sample " + Units.bytes(dead.last().rssBytes())
                            + ", " + dead.msBefore() + " ms before)";
            out.add(new Finding("worker-death-" + (++n), Finding.Severity.ERROR, "memory/worker-death", title,
                    "The memory samples just before the death show how large the Python processes were; a worker that"
                            + " grows until it dies was killed for memory (by the kernel's OOM killer or the container "
                            + "manager, with SIGKILL).",
                    "Give Python more room (spark.executor.pyspark.memory, spark.executor.memoryOverhead) or make the "
                            + "function hold less (iterate instead of building lists, more partitions).", ev));
        }
    }
}
