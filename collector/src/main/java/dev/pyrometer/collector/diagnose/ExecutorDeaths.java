/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Executor;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An executor's death is a consequence: a task's OutOfMemoryError makes the executor exit 52, the
 * driver then reports the running tasks as ExecutorLostFailure, the shuffle output the executor
 * held as FetchFailed in the next stage, and retries that stage. One finding per dead executor,
 * led by the cause (the OOM task, else what the exit code or the cluster manager's text means),
 * with the consequences and the memory just before, and the failures it explains taken out of the
 * other failure findings.
 */
final class ExecutorDeaths {
    /** How long before the executor's removal an OutOfMemoryError still counts as its cause. */
    static final long CAUSE_WINDOW_MS = 120_000;
    /** Samples of the dead JVM and its Python workers within this before the death are "just before". */
    static final long MEMORY_WINDOW_MS = 30_000;
    /** Idle time while a dead executor is replaced is named among the consequences from this much. */
    static final long RESTART_IDLE_MIN_MS = 1_000;
    private static final Pattern BLOCK_MANAGER = Pattern.compile("BlockManagerId\\(([^,\\s]+),");
    /**
     * How a job's abort names its stage: "Task 0 in stage 2.0 failed 2 times" (task failures), or
     * "ResultStage 3 (collect at app.py:54) has failed the maximum allowable number of times: 2"
     * (stage attempts after fetch failures).
     */
    private static final Pattern FAILED_STAGE = Pattern.compile(
            "in stage (\\d+)\\.\\d+ failed|(?:ResultStage|ShuffleMapStage) (\\d+) \\(");

    /** The findings and the failures they explain (which the other failure rules leave out). */
    record Result(List<Finding> findings, Set<Failure> explained) {
    }

    private ExecutorDeaths() {
    }

    static Result of(RunTimeline t) {
        Map<String, List<Failure>> byExecutor = new LinkedHashMap<>();
        for (Failure f : t.failures()) {
            if (f.kind() == FailureKind.EXECUTOR_REMOVED || f.kind() == FailureKind.EXECUTOR_LOST && f.executorId() != null) {
                byExecutor.computeIfAbsent(f.executorId(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<Long, Task> tasks = new HashMap<>();
        for (Task task : t.tasks()) {
            tasks.put(task.taskId(), task);
        }
        List<Death> deaths = new ArrayList<>();
        Set<Failure> explained = new LinkedHashSet<>();
        for (Map.Entry<String, List<Failure>> e : byExecutor.entrySet()) {
            Death d = new Death(t, e.getKey(), e.getValue(), tasks);
            deaths.add(d);
            explained.addAll(d.explained);
        }
        // "Missing an output location for shuffle N": the map output was unregistered with the
        // executor that held it, so the failure names no block manager: the latest death before it.
        for (Failure f : t.failures()) {
            if (f.kind() == FailureKind.FETCH_FAILED && !explained.contains(f) && !BLOCK_MANAGER.matcher(msg(f)).find()) {
                Death latest = null;
                for (Death d : deaths) {
                    if (d.deathMs <= f.timeMs() + 5_000 && d.deathMs >= f.timeMs() - CAUSE_WINDOW_MS
                            && (latest == null || d.deathMs > latest.deathMs)) {
                        latest = d;
                    }
                }
                if (latest != null) {
                    latest.addFetch(f);
                    explained.add(f);
                }
            }
        }
        // The same cause killing one executor after another (each retry of the task) is one finding.
        Map<String, List<Death>> byCause = new LinkedHashMap<>();
        for (Death d : deaths) {
            byCause.computeIfAbsent(d.signature(), k -> new ArrayList<>()).add(d);
        }
        List<Finding> out = new ArrayList<>();
        for (List<Death> same : byCause.values()) {
            out.add(finding(t, same, out.size() + 1));
        }
        return new Result(out, explained);
    }

    private static String msg(Failure f) {
        return f.message() == null ? "" : f.message();
    }

    private static boolean isOom(Failure f) {
        return f.scope() == FailureScope.TASK && (String.valueOf(f.className()).endsWith("OutOfMemoryError")
                || msg(f).contains("java.lang.OutOfMemoryError"));
    }

    /** One dead executor and everything that followed from its death. */
    private static final class Death {
        final RunTimeline t;
        final String exec;
        final Map<Long, Task> tasks;
        final Set<Failure> explained = new LinkedHashSet<>();
        final List<Failure> lost = new ArrayList<>();
        final List<Failure> fetches = new ArrayList<>();
        final Set<String> stageFailures = new TreeSet<>();
        final Set<String> jobs = new TreeSet<>();
        final Set<String> others = new TreeSet<>();
        final Set<Integer> stages = new TreeSet<>();
        final ExitCodes.Meaning meaning;
        final Failure removal;
        final Failure cause;
        final long deathMs;

        Death(RunTimeline t, String exec, List<Failure> own, Map<Long, Task> tasks) {
            this.t = t;
            this.exec = exec;
            this.tasks = tasks;
            Failure rem = null;
            StringBuilder reasons = new StringBuilder();
            long first = Long.MAX_VALUE;
            for (Failure f : own) {
                reasons.append(msg(f)).append('\n');
                if (f.kind() == FailureKind.EXECUTOR_REMOVED) {
                    rem = f;
                } else {
                    lost.add(f);
                }
                if (f.timeMs() > 0) {
                    first = Math.min(first, f.timeMs());
                }
            }
            removal = rem;
            deathMs = rem != null && rem.timeMs() > 0 ? rem.timeMs() : first;
            explained.addAll(own);
            Failure oom = null;
            for (Failure f : t.failures()) {
                if (exec.equals(f.executorId()) && isOom(f) && f.timeMs() <= deathMs + 5_000
                        && f.timeMs() >= deathMs - CAUSE_WINDOW_MS && (oom == null || f.timeMs() > oom.timeMs())) {
                    oom = f;
                }
            }
            cause = oom;
            ExitCodes.Meaning m = ExitCodes.of(reasons.toString());
            if (oom != null && m.kind() == ExitCodes.Kind.UNKNOWN) {
                m = new ExitCodes.Meaning(m.code(), ExitCodes.Kind.HEAP_OOM, "a task's java.lang.OutOfMemoryError");
            }
            if (m.kind() == ExitCodes.Kind.PROCESS_ERROR && oom == null && neverGotGoing(t, exec, deathMs)) {
                m = ExitCodes.startup(m);
            }
            meaning = m;
            if (oom != null) {
                explained.add(oom);
            }
            for (Failure f : lost) {
                stageOf(f);
            }
            for (Failure f : t.failures()) {
                if (f.kind() == FailureKind.FETCH_FAILED) {
                    Matcher bm = BLOCK_MANAGER.matcher(msg(f));
                    if (bm.find() && bm.group(1).equals(exec)) {
                        fetches.add(f);
                        explained.add(f);
                        stageOf(f);
                    }
                }
            }
            if (cause != null) {
                stageOf(cause);
            }
            for (Failure f : t.failures()) {
                if (explained.contains(f) || f.scope() == FailureScope.TASK || f.scope() == FailureScope.EXECUTOR) {
                    continue;
                }
                Matcher named = FAILED_STAGE.matcher(msg(f));
                boolean names = named.find() && stages.contains(Integer.parseInt(
                        named.group(1) != null ? named.group(1) : named.group(2)));
                boolean mentions = msg(f).contains("executor " + exec + " exited") || msg(f).contains("(executor " + exec + ")")
                        || msg(f).contains("BlockManagerId(" + exec + ",");
                if (f.scope() == FailureScope.STAGE && (names || mentions || stages.contains(stageId(f.ref())) && mentionsDeath(f))) {
                    stageFailures.add(f.ref());
                } else if (f.scope() == FailureScope.JOB && (names || mentions)) {
                    jobs.add(f.ref());
                } else if (names || mentions) {
                    others.add(f.scope() + " " + f.ref());
                } else {
                    continue;
                }
                explained.add(f);
            }
        }

        private static boolean mentionsDeath(Failure f) {
            String m = msg(f);
            return m.contains("FetchFailed") || m.contains("ExecutorLost") || m.contains("exited");
        }

        private static int stageId(String ref) {
            int dot = ref.indexOf('.');
            try {
                return Integer.parseInt(dot < 0 ? ref : ref.substring(0, dot));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private void stageOf(Failure f) {
            Task task = tasks.get(parseId(f.ref()));
            if (task != null) {
                stages.add(task.stageId());
            }
        }

        private static long parseId(String ref) {
            try {
                return Long.parseLong(ref);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private String taskText(Failure f) {
            Task task = tasks.get(parseId(f.ref()));
            return task == null ? "task " + f.ref() : "task " + f.ref() + " (partition " + task.index() + ", stage "
                    + task.stageId() + "." + task.stageAttempt() + ", attempt " + task.attempt() + ")";
        }

        void addFetch(Failure f) {
            fetches.add(f);
            explained.add(f);
            stageOf(f);
        }

        /** Deaths of the same cause group: the innermost cause at the same user frame, else the exit's meaning. */
        /** No task ran on the executor, and it was gone within {@link ExitCodes#STARTUP_MS} of being added. */
        private static boolean neverGotGoing(RunTimeline t, String exec, long deathMs) {
            for (Task task : t.tasks()) {
                if (exec.equals(task.executorId())) {
                    return false;
                }
            }
            for (Executor e : t.executors()) {
                if (exec.equals(e.executorId())) {
                    long gone = e.removedMs() > 0 ? e.removedMs() : deathMs;
                    return e.addedMs() <= 0 || gone <= 0 || gone - e.addedMs() <= ExitCodes.STARTUP_MS;
                }
            }
            return true;
        }

        String signature() {
            if (cause != null) {
                CauseChain c = chain();
                return FailureRules.signature(c.innermost()) + "|" + c.userFrame();
            }
            return meaning.kind() + "|" + meaning.code();
        }

        CauseChain chain() {
            return CauseChain.parse(cause.className(), cause.message(), cause.stackTrace() != null ? cause.stackTrace()
                    : cause.message());
        }

        private String nextStep(MemoryBeforeDeath mem) {
            Map<String, String> conf = t.app().conf() == null ? Map.of() : t.app().conf();
            String memory = conf.getOrDefault("spark.executor.memory", "1g (default)");
            String overhead = conf.getOrDefault("spark.executor.memoryOverhead", "default max(384m, 10%)");
            switch (meaning.kind()) {
                case HEAP_OOM: {
                    Task task = cause == null ? null : tasks.get(parseId(cause.ref()));
                    String hot = task == null ? null : hotPartition(task);
                    if (hot != null) {
                        return hot;
                    }
                    String cores = conf.get("spark.executor.cores");
                    String base = mem.heapFull()
                            ? "The heap was full (" + mem.heapText() + "): give each task less data with more partitions "
                                    + "(spark.sql.shuffle.partitions now " + conf.getOrDefault("spark.sql.shuffle.partitions",
                                    "200 (default)") + ", or repartition), or raise spark.executor.memory (now " + memory + ")"
                            : "The samples never saw the heap full (" + mem.heapText() + "): one allocation larger than "
                                    + "the free heap (a huge row, a collect_list or groupByKey of one key, a large broadcast). "
                                    + "Cut what one task holds at once, or raise spark.executor.memory (now " + memory + ")";
                    return base + (cores != null && !"1".equals(cores) ? "; fewer concurrent tasks per executor "
                            + "(spark.executor.cores now " + cores + ") leave each task more heap." : ".");
                }
                case CONTAINER_MEMORY:
                    if (mem.heapLow()) {
                        return "Not the heap (" + mem.heapText() + "): the memory outside it grew ("
                                + mem.outsideText() + "). Raise spark.executor.memoryOverhead (now " + overhead + ")"
                                + (mem.pythonBytes > mem.rssBytes / 2 ? " or set spark.executor.pyspark.memory to cap the "
                                + "Python workers, and process less data per task in Python" : "; native and direct "
                                + "memory (Arrow, netty, compression) lives there") + ".";
                    }
                    return "The container limit was reached (" + mem.heapText() + ", " + mem.outsideText() + "): raise "
                            + "spark.executor.memoryOverhead (now " + overhead + "), or lower spark.executor.memory (now "
                            + memory + ") so heap and overhead fit the container.";
                case STOPPED:
                    return "Check the cluster manager's events for the node (preemption, decommissioning, spot "
                            + "reclaim); enable spark.decommission.enabled and the external shuffle service so shuffle "
                            + "output outlives the executor.";
                case DISK:
                    return "Check spark.local.dir (or the container's local dirs) on the executor's host: it must exist, "
                            + "be writable and have free space.";
                case HEARTBEAT:
                    return "Look at the driver at that moment (GC, a large collect) and the network; raise "
                            + "spark.executor.heartbeatInterval / spark.network.timeout only if the driver was healthy.";
                case ENVIRONMENT:
                    return "Ship the missing jar with --jars or --packages so the executors load the same classes.";
                case STARTUP:
                    return "Read the executor's stderr (the worker's work/<app>/<executor>/stderr, the YARN container's "
                            + "or the pod's log): its last lines name what failed. Then check what only the executors "
                            + "get: spark.executor.extraJavaOptions and extraClassPath, the Java they run, and the jars "
                            + "and settings they fetch from the driver. Spark starts replacements, which fail the same way "
                            + "until the application gives up or runs with fewer executors.";
                case PROCESS_ERROR:
                    return "Read the executor's stderr log: the lines before the exit name the error (the executor "
                            + "backend logs why it stopped: the driver unreachable, the Executor not created).";
                case NATIVE_CRASH:
                    return "Read the executor's stderr and hs_err_pid log for the crashing library; upgrade or remove it.";
                case APPLICATION:
                    return "Read the executor's stderr log for the uncaught exception; it names the thread and class.";
                default:
                    return "Read the cluster manager's log for the executor's host at " + Units.ms(Math.max(0,
                            deathMs - t.app().startMs())) + " into the run; Spark retries the tasks elsewhere.";
            }
        }

        /** A hint when the OOM task held far more data than its stage's median: more partitions do not split a hot key. */
        private String hotPartition(Task task) {
            List<Long> data = new ArrayList<>();
            for (Task o : t.tasks()) {
                if (o.stageId() == task.stageId() && o.status() == TaskStatus.SUCCESS) {
                    data.add(o.inputBytes() + o.shuffleReadBytes());
                }
            }
            if (data.size() < 3) {
                return null;
            }
            data.sort(Long::compare);
            long median = data.get(data.size() / 2);
            long max = data.get(data.size() - 1);
            if (median <= 0 || max < 3 * median) {
                return null;
            }
            return "Partition " + task.index() + "'s stage is skewed (largest partition " + Units.bytes(max) + " against a median "
                    + "of " + Units.bytes(median) + "): more partitions do not split a hot key. Salt or split the hot key, "
                    + "or enable spark.sql.adaptive.skewJoin.enabled; raising spark.executor.memory only moves the limit.";
        }

        private static String firstLine(String s) {
            int nl = s.indexOf('\n');
            String line = nl < 0 ? s : s.substring(0, nl);
            return line.length() <= 300 ? line : line.substring(0, 300) + "...";
        }
    }

    private static Finding finding(RunTimeline t, List<Death> same, int n) {
        Death d0 = same.get(0);
        List<String> ev = new ArrayList<>();
        List<String> execs = same.stream().map(d -> d.exec).toList();
        String killed = "executor" + (execs.size() == 1 ? " " : "s ") + String.join(", ", execs);
        String lead;
        CauseChain chain = d0.cause == null ? null : d0.chain();
        if (chain != null) {
            lead = chain.innermost().text() + " in " + d0.taskText(d0.cause) + " killed " + killed;
            if (chain.userFrame() != null) {
                ev.add("user frame: " + chain.userFrame());
            }
        } else if (d0.meaning.kind() == ExitCodes.Kind.HEAP_OOM && !d0.lost.isEmpty()) {
            lead = killed + " ran out of heap under one of the running tasks";
        } else if (d0.meaning.kind() == ExitCodes.Kind.STARTUP) {
            lead = killed + " failed at start-up";
        } else {
            lead = killed + (execs.size() == 1 ? " died" : " died the same way");
        }
        List<Failure> lost = new ArrayList<>();
        List<Failure> fetches = new ArrayList<>();
        Set<Integer> stages = new TreeSet<>();
        Set<String> stageFailures = new TreeSet<>();
        Set<String> jobs = new TreeSet<>();
        Set<String> others = new TreeSet<>();
        for (Death d : same) {
            StringBuilder line = new StringBuilder("executor " + d.exec + " at " + Units.ms(Math.max(0, d.deathMs
                    - t.app().startMs())) + " into the run: " + d.meaning.describe());
            if (d.cause != null) {
                line.append("; cause ").append(d.taskText(d.cause));
            } else if (d.meaning.kind() == ExitCodes.Kind.HEAP_OOM && !d.lost.isEmpty()) {
                line.append("; cause one of its running tasks (their own failure reports did not arrive): ")
                        .append(String.join(", ", d.lost.stream().map(d::taskText).toList()));
            }
            if (d.removal != null) {
                line.append("; loss reason: ").append(Death.firstLine(msg(d.removal)));
            }
            ev.add(line.toString());
            ev.add("memory of executor " + d.exec + " just before: " + new MemoryBeforeDeath(t, d.exec, d.deathMs).describe());
            lost.addAll(d.lost);
            fetches.addAll(d.fetches);
            stages.addAll(d.stages);
            stageFailures.addAll(d.stageFailures);
            jobs.addAll(d.jobs);
            others.addAll(d.others);
        }
        List<String> consequences = new ArrayList<>();
        if (!lost.isEmpty()) {
            consequences.add(lost.size() + " task attempt" + (lost.size() == 1 ? "" : "s") + " lost with the executor"
                    + (execs.size() == 1 ? "" : "s"));
            ev.add("lost with the executor" + (execs.size() == 1 ? "" : "s") + ": " + String.join(", ",
                    lost.stream().map(d0::taskText).toList()));
        }
        if (!fetches.isEmpty()) {
            consequences.add(fetches.size() + " fetch failure" + (fetches.size() == 1 ? "" : "s"));
            ev.add("fetch failures for the shuffle output it held: " + String.join(", ",
                    fetches.stream().map(d0::taskText).toList()));
        }
        Set<String> retried = new TreeSet<>();
        for (RunTimeline.Stage s : t.stages()) {
            if (s.attemptId() > 0 && stages.contains(s.stageId())) {
                retried.add(s.stageId() + "." + s.attemptId());
            }
        }
        long restarting = 0;
        List<String> replaced = new ArrayList<>();
        for (Death d : same) {
            long[] w = TaskGaps.restartWindow(t, d.deathMs);
            if (w != null) {
                long idle = TaskGaps.idleWithin(t, w[0], w[1]);
                restarting += idle;
                replaced.add("executor " + d.exec + ": " + Units.ms(w[1] - w[0]) + " from its death to its replacement's "
                        + "first task, " + Units.ms(idle) + " of it with no task running");
            }
        }
        if (restarting >= RESTART_IDLE_MIN_MS) {
            consequences.add(Units.ms(restarting) + " with no task running while " + (execs.size() == 1
                    ? "the executor was" : "the executors were") + " replaced");
        }
        if (!replaced.isEmpty()) {
            ev.add("replaced: " + String.join("; ", replaced));
        }
        if (!retried.isEmpty()) {
            consequences.add("stage retr" + (retried.size() == 1 ? "y " : "ies ") + String.join(", ", retried));
        }
        if (!stageFailures.isEmpty()) {
            ev.add("failed stage attempts: " + String.join(", ", stageFailures));
        }
        if (!jobs.isEmpty()) {
            consequences.add("failed job" + (jobs.size() == 1 ? " " : "s ") + String.join(", ", jobs));
        }
        if (!others.isEmpty()) {
            ev.add("also seen in: " + String.join(", ", others));
        }
        if (!consequences.isEmpty()) {
            ev.add(0, "consequences: " + String.join("; ", consequences));
        }
        ExitCodes.Meaning meaning = d0.meaning;
        FailureCategory category = switch (meaning.kind()) {
            case HEAP_OOM, CONTAINER_MEMORY, NATIVE_CRASH, APPLICATION -> FailureCategory.TOOLCHAIN;
            case ENVIRONMENT, STARTUP -> FailureCategory.ENVIRONMENT;
            default -> FailureCategory.INFRASTRUCTURE;
        };
        boolean fatal = !jobs.isEmpty() || !others.isEmpty();
        String how = meaning.code() != null ? " (exit code " + meaning.code() + ")"
                : meaning.kind() == ExitCodes.Kind.CONTAINER_MEMORY ? " (killed for memory)" : "";
        String title = category + ": " + lead + how + (consequences.isEmpty() ? "" : "; then "
                + String.join(", ", consequences));
        return new Finding("failure-death-" + n, fatal ? Finding.Severity.ERROR : Finding.Severity.WARNING,
                "failure/" + category, title, (execs.size() == 1 ? "Executor " : "Executors ") + String.join(", ", execs)
                + " died of " + meaning.text() + ". The lost tasks, fetch failures and stage retries that followed are "
                + "consequences, not separate problems.",
                d0.nextStep(new MemoryBeforeDeath(t, d0.exec, d0.deathMs)), ev);
    }
}
