/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Failure;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One finding per distinct failure of the run: the same innermost cause at the same user frame
 * across task retries, tasks, their stage and their job is one finding with counts.
 */
final class FailureRules {
    /** Kills and resubmissions follow from something else (a cancelled stage, a speculative win). */
    private static final Set<FailureKind> CONSEQUENCES = Set.of(FailureKind.TASK_KILLED, FailureKind.RESUBMITTED);
    /**
     * Py4J calls PySpark itself makes expecting them to fail, and catches: for a type string such as
     * "long", {@code _parse_datatype_string} tries StructType.fromDDL first (ParseException) and then
     * parses it as a data type. Not the application's failure.
     */
    private static final Set<String> PYSPARK_PROBES = Set.of(
            "org.apache.spark.sql.types.StructType.fromDDL|org.apache.spark.sql.catalyst.parser.ParseException");
    private static final java.util.regex.Pattern FAILED_STAGE = java.util.regex.Pattern.compile(
            "in stage (\\d+)\\.\\d+ failed");

    private FailureRules() {
    }

    static List<Finding> of(RunTimeline t) {
        ExecutorDeaths.Result deaths = ExecutorDeaths.of(t);
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, RunTimeline.Task> tasks = new java.util.HashMap<>();
        for (RunTimeline.Task task : t.tasks()) {
            tasks.put(Long.toString(task.taskId()), task);
        }
        // A failed stage or job usually failed because of its tasks' failure: it joins that finding.
        Map<Integer, Group> byStage = new java.util.HashMap<>();
        List<Failure> stagesAndJobs = new ArrayList<>();
        for (Failure f : t.failures()) {
            if (CONSEQUENCES.contains(f.kind()) || deaths.explained().contains(f)
                    || f.scope() == FailureScope.PY4J && PYSPARK_PROBES.contains(f.ref() + "|" + f.className())) {
                continue;
            }
            if (f.scope() != FailureScope.TASK) {
                // Stages, jobs and the driver-side reports of the same failure (the Py4J call, the SQL
                // execution) join the finding of their tasks when they can be matched.
                stagesAndJobs.add(f);
                continue;
            }
            RunTimeline.Task task = tasks.get(f.ref());
            Group g = group(groups, f);
            g.add(f, task);
            if (task != null && MemoryRules.isWorkerDeath(f)) {
                MemoryRules.DeadWorker dead = MemoryRules.deadWorker(t, f);
                g.memory.add("memory before the death of task " + f.ref() + ": " + (dead == null
                        ? "no Python samples on executor " + f.executorId() : dead.describe()));
            }
            if (task != null) {
                byStage.put(task.stageId(), g);
            }
        }
        Map<String, List<Integer>> stagesOfJob = new java.util.HashMap<>();
        for (RunTimeline.Job j : t.jobs()) {
            stagesOfJob.put(Integer.toString(j.jobId()), j.stageIds());
        }
        // A stage that failed with no task failure to join (cancelled with its job when the context
        // stopped, aborted by the scheduler) is its job's finding: jobs first, so the stages find them.
        // The stage's copy of the reason has no exception class, so its driver-side reports (the SQL
        // execution) would not find the job's group by their key alone.
        stagesAndJobs.sort(java.util.Comparator.comparingInt(f -> f.scope() == FailureScope.JOB ? 0 : f.scope() == FailureScope.STAGE ? 1 : 2));
        Map<Integer, Group> byFailedJob = new java.util.HashMap<>();
        for (Failure f : stagesAndJobs) {
            Group g = null;
            // "Job aborted due to stage failure: Task 0 in stage 2.0 failed 2 times ..." names the stage.
            java.util.regex.Matcher named = FAILED_STAGE.matcher(f.message() == null ? "" : f.message());
            if (named.find()) {
                g = byStage.get(Integer.parseInt(named.group(1)));
            }
            if (g != null) {
                // joined by the stage the message names
            } else if (f.scope() == FailureScope.STAGE) {
                int stageId = Integer.parseInt(f.ref().substring(0, f.ref().indexOf('.') < 0 ? f.ref().length()
                        : f.ref().indexOf('.')));
                g = byStage.get(stageId);
                if (g == null && (g = byFailedJob.get(stageId)) != null) {
                    groups.putIfAbsent(key(f), g);
                }
            } else if (f.scope() == FailureScope.JOB) {
                for (int sid : stagesOfJob.getOrDefault(f.ref(), List.of())) {
                    g = g != null ? g : byStage.get(sid);
                }
            }
            g = g != null ? g : group(groups, f);
            g.add(f, null);
            if (f.scope() == FailureScope.JOB) {
                for (int sid : stagesOfJob.getOrDefault(f.ref(), List.of())) {
                    byFailedJob.putIfAbsent(sid, g);
                }
            }
        }
        List<Finding> out = new ArrayList<>(deaths.findings());
        int n = 0;
        // A group can sit under two keys (a stage's reason joined to its job's): each once.
        for (Group g : new java.util.LinkedHashSet<>(groups.values())) {
            out.add(g.finding(++n));
        }
        return out;
    }

