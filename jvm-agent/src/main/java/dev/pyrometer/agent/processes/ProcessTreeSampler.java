/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the JVM's process tree from /proc: the JVM, every descendant, and the Python process
 * that launched it. A process seen before and gone now is reported once more with exited=true
 * and its last values and last-seen time. A process sighted at its creation ({@link ProcessSightings}:
 * a Python worker Spark created, or any process this JVM started) that exited before any sample
 * saw it is reported once, exited, with what /proc showed at its creation. State is bounded by
 * the process limit and the sightings' bound.
 */
public final class ProcessTreeSampler {
    private final ProcFs proc;
    private final long selfPid;
    private final boolean driver;
    private final int maxProcesses;
    private final TextLimit commandLimit;
    private final LossCounters counters;
    private final long bootMicros;
    private final Map<Long, ProcessInfo> previous = new HashMap<>();
    private final Map<String, String> commandCache = new HashMap<>();
    private final ProcessSightings sightings;
    /** The time of the previous sample: the last time a process that is gone now was seen. */
    private long previousMicros = -1;
    /**
     * Sampled processes reported gone, by pid, with the time of that report: a sighting the
     * agent's thread only got to after that (a slow sightings thread) is not reported again.
     */
    private final Map<Long, Long> reportedGone = new HashMap<>();
    /**
     * A JVM's smaps_rollup costs the kernel milliseconds per read (it walks every mapping of a
     * large heap; about 4 ms a JVM on the build VM, against 0.01 ms for its stat line), and a
     * JVM's memory is private heap, which RSS and the agent's JVM sample already show: JVMs
     * get their PSS and private/shared split on the first sample and every this many after.
     */
    static final int JVM_SMAPS_EVERY = 10;
    private long ticks;
    private boolean jvmSmapsTick;

    ProcessTreeSampler(ProcFs proc, long selfPid, boolean driver, int maxProcesses, int maxCommandChars, LossCounters counters) {
        this(proc, selfPid, driver, maxProcesses, maxCommandChars, counters, new ProcessSightings(proc, null));
    }

    ProcessTreeSampler(ProcFs proc, long selfPid, boolean driver, int maxProcesses, int maxCommandChars, LossCounters counters,
            ProcessSightings sightings) {
        this.proc = proc;
        this.sightings = sightings;
        this.selfPid = selfPid;
        this.driver = driver;
        this.maxProcesses = maxProcesses;
        // Not counted: the same command lines are sent again every tick; the marker shows each cut.
        this.commandLimit = new TextLimit(maxCommandChars, () -> { });
        this.counters = counters;
        long boot = proc.bootTimeSeconds();
        this.bootMicros = boot < 0 ? 0 : boot * 1_000_000L;
    }

    public static ProcessTreeSampler forThisJvm(long selfPid, boolean driver, int maxProcesses, int maxCommandChars, LossCounters counters) {
        return new ProcessTreeSampler(ProcFs.system(), selfPid, driver, maxProcesses, maxCommandChars, counters,
                ProcessSightings.SYSTEM);
    }

    public boolean available() {
        return proc.available() && proc.stat(selfPid) != null;
    }

    /**
     * The processes a tick looks at. Where the kernel lists each thread's children
     * ({@code /proc/<pid>/task/<tid>/children}) only the JVM's descendants and its parent chain
     * are read; elsewhere every pid on the host is read once, as a busy node's thousands of
     * processes would otherwise cost one /proc read each per tick.
     */
    private final class Tree {
        final boolean walk;
        final Map<Long, ProcStat> stats = new HashMap<>();
        final Map<Long, List<Long>> children = new HashMap<>();

        Tree() {
            walk = proc.hasChildrenFiles(selfPid);
            if (!walk) {
                for (long pid : proc.pids()) {
                    ProcStat s = proc.stat(pid);
                    if (s != null && !s.gone()) {
                        stats.put(pid, s);
                        children.computeIfAbsent(s.ppid, k -> new ArrayList<>()).add(pid);
                    }
                }
            }
        }

        ProcStat stat(long pid) {
            if (!walk || stats.containsKey(pid)) {
                return stats.get(pid);
            }
            ProcStat s = proc.stat(pid);
            if (s != null && s.gone()) {
                s = null;
            }
            stats.put(pid, s);
            return s;
        }

        List<Long> children(long pid) {
            if (!walk) {
                return children.get(pid);
            }
            return proc.children(pid);
        }
    }

