/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.Source;
import dev.pyrometer.wire.DropReasons;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one event emitter of a JVM: the façade every component calls, and the accumulator behind
 * it. {@link #offer} never blocks and never throws: it stamps the payload with a sequence number
 * and time and puts it in a bounded queue (bounded in events and estimated bytes). The
 * {@link SenderLoop}, on a named daemon thread, owns everything after the queue: the Kafka
 * producer, the envelope, encoding, the spill and the reports. Every loss is counted in
 * {@link #counters()} and reported in periodic {@link SelfMetrics} events.
 *
 * <p>Threads: any thread may call the public methods. The emitter's mutable state is the queue
 * and its byte budget, the counters (all atomic), the identity fields (volatile, written rarely)
 * and {@link #state}, the one lifecycle field; the sender thread alone owns what
 * {@link SenderLoop} holds.
 */
public final class Emitter {
    private static final int DEFAULT_SIZE_HINT = 256;
    /** At most this much of a close's time is kept for the final flush ({@link #finalFlushReserveMs}). */
    static final long FINAL_FLUSH_RESERVE_MS = 1_000;

    /** Accepting offers. */
    static final int OPEN = 0;
    /** {@link #close} was called: still accepting while the sender drains, within the flush timeout. */
    static final int CLOSING = 1;
    /** The sender has begun its final report: offers are dropped without taking a sequence number. */
    static final int SEALED = 2;
    /** Off by configuration, or the sink could not be created: offers are dropped (counted when it was meant to be on). */
    static final int DISABLED = 3;

    private final EmitterConfig config;
    private final MicroClock clock;
    private final LossCounters counters = new LossCounters();
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    /** The lifecycle: OPEN, then CLOSING and SEALED; DISABLED from the start or after a failed start. */
    private final AtomicInteger state;
    /**
     * Offers past their first look at {@link #state} and not yet done with the queue (as Kafka's
     * RecordAccumulator counts appends in progress). An offer counts itself in, then reads the
     * state again; the sender, having sealed, waits for this to reach zero before it counts what
     * is left, so no numbered event slips past the final report. Offers that see the seal at
     * their first look never count themselves in, so the wait only ever shrinks.
     */
    private final AtomicInteger offersInProgress = new AtomicInteger();
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private final List<String> components = Collections.synchronizedList(new ArrayList<String>());
    /** What a component still has to offer when the emitter closes; run once, first thing in {@link #close(long)}. */
    private final List<Runnable> beforeClose = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean beforeCloseRan = new AtomicBoolean();
    private final List<ShutdownWait> shutdownWaits = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** "listener+agent": rebuilt when a component is added, read by the sender for every event. */
    private volatile String producer = "";
    private final long startNanos;
    private final Thread sender;

    private volatile RunRef run;
    private volatile Role role = Role.OTHER;
    private volatile String executorId;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    /** When the sender stops waiting for the queue to go idle: before the deadline, by {@link #FINAL_FLUSH_RESERVE_MS}. */
    private volatile long closeStopWaitingNanos = Long.MAX_VALUE;
    private volatile long lastOfferNanos;

    /** One offered payload, numbered and stamped, waiting for the sender. */
    static final class Pending {
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
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(config.queueEvents());
        this.startNanos = clock.nanoTime();
        this.state = new AtomicInteger(config.enabled() ? OPEN : DISABLED);
        this.sender = new Thread(new SenderLoop(this, sinkFactory), "pyrometer-emitter-sender");
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
        try {
            int st = state.get();
            if (st >= SEALED) {
                return refuse(st);
            }
            offersInProgress.incrementAndGet();
            try {
                // Read again now that the sender would wait for this offer: sealed since, it takes no number.
                st = state.get();
                return st >= SEALED ? refuse(st) : accept(st, payload, sizeHint);
            } finally {
                offersInProgress.decrementAndGet();
            }
        } catch (Throwable t) {
            counters.suppressed("emitter.offer");
            return false;
        }
    }

    /** An offer when the emitter is sealed or disabled: counted, without a sequence number. */
    private boolean refuse(int st) {
        if (st == DISABLED) {
            if (config.enabled()) {
                counters.drop(DropReasons.DISABLED);
            }
            return false;
        }
        offered.incrementAndGet();
        // After the final report: no sequence number, so the collector's gap arithmetic is not touched.
        counters.drop(DropReasons.AFTER_FINAL_REPORT);
        return false;
    }

    /** Numbers the payload and queues it within both budgets; every numbered event ends sent or counted. */
    private boolean accept(int st, Object payload, int sizeHint) {
        offered.incrementAndGet();
        long s = seq.getAndIncrement();
        try {
            int size = Math.max(16, sizeHint);
            if (st == CLOSING && !sender.isAlive()) {
                counters.drop(DropReasons.CLOSED);
                return false;
            }
            long bytes = queuedBytes.addAndGet(size);
            if (bytes > config.queueBytes()) {
                queuedBytes.addAndGet(-size);
                counters.drop(DropReasons.BYTES_FULL);
                return false;
            }
            if (!queue.offer(new Pending(payload, s, clock.nowMicros(), size))) {
                queuedBytes.addAndGet(-size);
                counters.drop(DropReasons.QUEUE_FULL);
                return false;
            }
            lastOfferNanos = clock.nanoTime();
            return true;
        } catch (Throwable t) {
            counters.suppressed("emitter.offer");
            counters.drop(DropReasons.OFFER_FAILED);
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

    /**
     * Something the emitter's own shutdown hook waits for before it closes: JVM shutdown hooks run
     * in no order, and Spark's (which stops the SparkContext and so posts the application's end)
     * runs beside ours. Called with the time left of the flush timeout; returns when what it waits
     * for happened or the time is up. Runs on the hook's thread, never on a Spark thread.
     */
    @FunctionalInterface
    public interface ShutdownWait {
        void await(long timeoutNanos) throws InterruptedException;
    }

    /** Adds a {@link ShutdownWait}; explicit {@link #close} calls do not wait for it, only the shutdown hook. */
    public void atShutdownAwait(ShutdownWait wait) {
        shutdownWaits.add(wait);
    }

    /**
     * The shutdown hook's close: waits for each {@link ShutdownWait} within the flush timeout, then
     * closes with what is left of it, so the whole takes no longer than a plain {@link #close}.
     */
    public void closeAtShutdown() {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.flushTimeoutMs());
        long deadline = clock.nanoTime() + timeoutNanos;
        for (ShutdownWait w : shutdownWaits) {
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                w.await(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                counters.suppressed("emitter.shutdown_wait");
            }
        }
        close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - clock.nanoTime())));
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
        return state.get() == DISABLED;
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
        if (state.get() == OPEN) {
            // The deadline is written before the state: the sender reads them in the other order.
            long now = clock.nanoTime();
            closeStopWaitingNanos = now + TimeUnit.MILLISECONDS.toNanos(timeoutMs - finalFlushReserveMs(timeoutMs));
            closeDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            state.compareAndSet(OPEN, CLOSING);
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

    // ---- the accumulator's side, for the sender loop (package-private; the sender thread only) ----

    EmitterConfig config() {
        return config;
    }

    MicroClock clock() {
        return clock;
    }

    String producer() {
        return producer;
    }

    String executorId() {
        return executorId;
    }

    long startNanos() {
        return startNanos;
    }

    long closeDeadlineNanos() {
        return closeDeadlineNanos;
    }

    long closeStopWaitingNanos() {
        return closeStopWaitingNanos;
    }

    /**
     * The part of a close's time kept for delivering the final report and what precedes it: events
     * that never pause during a slow shutdown (the agent's samplers) keep the sender from ever seeing
     * the queue idle, and without a reserve it reached the deadline and closed Kafka's producer with
     * 0 ms left, losing the final report it had just sent.
     */
    static long finalFlushReserveMs(long timeoutMs) {
        return Math.min(FINAL_FLUSH_RESERVE_MS, timeoutMs / 4);
    }

    long lastOfferNanos() {
        return lastOfferNanos;
    }

    /** Whether {@link #close} was called (the sender drains, then stops). */
    boolean closing() {
        int st = state.get();
        return st == CLOSING || st == SEALED;
    }

    Pending poll(long timeoutMs) throws InterruptedException {
        return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    Pending poll() {
        return queue.poll();
    }

    boolean queueEmpty() {
        return queue.isEmpty();
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    /** Gives back the byte budget of an event that left the queue's accounting (sent, spilled or counted). */
    void release(int size) {
        queuedBytes.addAndGet(-size);
    }

    /** Numbers an event the sender makes itself (its reports), counted as offered like any other. */
    long nextSequence() {
        offered.incrementAndGet();
        return seq.getAndIncrement();
    }

    /** Kafka acknowledged one record. */
    void delivered() {
        sent.incrementAndGet();
    }

    /**
     * Moves to {@code next} (SEALED, or DISABLED after a failed start) and returns once every
     * offer that saw the state before is done: from then on the queue only shrinks.
     */
    void quiesce(int next) {
        state.set(next);
        // Bounded: only offers that looked before the line above are counted, and none blocks.
        while (offersInProgress.get() > 0) {
            Thread.yield();
        }
    }

    /** Empties the queue (after {@link #quiesce}); returns how many events it held. */
    int discardQueued() {
        int n = 0;
        while (queue.poll() != null) {
            n++;
        }
        queuedBytes.set(0);
        return n;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\r\\n]+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
