package dev.pyrometer.agent.sampling;

import dev.pyrometer.agent.init.AgentContext;
import dev.pyrometer.agent.stats.EpochClock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Python workers Spark just created, seen once right away so a worker that exits before the next
 * sample is still reported. A Spark thread only offers (pid, task, time) to a bounded queue; the
 * agent's own daemon thread "pyrometer-agent-workers" reads the worker's /proc entry and keeps
 * the sighting until the tree sampler takes it. Both the queue and the map are bounded; what does
 * not fit is counted.
 */
public final class WorkerSightings {
    static final int MAX = 1024;
    /** A sighting the sampler has not resolved (alive but outside the tree) is dropped after this. */
    static final long MAX_AGE_MICROS = 60_000_000L;

    /** One worker as /proc showed it when Spark created it; {@code stat} is null when it was already gone. */
    static final class Sighting {
        final long pid;
        final Long taskId;
        final long seenMicros;
        final ProcStat stat;
        final SmapsRollup smaps;
        final String command;

        Sighting(long pid, Long taskId, long seenMicros, ProcStat stat, SmapsRollup smaps, String command) {
            this.pid = pid;
            this.taskId = taskId;
            this.seenMicros = seenMicros;
            this.stat = stat;
            this.smaps = smaps;
            this.command = command;
        }
    }

    /** The one instance fed by Spark's worker factory and read by the JVM's tree sampler. */
    public static final WorkerSightings SYSTEM = new WorkerSightings(ProcFs.system());

    private final ProcFs proc;
    private final ArrayBlockingQueue<long[]> pending = new ArrayBlockingQueue<>(MAX);
    private final Map<Long, Sighting> sightings = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();

    WorkerSightings(ProcFs proc) {
        this.proc = proc;
    }

    /**
     * Spark created a worker with this pid for the task (null when none). Runs on Spark's thread:
     * only offers to a bounded queue, reads nothing.
     */
    public void created(long pid, Long taskId) {
        if (!pending.offer(new long[] {pid, taskId == null ? -1 : taskId, EpochClock.nowMicros()})) {
            AgentContext.counters().drop("agent.python_workers.sighting_queue_full");
            return;
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            Thread t = new Thread(this::readLoop, "pyrometer-agent-workers");
            t.setDaemon(true);
            t.start();
        }
    }

    private void readLoop() {
        while (true) {
            try {
                long[] w = pending.poll(1, TimeUnit.HOURS);
                if (w != null) {
                    see(w[0], w[1] < 0 ? null : w[1], w[2]);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentContext.counters().suppressed("agent.python_workers.sighting");
            }
        }
    }

    /** Reads the worker's /proc entry now and keeps it for the sampler. */
    void see(long pid, Long taskId, long micros) {
        if (sightings.size() >= MAX) {
            AgentContext.counters().drop("agent.python_workers.sightings_full");
            return;
        }
        ProcStat stat = proc.stat(pid);
        if (stat != null && stat.gone()) {
            stat = null;
        }
        SmapsRollup smaps = stat == null ? null : proc.smapsRollup(pid);
        String command = stat == null ? "" : proc.cmdline(pid);
        sightings.put(pid, new Sighting(pid, taskId, micros, stat, smaps, command));
    }

    Map<Long, Sighting> sightings() {
        return sightings;
    }
}
