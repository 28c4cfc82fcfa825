/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.wire.DropReasons;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes and time one task attempt moved to and from its Python worker, kept per task in a bounded
 * map. Each direction has one writing thread (Spark 3.5: the runner's writer thread sends, the
 * task thread receives; 4.x: the task thread does both), so counters are single-writer volatile
 * fields. The export thread sends, per interval, one SerializerStats ("python-runner",
 * "to-python" / "from-python") per task that moved data, and forgets tasks that went idle; a
 * forgotten task that moves data again is tracked again with its totals intact.
 */
public final class PythonTaskIo {
    static final int MAX = 4096;
    /** For lookup by task; every record being counted is also in LIVE, which the export thread walks. */
    private static final Map<Long, PythonTaskIo> TASKS = new ConcurrentHashMap<>();
    private static final java.util.Set<PythonTaskIo> LIVE = ConcurrentHashMap.newKeySet();

    final long taskId;
    /** 0: to Python, 1: from Python. */
    private final Direction[] dir = {new Direction(), new Direction()};
    private volatile boolean tracked = true;

    /** One direction's totals (written by one thread) and what the export thread already sent. */
    static final class Direction {
        volatile long calls;
        volatile long bytes;
        volatile long nanos;
        volatile long maxNanos;
        long sentCalls;
        long sentBytes;
        long sentNanos;
        long sentMaxNanos;
    }

    private PythonTaskIo(long taskId) {
        this.taskId = taskId;
    }

    /** The task's record, created on first use; null past the bound (counted). */
    static PythonTaskIo of(long taskId) {
        PythonTaskIo io = TASKS.get(taskId);
        if (io != null) {
            return io;
        }
        if (LIVE.size() >= MAX) {
            AgentContext.counters().drop(DropReasons.AGENT_PYTHON_RUNNER_TASKS_FULL);
            return null;
        }
        io = TASKS.computeIfAbsent(taskId, PythonTaskIo::new);
        LIVE.add(io);
        return io;
    }

    /** Adds one call's bytes and time in one direction (0: to Python, 1: from Python). */
    void add(int direction, long bytes, long nanos) {
        Direction d = dir[direction];
        d.calls = d.calls + 1;
        if (bytes > 0) {
            d.bytes = d.bytes + bytes;
        }
        d.nanos = d.nanos + nanos;
        if (nanos > d.maxNanos) {
            d.maxNanos = nanos;
        }
        if (!tracked) {
            retrack();
        }
    }

    /**
     * Counted again after the export thread forgot it. If the other direction made a new record
     * for the task meanwhile, both are exported (same task id), so nothing is lost.
     */
    private void retrack() {
        tracked = true;
        LIVE.add(this);
        TASKS.putIfAbsent(taskId, this);
    }

    /** Sends what each task moved since the last call; forgets tasks that moved nothing. Export thread only. */
    public static void export(Emitter emitter, long startMicros, long endMicros) {
        Iterator<PythonTaskIo> it = LIVE.iterator();
        while (it.hasNext()) {
            PythonTaskIo io = it.next();
            boolean moved = false;
            for (int i = 0; i < 2; i++) {
                Direction d = io.dir[i];
                long calls = d.calls;
                if (calls == d.sentCalls) {
                    continue;
                }
                long bytes = d.bytes;
                long nanos = d.nanos;
                long max = d.maxNanos;
                emitter.offer(SerializerStats.newBuilder()
                        .setIntervalStartMicros(startMicros).setIntervalEndMicros(endMicros)
                        .setSerializer("python-runner").setOperation(i == 0 ? "to-python" : "from-python")
                        .setTaskId(io.taskId)
                        .setCount(calls - d.sentCalls).setBytes(bytes - d.sentBytes)
                        .setTotalMicros((nanos - d.sentNanos) / 1000).setMaxMicros(max / 1000)
                        .build(), 128);
                d.sentCalls = calls;
                d.sentBytes = bytes;
                d.sentNanos = nanos;
                d.sentMaxNanos = max;
                moved = true;
            }
            if (!moved) {
                io.tracked = false;
                it.remove();
                TASKS.remove(io.taskId, io);
                // A call that raced with the removal saw tracked=true and did not re-add: do it here.
                if (io.dir[0].calls != io.dir[0].sentCalls || io.dir[1].calls != io.dir[1].sentCalls) {
                    io.retrack();
                }
            }
        }
    }

    /**
     * Counts what the task reads from its Python worker: every read is timed (reads come per
     * batch, and the single-byte ones are where the task waits for Python).
     */
    static final class FromPython extends InputStream {
        private final InputStream in;
        private final PythonTaskIo io;

        FromPython(InputStream in, PythonTaskIo io) {
            this.in = in;
            this.io = io;
        }

        @Override
        public int read() throws IOException {
            long start = System.nanoTime();
            int b = in.read();
            io.add(1, b >= 0 ? 1 : 0, System.nanoTime() - start);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long start = System.nanoTime();
            int n = in.read(b, off, len);
            io.add(1, n, System.nanoTime() - start);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            io.add(1, skipped, 0);
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
