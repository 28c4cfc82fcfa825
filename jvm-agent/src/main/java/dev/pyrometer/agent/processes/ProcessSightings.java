/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.stats.EpochClock;
import dev.pyrometer.wire.DropReasons;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Processes seen the moment they were created, so one that exits before the next sample is still
 * reported. Two sources feed it: Spark's Python worker factory ({@link #workerCreated}) and every
 * {@code ProcessBuilder.start()} of this JVM ({@link #processStarted}, which covers
 * {@code Runtime.exec}, {@code rdd.pipe} and Hadoop's shell commands). The calling thread (a
 * Spark task, the application) only offers a small record to a bounded queue; the agent's own
 * daemon thread "pyrometer-agent-sightings" reads the process's /proc entry, asks the JVM to be
 * told of its exit (Java 9+), and keeps the sighting until the tree sampler takes it. The queue,
 * the sightings and the exit times are all bounded; what does not fit is counted.
 */
public final class ProcessSightings {
    static final int MAX = 1024;
    /** A sighting or exit time the sampler has not used (alive but outside the tree) is dropped after this. */
    static final long MAX_AGE_MICROS = 60_000_000L;

    /** What a caller hands over: the pid, when, and for a started process its command and the Process. */
    private static final class Pending {
        final long pid;
        final Long taskId;
        final long micros;
        final String command;
        final Object process;
        final boolean worker;

        Pending(long pid, Long taskId, long micros, String command, Object process, boolean worker) {
            this.pid = pid;
            this.taskId = taskId;
            this.micros = micros;
            this.command = command;
            this.process = process;
            this.worker = worker;
        }
    }

    /** One process as /proc showed it at its creation; {@code stat} is null when it was already gone. */
    static final class Sighting {
        final long pid;
        final Long taskId;
        final long seenMicros;
        final ProcStat stat;
        final SmapsRollup smaps;
        /** The command line /proc showed, or "" when it was gone. */
        final String command;
        /** The command the JVM started it with (ProcessBuilder.command()), or "" for a Python worker. */
        final String startedCommand;
        /** A Python worker from Spark's worker factory (else a process this JVM started). */
        final boolean worker;
        /** The JVM will report this process's exit time ({@link #exitOf}). */
        final boolean exitTracked;
        /** Set once the sampler held the report back one tick waiting for the exit time. */
        boolean deferred;

        Sighting(long pid, Long taskId, long seenMicros, ProcStat stat, SmapsRollup smaps, String command,
                String startedCommand, boolean worker, boolean exitTracked) {
            this.pid = pid;
            this.taskId = taskId;
            this.seenMicros = seenMicros;
            this.stat = stat;
            this.smaps = smaps;
            this.command = command;
            this.startedCommand = startedCommand;
            this.worker = worker;
            this.exitTracked = exitTracked;
        }
    }

    /** The one instance fed by Spark's worker factory and ProcessBuilder, read by the JVM's tree sampler. */
    public static final ProcessSightings SYSTEM = new ProcessSightings(ProcFs.system());

    private final ProcFs proc;
    private final ArrayBlockingQueue<Pending> pending = new ArrayBlockingQueue<>(MAX);
    private final Map<Long, Sighting> sightings = new ConcurrentHashMap<>();
    private final Map<Long, Long> exits = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    /** {@code Process.onExit()} on Java 9+, null on Java 8 (no exit times). */
    private final Function<Object, CompletableFuture<?>> onExit;

    ProcessSightings(ProcFs proc) {
        this(proc, ProcessHandles.onExit());
    }

    ProcessSightings(ProcFs proc, Function<Object, CompletableFuture<?>> onExit) {
        this.proc = proc;
        this.onExit = onExit;
    }

    /**
     * Spark created a Python worker with this pid for the task (null when none). Runs on Spark's
     * thread: only offers to a bounded queue, reads nothing.
     */
    public void workerCreated(long pid, Long taskId) {
        offer(new Pending(pid, taskId, EpochClock.nowMicros(), "", null, true));
    }

    /**
     * This JVM started a process ({@code ProcessBuilder.start()} returned). Runs on the
     * application's thread: only offers to a bounded queue.
     */
    void processStarted(long pid, long micros, String command, Object process) {
        offer(new Pending(pid, null, micros, command, process, false));
    }

    private void offer(Pending p) {
        if (!pending.offer(p)) {
            AgentContext.counters().drop(DropReasons.AGENT_SIGHTINGS_QUEUE_FULL);
            return;
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            Thread t = new Thread(this::readLoop, "pyrometer-agent-sightings");
            t.setDaemon(true);
            t.start();
        }
    }

    private void readLoop() {
        while (true) {
            try {
                Pending p = pending.poll(1, TimeUnit.HOURS);
                if (p != null) {
                    see(p);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentContext.counters().suppressed("agent.sightings.read");
            }
        }
    }

    /** A worker sighting, read now (tests call this directly in place of the queue). */
    void see(long pid, Long taskId, long micros) {
        see(new Pending(pid, taskId, micros, "", null, true));
    }

    /** A started process, read now (tests call this directly in place of the queue). */
    void seeStarted(long pid, long micros, String command, Object process) {
        see(new Pending(pid, null, micros, command, process, false));
    }

    /** Reads the process's /proc entry now, asks for its exit time, and keeps it for the sampler. */
    private void see(Pending p) {
        Sighting started = sightings.get(p.pid);
        if (p.worker && started != null && !started.worker) {
            // Spark without the daemon starts each worker itself: seen at ProcessBuilder.start(), now known as a worker.
            sightings.put(p.pid, new Sighting(p.pid, p.taskId, started.seenMicros, started.stat, started.smaps,
                    started.command, started.startedCommand, true, started.exitTracked));
            return;
        }
        if (sightings.size() >= MAX) {
            AgentContext.counters().drop(DropReasons.AGENT_SIGHTINGS_FULL);
            return;
        }
        ProcStat stat = proc.stat(p.pid);
        if (stat != null && stat.gone()) {
            stat = null;
        }
        SmapsRollup smaps = stat == null ? null : proc.smapsRollup(p.pid);
        String command = stat == null ? "" : proc.cmdline(p.pid);
        boolean tracked = p.process != null && onExit != null && trackExit(p.pid, p.process);
        sightings.put(p.pid, new Sighting(p.pid, p.taskId, p.micros, stat, smaps, command, p.command, p.worker, tracked));
        SampleCadence.wake();
    }

    /**
     * Asks the JVM to tell when the process exits (on the agent's thread, never the application's);
     * the time lands in a bounded map the sampler reads when it reports the exit.
     */
    private boolean trackExit(long pid, Object process) {
        if (process instanceof Process && !((Process) process).isAlive()) {
            // Already gone: onExit() would complete now, not at the exit; its exit time stays unknown.
            return false;
        }
        CompletableFuture<?> done = onExit.apply(process);
        if (done == null) {
            return false;
        }
        done.whenComplete((result, error) -> exited(pid, EpochClock.nowMicros()));
        return true;
    }

    /** The JVM saw the process exit at this time. */
    void exited(long pid, long micros) {
        try {
            if (exits.size() >= MAX) {
                AgentContext.counters().drop(DropReasons.AGENT_SIGHTINGS_EXITS_FULL);
                return;
            }
            exits.put(pid, micros);
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.sightings.exit");
        }
    }

    Map<Long, Sighting> sightings() {
        return sightings;
    }

    /** Whether an exit time for this pid is waiting. */
    boolean hasExit(long pid) {
        return exits.containsKey(pid);
    }

    /**
     * Takes the exit time of this pid if it is one of a process first seen at or before it (a
     * recycled pid's stale time is dropped), else null.
     */
    Long takeExit(long pid, long firstSeenMicros) {
        Long at = exits.remove(pid);
        return at != null && at >= firstSeenMicros ? at : null;
    }

    /** Drops exit times nothing claimed (processes outside the tree) once they are old. */
    void expireExits(long nowMicros) {
        for (Iterator<Long> it = exits.values().iterator(); it.hasNext();) {
            if (nowMicros - it.next() > MAX_AGE_MICROS) {
                it.remove();
            }
        }
    }
}
