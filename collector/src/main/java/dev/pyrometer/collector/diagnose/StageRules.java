/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Per-stage slowness: skew, stragglers, GC-heavy tasks, spill and partition sizing. */
final class StageRules {
    static final long TARGET_PARTITION_BYTES = 128L << 20;
    static final long MAX_PARTITION_BYTES = 256L << 20;
    /** A task is skewed or a straggler when it takes this many times the median ... */
    static final double SKEW_RATIO = 3.0;
    /** ... and at least this much longer, so that tiny stages do not raise alarms. */
    static final long SKEW_MIN_EXCESS_MS = 2_000;
    static final long SKEW_MIN_EXCESS_BYTES = 8L << 20;
    /** A post-shuffle partition this many times the median data is skew that grows with the data ... */
    static final double LATENT_SKEW_RATIO = 10.0;
    /** ... unless it is truly small: below both of these it is silent. */
    static final long LATENT_SKEW_MIN_BYTES = 1L << 20;
    static final long LATENT_SKEW_MIN_RECORDS = 10_000;
    static final double GC_FRACTION = 0.10;
    static final long GC_MIN_MS = 1_000;

    private StageRules() {
    }

    static List<Finding> of(RunTimeline t) {
        List<Finding> out = new ArrayList<>();
        int cores = Math.max(1, t.executors().stream().filter(e -> !"driver".equals(e.executorId()) || t.executors().size() == 1)
                .mapToInt(RunTimeline.Executor::cores).sum());
        // One pass over the tasks, not one per stage: a 200,000-task run has thousands of stages.
        java.util.Map<Long, List<Task>> doneByStage = new java.util.HashMap<>();
        for (Task x : t.tasks()) {
            if (x.status() == TaskStatus.SUCCESS && x.durationMs() >= 0) {
                doneByStage.computeIfAbsent(stageKey(x.stageId(), x.stageAttempt()), k -> new ArrayList<>()).add(x);
            }
        }
        for (Stage s : t.stages()) {
            List<Task> done = doneByStage.getOrDefault(stageKey(s.stageId(), s.attemptId()), List.of());
            if (done.isEmpty()) {
                continue;
            }
            String name = "stage " + s.stageId() + "." + s.attemptId() + " (" + s.name() + ")";
            skew(s, name, done, t.tasks(), out);
            gc(s, name, done, out);
            spill(s, name, done, out);
            sizing(s, name, done, cores, out);
        }
        return out;
    }

    private static long stageKey(long stageId, long attempt) {
        return (stageId << 20) ^ attempt;
    }

    private static long bytesIn(Task x) {
        return x.inputBytes() + x.shuffleReadBytes();
    }

    /**
     * Why a skew finding cannot name its key: what Spark reports of a shuffle (task metrics, map
     * output statistics, and what AQE's skew-join split reads from them) is bytes and records per
     * partition, and the listener and agent see nothing finer; the partition's number is all there is.
     */
    static final String KEY_UNKNOWN = "the key: unknown; Spark reports bytes and records per partition, never keys (task "
            + "metrics, shuffle statistics, AQE's skew-join split alike); the partition holds the keys that hash to ";

    /** With the data also skewed, a shorter excess counts: the bytes already say it is not noise. */
    static final long SKEW_DATA_BACKED_MIN_EXCESS_MS = 1_000;

    /**
     * What a task had to work on: input plus shuffle read; for a stage that reads neither (an RDD
     * from parallelize), what it wrote (shuffle write plus result), which grows with its records.
     */
    private static java.util.function.ToLongFunction<Task> dataOf(List<Task> done) {
        boolean reads = done.stream().anyMatch(x -> bytesIn(x) > 0);
        return reads ? StageRules::bytesIn : x -> x.shuffleWriteBytes() + x.resultBytes();
    }