    private static Group group(Map<String, Group> groups, Failure f) {
        Parsed p = new Parsed(f);
        return groups.computeIfAbsent(p.key(), k -> new Group(p.chain, p.root, p.verdict, p.dump));
    }

    /** The key failures with the same cause share: retries, tasks, and the driver's reports of them. */
    private static String key(Failure f) {
        return new Parsed(f).key();
    }

    private static final class Parsed {
        final CauseChain chain;
        final FailureClassifier.Verdict verdict;
        final CauseChain.Level root;
        final PythonDump dump;

        Parsed(Failure f) {
            String text = (f.message() == null ? "" : f.message()) + "\n" + (f.stackTrace() == null ? "" : f.stackTrace());
            chain = CauseChain.parse(f.className(), f.message(), f.stackTrace() != null ? f.stackTrace() : f.message());
            verdict = FailureClassifier.classify(f.kind(), chain, text);
            root = shownCause(chain, text);
            dump = FailureClassifier.isWorkerCrash(text.toLowerCase(java.util.Locale.ROOT)) ? PythonDump.find(text) : null;
        }

        String key() {
            return verdict.category() + "|" + signature(root) + "|" + chain.userFrame() + (dump == null ? "" : "|" + dump.userFrame());
        }
    }

    /**
     * The innermost cause, except for a crashed Python worker: Spark's "Python worker exited
     * unexpectedly (crashed)" is the finding, its {@code Caused by: java.io.EOFException} only the
     * closed socket it noticed the death by.
     */
    static CauseChain.Level shownCause(CauseChain chain, String text) {
        if (FailureClassifier.isWorkerCrash(text.toLowerCase(java.util.Locale.ROOT))) {
            for (CauseChain.Level l : chain.levels()) {
                if (FailureClassifier.isWorkerCrash(l.text().toLowerCase(java.util.Locale.ROOT))) {
                    return l;
                }
            }
        }
        return chain.innermost();
    }

    /** Numbers (sizes, ids, ports) differ between retries of the same failure. */
    static String signature(CauseChain.Level l) {
        return l.className() + ": " + l.message().replaceAll("\\d+", "#");
    }

    private static final class Group {
        final CauseChain chain;
        final CauseChain.Level root;
        final FailureClassifier.Verdict verdict;
        /** The crashed worker's fault-handler dump, or null. */
        final PythonDump dump;
        final List<String> memory = new ArrayList<>();
        final Set<Long> taskIds = new TreeSet<>();
        final Set<String> executors = new TreeSet<>();
        final Set<String> stages = new TreeSet<>();
        final Set<String> jobs = new TreeSet<>();
        final Set<String> others = new TreeSet<>();
        final Set<Integer> partitions = new TreeSet<>();
        int taskAttempts;
        long firstMs = Long.MAX_VALUE;

