/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.Source;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.DropReasons;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The emitter's sender thread, as Kafka's Sender is to its RecordAccumulator: it takes numbered
 * events from the {@link Emitter}'s queue, wraps them in the {@link Event} envelope keyed by the
 * run, encodes and hands them to the {@link RecordSink}. It alone owns the sink, the held head
 * record, the spill and its replay, Kafka's availability, the periodic self-metrics and the final
 * report; none of that is touched by another thread, so none of it is synchronised.
 */
final class SenderLoop implements Runnable {
    private static final long IDLE_BEFORE_CLOSE_MS = 200;
    private static final long RETRY_PAUSE_MS = 100;
    /** Kafka never reachable for this long (and never before): at close it is taken as absent, not slow. */
    private static final long ABSENT_AFTER_MS = 5_000;

    private final Emitter acc;
    private final RecordSink.Factory sinkFactory;
    private final EmitterConfig config;
    private final MicroClock clock;
    private final LossCounters counters;

    private RecordSink sink;
    private Source source;
    /** An encoded event the sink could not take yet. */
    private Encoded head;
    /** Local spill while Kafka is away, when configured. */
    private Spill spill;
    private long nextProbeNanos;
    /** Whether Kafka ever took a record from this JVM. */
    private boolean everTaken;
    /** Since when (nanoTime) every delivery attempt found Kafka unreachable, -1 while it takes records. */
    private long unavailableSinceNanos = -1;

    /** An encoded record the sink could not take yet. */
    private static final class Encoded {
        final String key;
        final byte[] bytes;
        final int queuedSize;

        Encoded(String key, byte[] bytes, int queuedSize) {
            this.key = key;
            this.bytes = bytes;
            this.queuedSize = queuedSize;
        }
    }

    private enum Outcome { TAKEN, UNAVAILABLE }

    SenderLoop(Emitter acc, RecordSink.Factory sinkFactory) {
        this.acc = acc;
        this.sinkFactory = sinkFactory;
        this.config = acc.config();
        this.clock = acc.clock();
        this.counters = acc.counters();
    }