    private static void skew(Stage s, String name, List<Task> done, List<Task> all, List<Finding> out) {
        if (done.size() < 3) {
            return;
        }
        java.util.function.ToLongFunction<Task> data = dataOf(done);
        boolean reads = done.stream().anyMatch(x -> bytesIn(x) > 0);
        String dataName = reads ? "input+shuffle read" : "shuffle write+result";
        Distribution dur = Distribution.of(done.stream().mapToLong(Task::durationMs).toArray());
        Distribution bytes = Distribution.of(done.stream().mapToLong(data).toArray());
        Task slowest = done.stream().max(Comparator.comparingLong(Task::durationMs)).orElseThrow();
        Task heaviest = done.stream().max(Comparator.comparingLong(data)).orElseThrow();
        long medDur = Math.max(1, dur.median());
        long medBytes = bytes.median();
        boolean slow = slowest.durationMs() >= SKEW_RATIO * medDur && slowest.durationMs() - medDur >= SKEW_MIN_EXCESS_MS;
        boolean heavyRatio = data.applyAsLong(heaviest) >= SKEW_RATIO * Math.max(1, medBytes);
        boolean heavyBytes = heavyRatio && data.applyAsLong(heaviest) - medBytes >= SKEW_MIN_EXCESS_BYTES;
        // The heaviest partition is also the slow one: the data explains the time, even when its bytes are few.
        boolean heavyAndSlow = heavyRatio && heaviest.durationMs() >= SKEW_RATIO * medDur
                && heaviest.durationMs() - medDur >= SKEW_DATA_BACKED_MIN_EXCESS_MS;
        List<String> ev = new ArrayList<>();
        ev.add("task duration: median " + Units.ms(dur.median()) + ", p75 " + Units.ms(dur.percentile(0.75)) + ", max "
                + Units.ms(dur.max()) + " (" + Units.ratio(dur.max() / (double) medDur) + " the median)");
        ev.add(dataName + " per task: median " + Units.bytes(medBytes) + ", max " + Units.bytes(bytes.max())
                + (medBytes > 0 ? " (" + Units.ratio(bytes.max() / (double) medBytes) + " the median)" : ""));
        if (heavyBytes || heavyAndSlow) {
            long heavy = data.applyAsLong(heaviest);
            ev.add("heaviest task " + heaviest.taskId() + ": partition " + heaviest.index() + " on executor "
                    + heaviest.executorId() + ", " + Units.bytes(heavy) + " " + dataName + " in "
                    + Units.ms(heaviest.durationMs()) + attemptsOf(heaviest, all));
            ev.add(KEY_UNKNOWN + heaviest.index());
            out.add(new Finding("skew-" + s.stageId() + "." + s.attemptId(), Finding.Severity.WARNING, "slowness/skew",
                    "Skewed " + name + ": partition " + heaviest.index() + " holds " + Units.bytes(heavy)
                            + (medBytes > 0 ? " (" + Units.ratio(heavy / (double) medBytes) + " the median of "
                            + Units.bytes(medBytes) + ")" : " against a median of 0 B") + " and took " + Units.ms(heaviest.durationMs()) + " against "
                            + Units.ms(medDur),
                    "One partition holds much more data than the others, so one task works while the rest of the "
                            + "cluster waits; usually a hot key in a join, groupBy or partitionBy.",
                    "Find the hot key (df.groupBy(key).count().orderBy(desc('count'))), then salt it, filter or handle"
                            + " it separately, or let AQE split it (spark.sql.adaptive.skewJoin.enabled=true).", ev));
        } else if (latent(done, heaviest, medBytes)) {
            long heavy = data.applyAsLong(heaviest);
            long totalBytes = done.stream().mapToLong(StageRules::bytesIn).sum();
            long totalRecords = done.stream().mapToLong(Task::shuffleReadRecords).sum();
            String records = totalRecords > 0 ? String.format(java.util.Locale.ROOT, "%,d records (%s of the stage's records), ",
                    heaviest.shuffleReadRecords(), Units.pct(heaviest.shuffleReadRecords() / (double) totalRecords)) : "";
            ev.add("heaviest task " + heaviest.taskId() + ": partition " + heaviest.index() + " on executor "
                    + heaviest.executorId() + ", " + records + Units.bytes(heavy) + " (" + Units.pct(heavy
                    / (double) Math.max(1, totalBytes)) + " of the stage's bytes) in " + Units.ms(heaviest.durationMs()));
            ev.add(KEY_UNKNOWN + heaviest.index());
            out.add(new Finding("latent-skew-" + s.stageId() + "." + s.attemptId(), Finding.Severity.INFO,
                    "slowness/latent-skew", "Skew that grows with the data in " + name + ": partition " + heaviest.index()
                            + " holds " + Units.ratio(heavy / (double) Math.max(1, medBytes)) + " the median data ("
                            + records + Units.bytes(heavy) + ") and costs only " + Units.ms(heaviest.durationMs())
                            + " today",
                    "After the shuffle one partition holds far more than the others. It is cheap at this size, but "
                            + "its share stays the same as the data grows: at ten times the data that one task takes about "
                            + "ten times as long, alone, while the rest of the stage waits. Silent below "
                            + Units.bytes(LATENT_SKEW_MIN_BYTES) + " and " + String.format(java.util.Locale.ROOT, "%,d",
                            LATENT_SKEW_MIN_RECORDS) + " records in that partition, and below "
                            + String.format(java.util.Locale.ROOT, "%.0f", LATENT_SKEW_RATIO) + "x the median.",
                    "Find the hot key before it costs (df.groupBy(key).count().orderBy(desc('count')).show(5)), then "
                            + "salt it or handle it separately; for joins, spark.sql.adaptive.skewJoin.enabled=true.", ev));
        } else if (slow && !warmUp(done, medDur)) {
            // Same data, much longer: the machine, not the data.
            ev.add("slowest task " + slowest.taskId() + ": partition " + slowest.index() + " on executor "
                    + slowest.executorId() + " (" + slowest.host() + "), " + Units.bytes(data.applyAsLong(slowest)) + " in "
                    + Units.ms(slowest.durationMs()) + ", GC " + Units.ms(slowest.gcMs()));
            out.add(new Finding("straggler-" + s.stageId() + "." + s.attemptId(), Finding.Severity.WARNING,
                    "slowness/straggler", "Straggler in " + name + ": task " + slowest.taskId() + " took "
                            + Units.ms(slowest.durationMs()) + " against a median of " + Units.ms(medDur),
                    "One task ran much longer than the others without reading much more data: a slow or busy executor,"
                            + " GC, or a record that is expensive to process.",
                    "Check executor " + slowest.executorId() + " (GC, CPU, other tenants); turn on speculation "
                            + "(spark.speculation=true) if stragglers recur on random hosts.", ev));
        }
    }