    public ProcessTreeSample sample(long nowMicros) {
        jvmSmapsTick = ticks++ % JVM_SMAPS_EVERY == 0;
        Tree tree = new Tree();
        ProcStat self = tree.stat(selfPid);
        long parentPid = self == null ? -1 : self.ppid;
        // Only PySpark's gateway launch ("spark-submit ... pyspark-shell") makes the parent Python the
        // driver; with `spark-submit app.py` the driver is the JVM's child, and whatever started
        // spark-submit (a scheduler, a script) is not part of the application.
        long launcher = self != null && command(self).contains("pyspark-shell") ? launchingPython(tree, parentPid) : -1;
        ProcessClassifier classifier = new ProcessClassifier(selfPid, launcher, driver);

        Map<Long, ProcessInfo> current = new LinkedHashMap<>();
        Map<Long, ProcessKind> kinds = new HashMap<>();
        if (launcher > 0) {
            add(tree.stat(launcher), null, classifier, kinds, current, nowMicros);
        }
        ArrayDeque<Long> queue = new ArrayDeque<>();
        queue.add(selfPid);
        int cut = 0;
        while (!queue.isEmpty()) {
            long pid = queue.poll();
            ProcStat s = tree.stat(pid);
            if (s == null || current.containsKey(pid)) {
                continue;
            }
            if (current.size() >= maxProcesses) {
                cut++;
                continue;
            }
            add(s, kinds.get(s.ppid), classifier, kinds, current, nowMicros);
            List<Long> kids = pid == selfPid || !reportsItsOwnTree(s) ? tree.children(pid) : null;
            if (kids != null) {
                queue.addAll(kids);
            }
        }
        if (cut > 0) {
            counters.count(CounterNames.AGENT_TREE_PROCESSES_CUT, cut);
        }

        List<ProcessInfo> out = new ArrayList<>(current.values());
        resolveSightings(current, out, classifier, kinds, nowMicros);
        for (Map.Entry<Long, ProcessInfo> e : previous.entrySet()) {
            if (!current.containsKey(e.getKey())) {
                ProcessInfo last = e.getValue();
                Long exit = sightings.takeExit(last.getPid(), last.getFirstSeenMicros());
                ProcessInfo gone = ProcessInfo.newBuilder(last).setExited(true).setExitMicros(exit)
                        .setLastSeenMicros(exit != null ? exit : previousMicros).build();
                out.add(gone);
                if (reportedGone.size() >= 4 * maxProcesses) {
                    reportedGone.clear();
                }
                reportedGone.put(last.getPid(), nowMicros);
            }
        }
        sightings.expireExits(nowMicros);
        reportedGone.values().removeIf(at -> nowMicros - at > ProcessSightings.MAX_AGE_MICROS);
        previous.clear();
        previous.putAll(current);
        previousMicros = nowMicros;
        return ProcessTreeSample.newBuilder().setProcesses(out).build();
    }

    /**
     * Processes sighted at their creation since the last sample: one now in the tree takes its
     * sighting as first seen; one already gone is reported once, exited, with what /proc showed
     * at its creation and its exit time when the JVM saw it, so a process that lived less than a
     * sample interval is still recorded.
     */
    private void resolveSightings(Map<Long, ProcessInfo> current, List<ProcessInfo> out, ProcessClassifier classifier,
            Map<Long, ProcessKind> kinds, long nowMicros) {
        Iterator<ProcessSightings.Sighting> it = sightings.sightings().values().iterator();
        while (it.hasNext()) {
            ProcessSightings.Sighting w = it.next();
            long start = w.stat == null ? -1 : startMicros(w.stat);
            ProcessInfo now = current.get(w.pid);
            if (now != null && (start < 0 || now.getStartTimeMicros() == start)) {
                if (w.seenMicros < now.getFirstSeenMicros() && !previous.containsKey(w.pid)) {
                    ProcessInfo earlier = ProcessInfo.newBuilder(now).setFirstSeenMicros(w.seenMicros).build();
                    current.put(w.pid, earlier);
                    out.set(out.indexOf(now), earlier);
                }
                it.remove();
                continue;
            }
            Long goneAt = reportedGone.get(w.pid);
            if (previous.containsKey(w.pid) || (goneAt != null && goneAt >= w.seenMicros)) {
                // Sampled before and gone now: reported below (or already) with its last sampled values.
                it.remove();
                continue;
            }
            ProcStat live = proc.stat(w.pid);
            if (live != null && !live.gone() && (start < 0 || startMicros(live) == start)) {
                // Alive but outside this JVM's tree (cut at the process limit): not an exit.
                if (nowMicros - w.seenMicros > ProcessSightings.MAX_AGE_MICROS) {
                    it.remove();
                }
                continue;
            }
            if (w.exitTracked && !w.deferred && !sightings.hasExit(w.pid)) {
                // Gone, and the JVM's exit notice (on its own thread) is still on its way: one more tick.
                w.deferred = true;
                continue;
            }
            it.remove();
            out.add(exitedSighting(w, start, classifier, kinds));
        }
    }