    @Override
    public void run() {
        if (!start()) {
            return;
        }
        long nextSelfMetrics = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.selfMetricsIntervalMs());
        try {
            while (!readyToStop(clock.nanoTime())) {
                RunRef key = currentRun(clock.nanoTime());
                if (key == null) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    continue;
                }
                refreshSource();
                if (spilling()) {
                    replayOne(key);
                } else {
                    sendNext(key);
                }
                if (clock.nanoTime() >= nextSelfMetrics) {
                    sendSelfMetrics(key, false);
                    nextSelfMetrics = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.selfMetricsIntervalMs());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            counters.suppressed("emitter.sender");
        }
        refreshSource();
        finish();
    }

    /** Creates the envelope's source, the spill and the sink; on failure disables the emitter, counting what it held. */
    private boolean start() {
        try {
            source = Source.newBuilder()
                    .setRole(acc.role()).setExecutorId(acc.executorId())
                    .setHost(HostFacts.hostName()).setPid(HostFacts.pid())
                    .setInstanceId(acc.instanceId()).setProducer("")
                    .build();
            spill = openSpill();
            sink = sinkFactory.create(config, "pyrometer-" + acc.instanceId().substring(0, 8));
            return true;
        } catch (Throwable t) {
            counters.suppressed("emitter.start");
            HostLog.warn("Kafka producer could not be created (" + t.getClass().getSimpleName() + ": "
                    + Emitter.oneLine(t.getMessage()) + "); events will be counted as dropped");
            acc.quiesce(Emitter.DISABLED);
            for (int i = acc.discardQueued(); i > 0; i--) {
                counters.drop(DropReasons.DISABLED);
            }
            return false;
        }
    }

    private boolean readyToStop(long now) {
        if (!acc.closing()) {
            return false;
        }
        boolean drained = head == null && acc.queueEmpty() && !spilling()
                && now - acc.lastOfferNanos() >= TimeUnit.MILLISECONDS.toNanos(IDLE_BEFORE_CLOSE_MS);
        // Kafka never reachable in this JVM's life (the broker absent for the whole run): waiting out
        // the flush timeout would only delay the exit; stop now, what is left is counted (or stays
        // in the spill). A broker that was reachable before, or a first metadata fetch that is just
        // slow, is still waited for up to the flush timeout.
        boolean absent = !everTaken && unavailableSinceNanos >= 0
                && now - unavailableSinceNanos >= TimeUnit.MILLISECONDS.toNanos(ABSENT_AFTER_MS);
        // Past the point where the close stops waiting for quiet, the rest is the final flush's.
        return drained || absent || now >= acc.closeStopWaitingNanos();
    }

    private Spill openSpill() {
        if (config.spillDir().isEmpty()) {
            return null;
        }
        try {
            return new Spill(new java.io.File(config.spillDir()), acc.instanceId(), config.spillMaxBytes(), counters);
        } catch (Throwable t) {
            counters.suppressed("emitter.spill.open");
            HostLog.warn("spill directory '" + config.spillDir() + "' is not usable ("
                    + Emitter.oneLine(String.valueOf(t.getMessage())) + "); events are dropped while Kafka is away");
            return null;
        }
    }

    private boolean spilling() {
        return spill != null && !spill.isEmpty();
    }

    /** Normal path: the oldest waiting event (the held one first) goes to the sink. */
    private void sendNext(RunRef key) throws InterruptedException {
        Encoded e = head;
        head = null;
        if (e == null) {
            Emitter.Pending p = acc.poll(50);
            if (p == null) {
                return;
            }
            byte[] bytes = encode(key, p.seq, p.timeMicros, p.payload);
            if (bytes == null) {
                acc.release(p.size);
                return;
            }
            e = new Encoded(key.getAppId(), bytes, p.size);
        }
        if (deliver(e.key, e.bytes) == Outcome.TAKEN) {
            taken();
            acc.release(e.queuedSize);
            return;
        }
        unavailable();
        counters.count(CounterNames.SEND_RETRIES, 1);
        if (spill != null) {
            // Kafka is away: move the held event and everything queued to the local spill, in order.
            toSpill(e);
            drainQueueToSpill(key);
            nextProbeNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS);
        } else {
            // Keep the event and retry; the bounded queue behind it turns new events away (counted).
            head = e;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS));
        }
    }

    /** While anything is spilled, new events join the spill behind it and the oldest is retried. */
    private void replayOne(RunRef key) throws java.io.IOException, InterruptedException {
        drainQueueToSpill(key);
        if (clock.nanoTime() < nextProbeNanos) {
            // Kafka was away a moment ago: keep the queue empty (on disk) and probe again shortly.
            Emitter.Pending p = acc.poll(10);
            if (p != null) {
                spillPending(p, key);
            }
            return;
        }
        Spill.Record r = spill.peek();
        if (r == null) {
            return;
        }
        if (deliver(r.key, r.value) == Outcome.TAKEN) {
            taken();
            spill.pop();
            counters.count(CounterNames.REPLAYED, 1);
        } else {
            unavailable();
            counters.count(CounterNames.SEND_RETRIES, 1);
            nextProbeNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS);
        }
        counters.set(CounterNames.SPILL_BYTES, spill.bytes());
    }

    private void taken() {
        everTaken = true;
        unavailableSinceNanos = -1;
    }

    private void unavailable() {
        if (unavailableSinceNanos < 0) {
            unavailableSinceNanos = clock.nanoTime();
        }
    }

    private void drainQueueToSpill(RunRef key) {
        Emitter.Pending p;
        while ((p = acc.poll()) != null) {
            spillPending(p, key);
        }
        counters.set(CounterNames.SPILL_BYTES, spill == null ? 0 : spill.bytes());
    }

    private void spillPending(Emitter.Pending p, RunRef key) {
        acc.release(p.size);
        byte[] bytes = encode(key, p.seq, p.timeMicros, p.payload);
        if (bytes != null) {
            toSpill(new Encoded(key.getAppId(), bytes, p.size));
        }
    }

    private void toSpill(Encoded e) {
        try {
            spill.append(e.key, e.bytes);
        } catch (Throwable t) {
            counters.drop(DropReasons.SPILL_FAILED);
        }
    }

    /** The final report: seal the queue, spill or count what is left, report, close the sink. */
    private void finish() {
        RunRef key = currentRun(Long.MAX_VALUE);
        boolean closing = acc.closing();
        // From here offers take no sequence number; the ones already numbered are in the queue.
        acc.quiesce(Emitter.SEALED);
        boolean unavailable = head != null || spilling();
        if (spill != null) {
            // What Kafka did not take stays on disk; a later JVM using the same spill directory replays it.
            if (head != null) {
                toSpill(head);
                head = null;
            }
            long before = counters.counter(CounterNames.SPILLED);
            drainQueueToSpill(key);
            counters.count(CounterNames.SPILLED_AT_EXIT, counters.counter(CounterNames.SPILLED) - before);
        }
        int left = acc.discardQueued() + (head != null ? 1 : 0);
        head = null;
        for (int i = 0; i < left; i++) {
            counters.drop(DropReasons.CLOSED);
        }
        try {
            if (unavailable) {
                // Kafka is unreachable: trying would hold the exit for max.block.ms; account for the report instead.
                acc.nextSequence();
                counters.drop(DropReasons.CLOSED);
            } else {
                sendSelfMetrics(key, true);
            }
        } catch (Throwable t) {
            counters.suppressed("emitter.finish");
        }
        if (spill != null) {
            spill.close();
        }
        long remainingMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(acc.closeDeadlineNanos() - clock.nanoTime()));
        try {
            // Never reachable: a close timeout would only wait for requests to a broker that does not answer.
            sink.close(closing && everTaken ? remainingMs : 0);
        } catch (Throwable t) {
            counters.suppressed("emitter.close");
        }
    }

    /** The run to key by, or null while a driver still waits for its application id. */
    private RunRef currentRun(long nowNanos) {
        RunRef r = acc.run();
        if (r != null) {
            return r;
        }
        boolean waitOver = acc.closing() || nowNanos - acc.startNanos() >= TimeUnit.MILLISECONDS.toNanos(config.runWaitMs());
        if (!waitOver) {
            return null;
        }
        return RunRef.newBuilder().setAppId("jvm-" + acc.instanceId()).build();
    }

    private void refreshSource() {
        source.setRole(acc.role());
        source.setExecutorId(acc.executorId());
        source.setProducer(acc.producer());
    }

    /** Encodes one envelope, or counts why it cannot be sent and returns null. */
    private byte[] encode(RunRef key, long seq, long timeMicros, Object payload) {
        byte[] bytes;
        try {
            bytes = EventCodec.get().encode(new Event(key, source, seq, timeMicros, payload));
        } catch (Throwable t) {
            counters.drop(DropReasons.ENCODE_FAILED);
            return null;
        }
        if (bytes.length > sink.maxRecordBytes()) {
            counters.drop(DropReasons.TOO_LARGE);
            return null;
        }
        return bytes;
    }

    private Outcome deliver(String key, byte[] bytes) {
        try {
            sink.send(key, bytes, error -> {
                if (error == null) {
                    acc.delivered();
                } else {
                    counters.drop(DropReasons.SEND_FAILED);
                    // Which error, so "lost because the topic is not authorized" is told from an outage.
                    counters.count(CounterNames.SEND_ERROR_PREFIX + error.getClass().getSimpleName(), 1);
                }
            });
            taken();
        } catch (SinkUnavailableException unavailable) {
            return Outcome.UNAVAILABLE;
        } catch (Throwable t) {
            counters.drop(DropReasons.SEND_FAILED);
        }
        return Outcome.TAKEN;
    }

    private void sendSelfMetrics(RunRef key, boolean atShutdown) {
        if (!atShutdown && (head != null || spilling())) {
            return;
        }
        counters.max(CounterNames.QUEUE_HIGH_WATER, acc.queueDepth());
        SelfMetrics m = SelfMetrics.newBuilder()
                .setOffered(acc.offeredCount())
                .setSent(acc.sentCount())
                .setDropped(counters.droppedSnapshot())
                .setSuppressedErrors(counters.suppressedSnapshot())
                .setCounters(counters.countersSnapshot())
                .setQueueDepth(acc.queueDepth())
                .setQueueBytes(acc.queuedBytes())
                .setAtShutdown(atShutdown)
                .build();
        long seq = acc.nextSequence();
        byte[] bytes = encode(key, seq, clock.nowMicros(), m);
        if (bytes != null && deliver(key.getAppId(), bytes) == Outcome.UNAVAILABLE) {
            counters.drop(DropReasons.CLOSED);
        }
    }
}
