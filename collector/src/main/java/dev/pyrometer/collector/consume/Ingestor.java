/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.store.RejectedRecord;
import dev.pyrometer.collector.store.RunReplay;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.StoredEvent;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the event topic in a consumer group and keeps the store up to date. Per poll: decode,
 * join into the run's {@link RunAssembler} (duplicates dropped), store new events and rejects
 * in one transaction, and only then commit the offsets. A collector killed at any point
 * therefore re-reads at most the last batch, whose events the rebuilt assemblers recognise as
 * duplicates: the stored runs end up exactly as after an uninterrupted ingest. Runs are
 * rebuilt from the store when their partition is assigned or when an event of a run not in
 * memory arrives. Single-threaded: call it from one thread; {@link #wakeup()} from any.
 */
public final class Ingestor implements AutoCloseable {
    private final IngestConfig config;
    private final RunStore store;
    private final KafkaConsumer<String, byte[]> consumer;
    private final LongSupplier clockMs;
    private final Map<String, LiveRun> live = new HashMap<>();
    /** Per partition: offsets up to here are already in the store (read before a restart). */
    private final Map<Integer, Long> storedUpTo = new HashMap<>();
    private Runnable afterStoreBeforeCommit = () -> { };

    private long records;
    private long events;
    private long duplicates;
    private long rejected;
    private long reread;
    private int completedRuns;
    private boolean lastPollEmpty;
    private final long startedAtNanos = System.nanoTime();

    public Ingestor(IngestConfig config, RunStore store, LongSupplier clockMs) {
        this.config = config;
        this.store = store;
        this.clockMs = clockMs;
        this.consumer = new KafkaConsumer<>(consumerProps(config), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(config.topic()), new Rebalance());
    }

    /** The consumer's session timeout unless --kafka-property sets session.timeout.ms. */
    static final int SESSION_TIMEOUT_MS = 10_000;

    static Properties consumerProps(IngestConfig c) {
        Properties p = new Properties();
        p.putAll(c.kafkaOverrides());
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(c.maxPollRecords()));
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "pyrometer-collector");
        // A collector killed and restarted gets its partitions back only when the group gives up on
        // the dead member: 45 s with Kafka's default, 10 s here (heartbeats every 3 s, the broker's
        // floor is 6 s). A graceful stop leaves the group at once either way.
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        return p;
    }

    /** Test seam: runs between the store write and the offset commit (to simulate a crash there). */
    void afterStoreBeforeCommit(Runnable hook) {
        this.afterStoreBeforeCommit = hook;
    }

    /** Interrupts a blocking poll from another thread (shutdown). */
    public void wakeup() {
        consumer.wakeup();
    }

    /** One poll, store and commit, then completion checks. Returns the number of records read. */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<String, byte[]> batch;
        try {
            batch = consumer.poll(timeout);
        } catch (WakeupException e) {
            return 0;
        }
        long now = clockMs.getAsLong();
        List<StoredEvent> fresh = new ArrayList<>();
        List<RejectedRecord> rejects = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : batch) {
            records++;
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            handle(r, now, fresh, rejects);
        }
        store.append(fresh, rejects);
        afterStoreBeforeCommit.run();
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
        lastPollEmpty = batch.isEmpty();
        // During a backlog, refreshing live runs would rewrite their tables again and again
        // during the replay; finished runs are still saved at once.
        maintain(clockMs.getAsLong(), caughtUp(batch.count()));
        return batch.count();
    }

    /**
     * Whether this consumer is at most one poll behind the end of its partitions. A full batch
     * always means a backlog; a partial one only when Kafka says so: a fetch holds about 1 MB
     * per partition, so while replaying a topic most polls return fewer records than allowed.
     * Lag the consumer does not know yet counts as caught up (the old rule: partial batch).
     */
    private boolean caughtUp(int polled) {
        if (polled >= config.maxPollRecords()) {
            return false;
        }
        long lag = 0;
        try {
            for (TopicPartition tp : consumer.assignment()) {
                java.util.OptionalLong l = consumer.currentLag(tp);
                if (l.isPresent()) {
                    lag += l.getAsLong();
                }
            }
        } catch (RuntimeException e) {
            return true;
        }
        return lag < config.maxPollRecords();
    }

    private void handle(ConsumerRecord<String, byte[]> r, long now, List<StoredEvent> fresh, List<RejectedRecord> rejects) {
        if (r.offset() <= storedUpTo.getOrDefault(r.partition(), -1L)) {
            reread++;
            return;
        }
        byte[] body = r.value();
        Event event;
        try {
            event = EventCodec.get().decode(body);
        } catch (DecodeException e) {
            rejected++;
            int size = body == null ? 0 : body.length;
            byte[] kept = body == null || body.length <= RejectedRecord.MAX_KEPT_BYTES ? body
                    : java.util.Arrays.copyOf(body, RejectedRecord.MAX_KEPT_BYTES);
            rejects.add(new RejectedRecord(r.topic(), r.partition(), r.offset(), e.reason().name(), e.getMessage(),
                    r.key(), size, kept, now, null));
            return;
        }
        String runId = RunAssembler.runIdOf(event.getRun());
        LiveRun run = live.get(runId);
        if (run == null) {
            run = rebuild(runId, r.partition(), now);
        }
        boolean isNew = run.assembler.accept(event, new Origin(r.topic(), r.partition(), r.offset()));
        if (isNew) {
            events++;
        } else {
            duplicates++;
        }
        fresh.add(new StoredEvent(runId, event.getSource().getInstanceId(), event.getSeq(), event.getTimeMicros(),
                event.getPayload().getClass().getSimpleName(), r.topic(), r.partition(), r.offset(), !isNew, body));
        run.touched(now);
    }

    /** Loads what the store already holds of a run (nothing for a new run). */
    private LiveRun rebuild(String runId, int partitionHint, long now) {
        List<StoredEvent> stored = store.events(runId);
        int partition = partitionHint >= 0 || stored.isEmpty() ? partitionHint : stored.get(0).partition();
        LiveRun run = new LiveRun(RunReplay.of(runId, stored), partition, now);
        run.touched(now);
        run.dirty = run.assembler.eventCount() > 0;
        live.put(runId, run);
        return run;
    }

    /** Saves finished runs (and drops them from memory) and refreshes running ones now and then. */
    private void maintain(long now, boolean caughtUp) {
        Iterator<Map.Entry<String, LiveRun>> it = live.entrySet().iterator();
        while (it.hasNext()) {
            LiveRun run = it.next().getValue();
            RunStatus status = config.completion().status(run.appEndSeenAtMs, run.lastEventAtMs, now);
            if (status != RunStatus.RUNNING) {
                store.saveRun(run.assembler.timeline(status), run.partition);
                completedRuns++;
                it.remove();
            } else if (caughtUp && run.dirty
                    && (run.lastSavedAtMs < 0 || now - run.lastSavedAtMs >= config.saveInterval().toMillis())) {
                store.saveRun(run.assembler.timeline(RunStatus.RUNNING), run.partition);
                run.lastSavedAtMs = now;
                run.dirty = false;
            }
        }
    }

    /** True when the last poll returned nothing and no run is waiting for completion. */
    public boolean drained() {
        return lastPollEmpty && live.isEmpty();
    }

    public int completedRuns() {
        return completedRuns;
    }

    public IngestProgress progress() {
        long lag = 0;
        try {
            for (TopicPartition tp : consumer.assignment()) {
                java.util.OptionalLong l = consumer.currentLag(tp);
                if (l.isEmpty()) {
                    lag = -1;
                    break;
                }
                lag += l.getAsLong();
            }
        } catch (RuntimeException e) {
            lag = -1;
        }
        double secs = Math.max(1e-3, (System.nanoTime() - startedAtNanos) / 1e9);
        return new IngestProgress(records, events, duplicates, rejected, reread, live.size(), completedRuns, lag,
                events / secs);
    }

    /** Leaves without saving anything more, as a crash would (tests). */
    void abandon() {
        live.clear();
        consumer.close(Duration.ZERO);
    }

    /** Saves the runs still open (as running: a later collector completes them) and leaves the group. */
    @Override
    public void close() {
        try {
            for (LiveRun run : live.values()) {
                if (run.dirty) {
                    store.saveRun(run.assembler.timeline(RunStatus.RUNNING), run.partition);
                }
            }
            live.clear();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Keeps memory to the assigned partitions: their open runs are rebuilt, revoked ones saved and dropped. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<Integer> gone = new TreeSet<>();
            partitions.forEach(tp -> gone.add(tp.partition()));
            gone.forEach(storedUpTo::remove);
            live.values().removeIf(run -> {
                if (!gone.contains(run.partition)) {
                    return false;
                }
                store.saveRun(run.assembler.timeline(RunStatus.RUNNING), run.partition);
                return true;
            });
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            long now = clockMs.getAsLong();
            Set<Integer> added = new TreeSet<>();
            partitions.forEach(tp -> added.add(tp.partition()));
            for (int p : added) {
                storedUpTo.put(p, store.maxStoredOffset(config.topic(), p));
            }
            for (String runId : store.openRuns(added)) {
                if (!live.containsKey(runId)) {
                    rebuild(runId, -1, now);
                }
            }
        }
    }
}