    /**
     * A post-shuffle partition {@link #LATENT_SKEW_RATIO} times the median data that is not truly
     * small ({@link #LATENT_SKEW_MIN_BYTES} or {@link #LATENT_SKEW_MIN_RECORDS}): too cheap for the
     * skew alarm today, but its share grows with the data.
     */
    private static boolean latent(List<Task> done, Task heaviest, long medBytes) {
        return heaviest.shuffleReadBytes() > 0 && done.size() >= 4
                && heaviest.shuffleReadBytes() + heaviest.inputBytes() >= LATENT_SKEW_RATIO * Math.max(1, medBytes)
                && (heaviest.shuffleReadBytes() >= LATENT_SKEW_MIN_BYTES || heaviest.shuffleReadRecords() >= LATENT_SKEW_MIN_RECORDS);
    }

    /**
     * Every slow task was the first its executor ran in this stage: start-up cost per executor (a
     * Python worker forked and importing, classes loading, JIT), not a slow machine.
     */
    private static boolean warmUp(List<Task> done, long medDur) {
        java.util.Map<String, Task> first = new java.util.HashMap<>();
        for (Task x : done) {
            first.merge(String.valueOf(x.executorId()), x, (a, b) -> b.launchMs() < a.launchMs() ? b : a);
        }
        List<Task> slow = done.stream().filter(x -> x.durationMs() >= SKEW_RATIO * medDur
                && x.durationMs() - medDur >= SKEW_MIN_EXCESS_MS).toList();
        // One executor is enough: a stage retried on the executor that replaced a dead one starts it cold.
        return !slow.isEmpty() && slow.stream().allMatch(x -> first.get(String.valueOf(x.executorId())) == x);
    }

    /** The other attempts of the same partition in this stage, when it had any. */
    private static String attemptsOf(Task t, List<Task> all) {
        List<Task> others = all.stream().filter(x -> x.stageId() == t.stageId() && x.index() == t.index()
                && x.taskId() != t.taskId()).toList();
        if (others.isEmpty()) {
            return "";
        }
        return "; other attempts of partition " + t.index() + ": " + String.join(", ", others.stream()
                .map(x -> x.status().name().toLowerCase(java.util.Locale.ROOT) + " on executor " + x.executorId() + " after "
                        + Units.ms(Math.max(0, x.durationMs()))).toList());
    }