    private ProcessInfo exitedSighting(ProcessSightings.Sighting w, long start, ProcessClassifier classifier,
            Map<Long, ProcessKind> kinds) {
        Long exit = sightings.takeExit(w.pid, w.seenMicros);
        long ppid = w.stat != null ? w.stat.ppid : w.worker ? 0 : selfPid;
        String cmd = !w.command.isEmpty() ? w.command : w.startedCommand;
        String comm = w.stat != null ? w.stat.comm : ProcessClassifier.executable(null, cmd);
        ProcessKind kind = w.worker ? ProcessKind.PYTHON_WORKER : classifier.kind(w.pid, ppid, comm, cmd, kinds.get(ppid));
        ProcessInfo.Builder b = ProcessInfo.newBuilder().setPid(w.pid).setPpid(ppid).setKind(kind)
                .setFirstSeenMicros(w.seenMicros).setExited(true).setTaskId(w.taskId)
                .setCommand(commandLimit.cut(CommandRedactor.redact(cmd.isEmpty() && w.stat != null ? w.stat.comm : cmd)))
                .setExitMicros(exit).setLastSeenMicros(exit != null ? exit : w.seenMicros);
        if (w.stat != null) {
            b.setRssBytes(w.stat.rssPages * ProcFs.PAGE_SIZE).setCpuNanos(w.stat.cpuTicks * ProcFs.NANOS_PER_TICK)
                    .setReapedChildrenCpuNanos(w.stat.reapedChildrenCpuTicks * ProcFs.NANOS_PER_TICK)
                    .setStartTimeMicros(start);
        }
        smaps(b, w.smaps);
        return b.build();
    }

    private long startMicros(ProcStat s) {
        return bootMicros + s.startTicks * (ProcFs.NANOS_PER_TICK / 1000);
    }

    private static void smaps(ProcessInfo.Builder b, SmapsRollup r) {
        if (r != null) {
            if (r.rss >= 0) {
                b.setRssBytes(r.rss);
            }
            b.setPssBytes(r.pss).setPrivateBytes(r.privateBytes).setSharedBytes(r.sharedBytes);
        }
    }

    /** The Python process that started this JVM (directly or through one shell), or -1. */
    private long launchingPython(Tree tree, long parentPid) {
        long pid = parentPid;
        for (int hop = 0; hop < 2 && pid > 1; hop++) {
            ProcStat p = tree.stat(pid);
            if (p == null) {
                return -1;
            }
            String cmd = command(p);
            if (ProcessClassifier.isPython(p.comm, cmd)) {
                return pid;
            }
            String exe = ProcessClassifier.executable(p.comm, cmd);
            if (!(exe.equals("sh") || exe.equals("bash") || exe.equals("dash"))) {
                return -1;
            }
            pid = p.ppid;
        }
        return -1;
    }

    private void add(ProcStat s, ProcessKind parentKind, ProcessClassifier classifier, Map<Long, ProcessKind> kinds,
            Map<Long, ProcessInfo> current, long nowMicros) {
        String cmd = command(s);
        ProcessKind kind = classifier.kind(s.pid, s.ppid, s.comm, cmd, parentKind);
        kinds.put(s.pid, kind);
        long startMicros = startMicros(s);
        ProcessInfo before = previous.get(s.pid);
        long firstSeen = before != null && before.getStartTimeMicros() == startMicros ? before.getFirstSeenMicros() : nowMicros;
        ProcessInfo.Builder b = ProcessInfo.newBuilder()
                .setPid(s.pid).setPpid(s.ppid).setKind(kind)
                .setCommand(commandLimit.cut(cmd.isEmpty() ? s.comm : cmd))
                .setRssBytes(s.rssPages * ProcFs.PAGE_SIZE)
                .setCpuNanos(s.cpuTicks * ProcFs.NANOS_PER_TICK)
                .setReapedChildrenCpuNanos(s.reapedChildrenCpuTicks * ProcFs.NANOS_PER_TICK)
                .setStartTimeMicros(startMicros)
                .setFirstSeenMicros(firstSeen)
                .setExited(false)
                .setTaskId(kind == ProcessKind.PYTHON_WORKER ? PythonWorkerTasks.taskOf(s.pid) : null);
        if (kind != ProcessKind.JVM || jvmSmapsTick || before == null) {
            smaps(b, proc.smapsRollup(s.pid));
        }
        current.put(s.pid, b.build());
    }

    /**
     * A child JVM that is a Spark executor (local-cluster starts them under the driver) or runs
     * Pyrometer's agent: its Python daemon and workers belong to it, not to this JVM, so the
     * tree stops there and every process is attributed once.
     */
    private boolean reportsItsOwnTree(ProcStat s) {
        String cmd = command(s);
        return cmd.contains("CoarseGrainedExecutorBackend") || (cmd.contains("-javaagent:") && cmd.contains("pyrometer"));
    }

    /**
     * Command lines only change on exec, which keeps the pid and the start time but changes the
     * kernel's command name: they are read once per (pid, start time, command name). Java 17
     * starts a child through jspawnhelper, which then execs the real program (Spark's
     * pyspark.daemon): a sample taken in between must not fix the child as jspawnhelper.
     */
    private String command(ProcStat s) {
        String key = s.pid + ":" + s.startTicks + ":" + s.comm;
        String cmd = commandCache.get(key);
        if (cmd == null) {
            // Redacted once here: every command line the sampler reports or classifies comes from this cache.
            cmd = CommandRedactor.redact(proc.cmdline(s.pid));
            if (commandCache.size() >= 4 * maxProcesses) {
                commandCache.clear();
            }
            commandCache.put(key, cmd);
        }
        return cmd;
    }
}
