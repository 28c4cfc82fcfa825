/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where runs live. The raw events are the source of truth (a timeline is rebuilt from them
 * after a restart); the derived tables are written for people who query with SQL.
 * Implementations: {@link DuckDbRunStore} (embedded file, default) and {@link PostgresRunStore}.
 */
public interface RunStore extends AutoCloseable {

    /** Stores new events and rejects in one transaction; when it returns, they are durable. */
    void append(List<StoredEvent> events, List<RejectedRecord> rejects);

    /** The stored events of a run, in no particular order (empty for an unknown run). */
    List<StoredEvent> events(String runId);

    /** Replaces the run's row and its derived rows (jobs, stages, tasks ...) in one transaction. */
    void saveRun(RunTimeline timeline, int partition);

    /**
     * The timeline of a run this store already holds built, else empty (then it is rebuilt from
     * the events): a store read once from spark-ingest's tables keeps the timelines its load built.
     */
    default Optional<RunTimeline> heldTimeline(String runId) {
        return Optional.empty();
    }

    /** Runs whose events came from one of these partitions and that are not finished. */
    List<String> openRuns(Collection<Integer> partitions);

    /**
     * Highest offset of this partition already stored (as event or reject), -1 for none: records
     * up to it are re-reads after a restart, not new data.
     */
    long maxStoredOffset(String topic, int partition);

    /** Every run, newest first. */
    List<RunSummary> runs();

    Optional<RunSummary> run(String runId);

    /** Undecodable and inconsistent records, oldest first. */
    List<RejectedRecord> rejects();

    @Override
    void close();
}
