/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.Source;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one event emitter of a JVM. {@link #offer} never blocks and never throws: it stamps the
 * payload with a sequence number and time and puts it in a bounded queue (bounded in events
 * and estimated bytes). A named daemon thread owns the Kafka producer, wraps payloads in the
 * {@link Event} envelope, encodes and sends them keyed by the run. Every loss is counted in
 * {@link #counters()} and reported in periodic {@link SelfMetrics} events.
 */
public final class Emitter {
    private static final int DEFAULT_SIZE_HINT = 256;
    private static final long IDLE_BEFORE_CLOSE_MS = 200;
    private static final long RETRY_PAUSE_MS = 100;
    /** Kafka never reachable for this long (and never before): at close it is taken as absent, not slow. */
    private static final long ABSENT_AFTER_MS = 5_000;

    private final EmitterConfig config;
    private final RecordSink.Factory sinkFactory;
    private final MicroClock clock;
    private final LossCounters counters = new LossCounters();
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private final List<String> components = Collections.synchronizedList(new ArrayList<String>());
    /** What a component still has to offer when the emitter closes; run once, first thing in {@link #close(long)}. */
    private final List<Runnable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean beforeCloseRan = new java.util.concurrent.atomic.AtomicBoolean();
    /** "listener+agent": rebuilt when a component is added, read by the sender for every event. */
    private volatile String producer = "";
    private final long startNanos;
    private final Thread sender;

    private volatile RunRef run;
    private volatile Role role = Role.OTHER;
    private volatile String executorId;
    private volatile boolean disabled;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    private volatile boolean closing;
    /** Set when the sender starts its final report: later offers are dropped without taking a sequence number. */
    private volatile boolean sealed;
    private volatile long lastOfferNanos;
    /** An encoded event the sink could not take yet; only the sender thread touches it. */
    private Encoded head;
    /** Local spill while Kafka is away, when configured; only the sender thread touches it. */
    private Spill spill;
    private long nextProbeNanos;
    /** Whether Kafka ever took a record from this JVM; only the sender thread touches it. */
    private boolean everTaken;
    /** Since when (nanoTime) every delivery attempt found Kafka unreachable, -1 while it takes records. */
    private long unavailableSinceNanos = -1;

    private static final class Pending {
        final Object payload;
        final long seq;
        final long timeMicros;
        final int size;

        Pending(Object payload, long seq, long timeMicros, int size) {
            this.payload = payload;
            this.seq = seq;
            this.timeMicros = timeMicros;
            this.size = size;
        }
    }

    Emitter(EmitterConfig config, RecordSink.Factory sinkFactory, MicroClock clock) {
        this.config = config;
        this.sinkFactory = sinkFactory;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueEvents());
        this.startNanos = clock.nanoTime();
        this.disabled = !config.enabled();
        this.sender = new Thread(this::runSender, "pyrometer-emitter-sender");
        this.sender.setDaemon(true);
    }

    /** A started emitter sending to Kafka. Prefer {@link SharedEmitter} so a JVM has one. */
    public static Emitter start(EmitterConfig config) {
        return start(config, KafkaRecordSink.FACTORY, MicroClock.SYSTEM);
    }

    /** A started emitter with an injected sink and clock (tests). */
    public static Emitter start(EmitterConfig config, RecordSink.Factory sinkFactory, MicroClock clock) {
        Emitter e = new Emitter(config, sinkFactory, clock);
        if (config.enabled()) {
            e.sender.start();
        }
        return e;
    }

    /** Offers a payload with the default size estimate. */
    public boolean offer(Object payload) {
        return offer(payload, DEFAULT_SIZE_HINT);
    }

    /**
     * Offers one payload (an instance of a type in the {@link Event} payload union).
     * Returns false when it was dropped; never blocks, never throws.
     *
     * @param sizeHint estimated encoded bytes, e.g. the length of the strings it carries
     */
    public boolean offer(Object payload, int sizeHint) {
        boolean numbered = false;
        try {
            if (disabled) {
                if (config.enabled()) {
                    counters.drop(LossCounters.DISABLED);
                }
                return false;
            }
            offered.incrementAndGet();
            if (sealed) {
                // After the final report: no sequence number, so the collector's gap arithmetic is not touched.
                counters.drop(LossCounters.AFTER_FINAL_REPORT);
                return false;
            }
            // Every event that takes a sequence number ends exactly one way: sent, or counted in one drop reason.
            long s = seq.getAndIncrement();
            numbered = true;
            int size = Math.max(16, sizeHint);
            if (!sender.isAlive() && closing) {
                counters.drop(LossCounters.CLOSED);
                return false;
            }
            long bytes = queuedBytes.addAndGet(size);
            if (bytes > config.queueBytes()) {
                queuedBytes.addAndGet(-size);
                counters.drop(LossCounters.BYTES_FULL);
                return false;
            }
            if (!queue.offer(new Pending(payload, s, clock.nowMicros(), size))) {
                queuedBytes.addAndGet(-size);
                counters.drop(LossCounters.QUEUE_FULL);
                return false;
            }
            numbered = false;
            lastOfferNanos = clock.nanoTime();
            return true;
        } catch (Throwable t) {
            counters.suppressed("emitter.offer");
            if (numbered) {
                counters.drop(LossCounters.OFFER_FAILED);
            }
            return false;
        }
    }

    /** Sets the run every later-sent event is keyed by; events held while it was unknown go out under it. */
    public void setRun(RunRef run) {
        if (run != null && run.getAppId() != null && !run.getAppId().isEmpty()) {
            this.run = run;
            LockSupport.unpark(sender);
        }
    }

    public RunRef run() {
        return run;
    }

    /** Who this JVM is; the first non-OTHER role wins. */
    public void identify(Role role, String executorId) {
        if (role != null && (this.role == Role.OTHER || this.role == null)) {
            this.role = role;
        }
        if (executorId != null && this.executorId == null) {
            this.executorId = executorId;
        }
    }

    public Role role() {
        return role;
    }

    /**
     * Runs {@code flush} when the emitter closes, before its final report: what a component
     * aggregates and exports on its own schedule (the agent's Py4J and serializer intervals) is
     * offered while the emitter still sends, instead of racing the emitter's own shutdown hook
     * (JVM shutdown hooks run in no order) and arriving after the final report. It must only
     * offer, never block.
     */
    public void beforeClose(Runnable flush) {
        beforeClose.add(flush);
    }

    /** Records that a component (listener, agent) uses this emitter; shown in {@link Source#getProducer()}. */
    public void addComponent(String name) {
        synchronized (components) {
            if (!components.contains(name)) {
                components.add(name);
                producer = String.join("+", components);
            }
        }
    }

    public String instanceId() {
        return instanceId;
    }

    public LossCounters counters() {
        return counters;
    }

    public long sentCount() {
        return sent.get();
    }

    public long offeredCount() {
        return offered.get();
    }

    public int queueDepth() {
        return queue.size();
    }

    public boolean isDisabled() {
        return disabled;
    }

    /**
     * Stops accepting work after delivering what is queued (and what arrives meanwhile), within
     * the flush timeout; never waits longer. Idempotent.
     */
    public void close() {
        close(config.flushTimeoutMs());
    }

    public void close(long timeoutMs) {
        if (beforeCloseRan.compareAndSet(false, true)) {
            for (Runnable r : beforeClose) {
                try {
                    r.run();
                } catch (Throwable t) {
                    counters.suppressed("emitter.before_close");
                }
            }
        }
        if (!closing) {
            closeDeadlineNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            closing = true;
        }
        LockSupport.unpark(sender);
        if (sender.isAlive() && Thread.currentThread() != sender) {
            try {
                sender.join(timeoutMs + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- sender thread ----

    /** An encoded record the sink could not take yet; only the sender thread touches it. */
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

    private void runSender() {
        RecordSink sink;
        Source source;
        try {
            source = Source.newBuilder()
                    .setRole(role).setExecutorId(executorId)
                    .setHost(HostFacts.hostName()).setPid(HostFacts.pid())
                    .setInstanceId(instanceId).setProducer("")
                    .build();
            spill = openSpill();
            sink = sinkFactory.create(config, "pyrometer-" + instanceId.substring(0, 8));
        } catch (Throwable t) {
            disabled = true;
            counters.suppressed("emitter.start");
            HostLog.warn("Kafka producer could not be created (" + t.getClass().getSimpleName() + ": " + oneLine(t.getMessage())
                    + "); events will be counted as dropped");
            long n = queue.size();
            queue.clear();
            queuedBytes.set(0);
            for (long i = 0; i < n; i++) {
                counters.drop(LossCounters.DISABLED);
            }
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
                if (spilling()) {
                    replayOne(sink, refresh(source), key);
                } else {
                    sendNext(sink, refresh(source), key);
                }
                if (clock.nanoTime() >= nextSelfMetrics) {
                    sendSelfMetrics(sink, refresh(source), key, false);
                    nextSelfMetrics = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.selfMetricsIntervalMs());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            counters.suppressed("emitter.sender");
        }
        finish(sink, refresh(source));
    }

    private boolean readyToStop(long now) {
        if (!closing) {
            return false;
        }
        boolean drained = head == null && queue.isEmpty() && !spilling()
                && now - lastOfferNanos >= TimeUnit.MILLISECONDS.toNanos(IDLE_BEFORE_CLOSE_MS);
        // Kafka never reachable in this JVM's life (the broker absent for the whole run): waiting out
        // the flush timeout would only delay the exit; stop now, what is left is counted (or stays
        // in the spill). A broker that was reachable before, or a first metadata fetch that is just
        // slow, is still waited for up to the flush timeout.
        boolean absent = !everTaken && unavailableSinceNanos >= 0
                && now - unavailableSinceNanos >= TimeUnit.MILLISECONDS.toNanos(ABSENT_AFTER_MS);
        return drained || absent || now >= closeDeadlineNanos;
    }

    private Spill openSpill() {
        if (config.spillDir().isEmpty()) {
            return null;
        }
        try {
            return new Spill(new java.io.File(config.spillDir()), instanceId, config.spillMaxBytes(), counters);
        } catch (Throwable t) {
            counters.suppressed("emitter.spill.open");
            HostLog.warn("spill directory '" + config.spillDir() + "' is not usable (" + oneLine(String.valueOf(t.getMessage()))
                    + "); events are dropped while Kafka is away");
            return null;
        }
    }

    private boolean spilling() {
        return spill != null && !spill.isEmpty();
    }

    /** Normal path: the oldest waiting event (the held one first) goes to the sink. */
    private void sendNext(RecordSink sink, Source source, RunRef key) throws InterruptedException {
        Encoded e = head;
        head = null;
        if (e == null) {
            Pending p = queue.poll(50, TimeUnit.MILLISECONDS);
            if (p == null) {
                return;
            }
            byte[] bytes = encode(key, source, p.seq, p.timeMicros, p.payload, sink);
            if (bytes == null) {
                queuedBytes.addAndGet(-p.size);
                return;
            }
            e = new Encoded(key.getAppId(), bytes, p.size);
        }
        if (deliver(sink, e.key, e.bytes) == Outcome.TAKEN) {
            taken();
            queuedBytes.addAndGet(-e.queuedSize);
            return;
        }
        unavailable();
        counters.count("send_retries", 1);
        if (spill != null) {
            // Kafka is away: move the held event and everything queued to the local spill, in order.
            toSpill(e);
            drainQueueToSpill(key, source, sink);
            nextProbeNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS);
        } else {
            // Keep the event and retry; the bounded queue behind it turns new events away (counted).
            head = e;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS));
        }
    }

    /** While anything is spilled, new events join the spill behind it and the oldest is retried. */
    private void replayOne(RecordSink sink, Source source, RunRef key) throws java.io.IOException, InterruptedException {
        drainQueueToSpill(key, source, sink);
        if (clock.nanoTime() < nextProbeNanos) {
            // Kafka was away a moment ago: keep the queue empty (on disk) and probe again shortly.
            Pending p = queue.poll(10, TimeUnit.MILLISECONDS);
            if (p != null) {
                spillPending(p, key, source, sink);
            }
            return;
        }
        Spill.Record r = spill.peek();
        if (r == null) {
            return;
        }
        if (deliver(sink, r.key, r.value) == Outcome.TAKEN) {
            taken();
            spill.pop();
            counters.count("replayed", 1);
        } else {
            unavailable();
            counters.count("send_retries", 1);
            nextProbeNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS);
        }
        counters.set("spill_bytes", spill.bytes());
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

    private void drainQueueToSpill(RunRef key, Source source, RecordSink sink) {
        Pending p;
        while ((p = queue.poll()) != null) {
            spillPending(p, key, source, sink);
        }
        counters.set("spill_bytes", spill == null ? 0 : spill.bytes());
    }

    private void spillPending(Pending p, RunRef key, Source source, RecordSink sink) {
        queuedBytes.addAndGet(-p.size);
        byte[] bytes = encode(key, source, p.seq, p.timeMicros, p.payload, sink);
        if (bytes != null) {
            toSpill(new Encoded(key.getAppId(), bytes, p.size));
        }
    }

    private void toSpill(Encoded e) {
        try {
            spill.append(e.key, e.bytes);
        } catch (Throwable t) {
            counters.drop("spill_failed");
        }
    }

    private void finish(RecordSink sink, Source source) {
        RunRef key = currentRun(Long.MAX_VALUE);
        sealed = true;
        // An offer() that read sealed == false a moment ago is a few instructions from queueing its
        // event; give it that moment so the drain below counts it before the final report is built.
        long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        while (System.nanoTime() < settle) {
            Thread.yield();
        }
        boolean unavailable = head != null || spilling();
        if (spill != null) {
            // What Kafka did not take stays on disk; a later JVM using the same spill directory replays it.
            if (head != null) {
                toSpill(head);
                head = null;
            }
            long before = counters.counter("spilled");
            drainQueueToSpill(key, source, sink);
            counters.count("spilled_at_exit", counters.counter("spilled") - before);
        }
        int left = queue.size() + (head != null ? 1 : 0);
        head = null;
        queue.clear();
        queuedBytes.set(0);
        for (int i = 0; i < left; i++) {
            counters.drop(LossCounters.CLOSED);
        }
        try {
            if (unavailable) {
                // Kafka is unreachable: trying would hold the exit for max.block.ms; account for the report instead.
                offered.incrementAndGet();
                seq.getAndIncrement();
                counters.drop(LossCounters.CLOSED);
            } else {
                sendSelfMetrics(sink, source, key, true);
            }
        } catch (Throwable t) {
            counters.suppressed("emitter.finish");
        }
        if (spill != null) {
            spill.close();
        }
        long remainingMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(closeDeadlineNanos - clock.nanoTime()));
        try {
            // Never reachable: a close timeout would only wait for requests to a broker that does not answer.
            sink.close(closing && everTaken ? remainingMs : 0);
        } catch (Throwable t) {
            counters.suppressed("emitter.close");
        }
    }

    /** The run to key by, or null while a driver still waits for its application id. */
    private RunRef currentRun(long nowNanos) {
        RunRef r = run;
        if (r != null) {
            return r;
        }
        boolean waitOver = closing || nowNanos - startNanos >= TimeUnit.MILLISECONDS.toNanos(config.runWaitMs());
        if (!waitOver) {
            return null;
        }
        return RunRef.newBuilder().setAppId("jvm-" + instanceId).build();
    }

    private Source refresh(Source source) {
        source.setRole(role);
        source.setExecutorId(executorId);
        source.setProducer(producer);
        return source;
    }

    /** Encodes one envelope, or counts why it cannot be sent and returns null. */
    private byte[] encode(RunRef key, Source source, long s, long timeMicros, Object payload, RecordSink sink) {
        byte[] bytes;
        try {
            bytes = EventCodec.get().encode(new Event(key, source, s, timeMicros, payload));
        } catch (Throwable t) {
            counters.drop(LossCounters.ENCODE_FAILED);
            return null;
        }
        if (bytes.length > sink.maxRecordBytes()) {
            counters.drop(LossCounters.TOO_LARGE);
            return null;
        }
        return bytes;
    }

    private Outcome deliver(RecordSink sink, String key, byte[] bytes) {
        try {
            sink.send(key, bytes, error -> {
                if (error == null) {
                    sent.incrementAndGet();
                } else {
                    counters.drop(LossCounters.SEND_FAILED);
                    // Which error, so "lost because the topic is not authorized" is told from an outage.
                    counters.count("send_error." + error.getClass().getSimpleName(), 1);
                }
            });
            taken();
        } catch (SinkUnavailableException unavailable) {
            return Outcome.UNAVAILABLE;
        } catch (Throwable t) {
            counters.drop(LossCounters.SEND_FAILED);
        }
        return Outcome.TAKEN;
    }

    private void sendSelfMetrics(RecordSink sink, Source source, RunRef key, boolean atShutdown) {
        if (!atShutdown && (head != null || spilling())) {
            return;
        }
        counters.max("queue_high_water", queue.size());
        SelfMetrics m = SelfMetrics.newBuilder()
                .setOffered(offered.get())
                .setSent(sent.get())
                .setDropped(counters.droppedSnapshot())
                .setSuppressedErrors(counters.suppressedSnapshot())
                .setCounters(counters.countersSnapshot())
                .setQueueDepth(queue.size())
                .setQueueBytes(queuedBytes.get())
                .setAtShutdown(atShutdown)
                .build();
        offered.incrementAndGet();
        byte[] bytes = encode(key, source, seq.getAndIncrement(), clock.nowMicros(), m, sink);
        if (bytes != null && deliver(sink, key.getAppId(), bytes) == Outcome.UNAVAILABLE) {
            counters.drop(LossCounters.CLOSED);
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\r\\n]+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