    private static void gc(Stage s, String name, List<Task> done, List<Finding> out) {
        long run = done.stream().mapToLong(Task::runTimeMs).sum();
        long gc = done.stream().mapToLong(Task::gcMs).sum();
        if (run <= 0 || gc < GC_MIN_MS || gc < GC_FRACTION * run) {
            return;
        }
        List<Task> worst = done.stream().sorted(Comparator.comparingLong(Task::gcMs).reversed()).limit(3).toList();
        List<String> ev = new ArrayList<>();
        ev.add("GC " + Units.ms(gc) + " of " + Units.ms(run) + " task run time (" + Units.pct(gc / (double) run) + ")");
        for (Task w : worst) {
            ev.add("task " + w.taskId() + " (partition " + w.index() + ", executor " + w.executorId() + "): GC "
                    + Units.ms(w.gcMs()) + " of " + Units.ms(w.runTimeMs()));
        }
        out.add(new Finding("gc-" + s.stageId() + "." + s.attemptId(), Finding.Severity.WARNING, "slowness/gc",
                "GC-heavy " + name + ": " + Units.pct(gc / (double) run) + " of task time in garbage collection",
                "Tasks spent more than " + Units.pct(GC_FRACTION) + " of their time collecting garbage: the heap is too"
                        + " small for what each task holds.",
                "Give tasks more heap (spark.executor.memory, or fewer cores per executor) or hold less per task (more "
                        + "partitions, no large per-record objects, cache serialized).", ev));
    }

    private static void spill(Stage s, String name, List<Task> done, List<Finding> out) {
        long spill = done.stream().mapToLong(Task::spillBytes).sum();
        if (spill <= 0) {
            return;
        }
        long spilling = done.stream().filter(x -> x.spillBytes() > 0).count();
        Task worst = done.stream().max(Comparator.comparingLong(Task::spillBytes)).orElseThrow();
        out.add(new Finding("spill-" + s.stageId() + "." + s.attemptId(), Finding.Severity.WARNING, "slowness/spill",
                "Spill to disk in " + name + ": " + Units.bytes(spill) + " from " + spilling + " of " + done.size() + " tasks",
                "Tasks ran out of execution memory and wrote intermediate data to disk, which is much slower.",
                "Use more partitions so each task holds less, or give executors more memory (spark.executor.memory, "
                        + "spark.memory.fraction).",
                List.of("most: task " + worst.taskId() + " (partition " + worst.index() + ") spilled "
                        + Units.bytes(worst.spillBytes()))));
    }

    private static void sizing(Stage s, String name, List<Task> done, int cores, List<Finding> out) {
        long total = done.stream().mapToLong(StageRules::bytesIn).sum();
        int n = done.size();
        if (total <= 0) {
            return;
        }
        long perTask = total / n;
        int suggested = (int) Math.max(1, Math.ceil(total / (double) TARGET_PARTITION_BYTES));
        List<String> ev = List.of(Units.bytes(total) + " over " + n + " tasks = " + Units.bytes(perTask) + " per task; "
                + "target 128-256 MiB per task; " + cores + " cores");
        if (perTask > MAX_PARTITION_BYTES) {
            out.add(new Finding("partitions-" + s.stageId() + "." + s.attemptId(), Finding.Severity.WARNING,
                    "slowness/partitions", "Too few partitions in " + name + ": " + Units.bytes(perTask) + " per task",
                    "Large partitions make each task hold a lot in memory (spill, GC, out-of-memory) and leave cores idle.",
                    "Use about " + suggested + " partitions (repartition(" + suggested + ") or spark.sql.shuffle.partitions="
                            + suggested + ").", ev));
        } else if (n > 2 * Math.max(suggested, cores) && perTask < 16L << 20 && n >= 50) {
            int fewer = Math.max(suggested, cores);
            out.add(new Finding("partitions-" + s.stageId() + "." + s.attemptId(), Finding.Severity.INFO,
                    "slowness/partitions", "Many small partitions in " + name + ": " + n + " tasks of "
                            + Units.bytes(perTask),
                    "Each task has a fixed scheduling cost; tiny tasks spend more time being scheduled than working.",
                    "Use about " + fewer + " partitions (coalesce(" + fewer + "), spark.sql.shuffle.partitions=" + fewer
                            + ", or AQE coalescing: spark.sql.adaptive.coalescePartitions.enabled=true).", ev));
        }
    }
}