        Group(CauseChain chain, CauseChain.Level root, FailureClassifier.Verdict verdict, PythonDump dump) {
            this.dump = dump;
            this.chain = chain;
            this.root = root;
            this.verdict = verdict;
        }

        void add(Failure f, RunTimeline.Task task) {
            if (f.timeMs() > 0) {
                firstMs = Math.min(firstMs, f.timeMs());
            }
            if (f.executorId() != null) {
                executors.add(f.executorId());
            }
            switch (f.scope()) {
                case TASK -> {
                    taskAttempts++;
                    taskIds.add(Long.parseLong(f.ref()));
                    if (task != null) {
                        stages.add(task.stageId() + "." + task.stageAttempt());
                        partitions.add(task.index());
                    }
                }
                case STAGE -> stages.add(f.ref());
                case JOB -> jobs.add(f.ref());
                default -> others.add(f.scope() + " " + f.ref());
            }
        }

        Finding finding(int n) {
            List<String> ev = new ArrayList<>();
            ev.add("innermost cause: " + root.text());
            if (!root.equals(chain.innermost())) {
                ev.add("noticed through: " + chain.innermost().text());
            }
            CauseChain.Level raised = chain.pythonRaised();
            if (raised != null && !raised.equals(root)) {
                ev.add("raised as: " + raised.text());
            }
            if (chain.levels().size() > 1 && !chain.levels().get(0).equals(raised) && !chain.levels().get(0).equals(root)) {
                ev.add("reported as: " + chain.levels().get(0).text());
            }
            CauseChain.Frame uf = chain.userFrame();
            if (uf != null) {
                ev.add("user frame: " + uf + (uf.source() == null ? "" : ": " + uf.source()));
            }
            String crashedIn = "";
            if (dump != null) {
                CauseChain.Frame df = dump.userFrame();
                crashedIn = " in " + df.function() + " at " + shortFile(df.file()) + ":" + df.line();
                ev.add("crashed in: " + df + (dump.fatalError() == null ? "" : " (" + dump.fatalError() + ")"));
                ev.add("last Python frames (most recent first): " + String.join(" <- ", dump.lastFrames(8)));
            }
            if (taskAttempts > 0) {
                ev.add("failed task attempts: " + taskAttempts + " (task ids " + abbreviate(taskIds) + ", partitions "
                        + abbreviate(partitions) + ")");
            }
            if (!executors.isEmpty()) {
                ev.add("executors: " + String.join(", ", executors));
            }
            if (!stages.isEmpty()) {
                ev.add("stages: " + String.join(", ", stages));
            }
            if (!jobs.isEmpty()) {
                ev.add("failed jobs: " + String.join(", ", jobs));
            }
            if (!others.isEmpty()) {
                ev.add("also seen in: " + String.join(", ", others));
            }
            ev.addAll(memory);
            String where = uf == null ? "" : " at " + shortFile(uf.file()) + ":" + uf.line();
            String count = taskAttempts > 1 ? " (" + taskAttempts + " task attempts)" : "";
            boolean fatal = !jobs.isEmpty() || !stages.isEmpty() && taskAttempts == 0 || !others.isEmpty();
            return new Finding("failure-" + n, fatal ? Finding.Severity.ERROR : Finding.Severity.WARNING, "failure/" + verdict.category(),
                    verdict.category() + ": " + root.text() + crashedIn + where + count, verdict.category().explanation(),
                    verdict.nextStep(), ev);
        }

        private static String shortFile(String f) {
            int slash = Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\'));
            return slash < 0 ? f : f.substring(slash + 1);
        }

        private static String abbreviate(Set<? extends Number> ids) {
            List<String> s = new ArrayList<>();
            for (Number id : ids) {
                if (s.size() == 10) {
                    s.add("... " + (ids.size() - 10) + " more");
                    break;
                }
                s.add(id.toString());
            }
            return String.join(", ", s);
        }
    }
}
