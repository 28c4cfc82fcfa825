/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.wire;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * The reasons an event is dropped, as they appear in {@code SelfMetrics.dropped}: the one list
 * every producer counts with and the collector reads, so renaming a reason is a compile error
 * rather than a wrong loss report. The emitter's reasons are given to an event that already
 * took a sequence number (the collector finds the gap and explains it with the count), except
 * the {@link #UNNUMBERED} ones; the agent's own reasons ({@link #AGENT_PREFIX}) are given
 * before an event reaches the emitter. Neither of those may be subtracted from the gaps:
 * {@link #numbered} tells them apart.
 */
public final class DropReasons {
    private DropReasons() {
    }

    // ---- the emitter ----
    /** The queue held its most events. */
    public static final String QUEUE_FULL = "queue_full";
    /** The queue held its most estimated bytes. */
    public static final String BYTES_FULL = "bytes_full";
    /** Kafka refused or failed the record (the error's class is counted as {@link CounterNames#SEND_ERROR_PREFIX}). */
    public static final String SEND_FAILED = "send_failed";
    /** The payload could not be encoded. */
    public static final String ENCODE_FAILED = "encode_failed";
    /** Encoded, larger than Kafka's largest record. */
    public static final String TOO_LARGE = "too_large";
    /** Still queued, or held for a Kafka that was away, when the emitter closed. */
    public static final String CLOSED = "closed";
    /** offer() failed after taking a sequence number (an error inside the emitter, also counted as suppressed). */
    public static final String OFFER_FAILED = "offer_failed";
    /** Meant to be on, but the Kafka producer could not be created; takes no sequence number. */
    public static final String DISABLED = "disabled";
    /** Offered after the final report was built; takes no sequence number. */
    public static final String AFTER_FINAL_REPORT = "after_final_report";

    // ---- the emitter's spill ----
    /** The spill directory reached its byte budget: the oldest spilled events were deleted. */
    public static final String SPILL_FULL = "spill_full";
    /** An event could not be written to the spill. */
    public static final String SPILL_FAILED = "spill_failed";

    // ---- the agent: its own bounded hand-offs, before the emitter ----
    /** Every agent reason starts with this; the collector lists them apart from the emitter's. */
    public static final String AGENT_PREFIX = "agent.";
    public static final String AGENT_PY4J_OUTLIER_QUEUE_FULL = AGENT_PREFIX + "py4j.outlier_queue_full";
    public static final String AGENT_SERIALIZER_FAILURE_QUEUE_FULL = AGENT_PREFIX + "serializer.failure_queue_full";
    public static final String AGENT_SIGHTINGS_QUEUE_FULL = AGENT_PREFIX + "sightings.queue_full";
    public static final String AGENT_SIGHTINGS_FULL = AGENT_PREFIX + "sightings.full";
    public static final String AGENT_SIGHTINGS_EXITS_FULL = AGENT_PREFIX + "sightings.exits_full";
    public static final String AGENT_PYTHON_RUNNER_TASKS_FULL = AGENT_PREFIX + "python_runner.tasks_full";
    /** A Py4J call that ended after the agent's final export. */
    public static final String AGENT_PY4J_AFTER_FINAL_EXPORT = AGENT_PREFIX + "py4j.after_final_export";

    /** The emitter's reasons given to events that never took a sequence number. */
    public static final Set<String> UNNUMBERED = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(DISABLED, AFTER_FINAL_REPORT)));

    /** Whether events dropped for {@code reason} took a sequence number (and so left a gap the count explains). */
    public static boolean numbered(String reason) {
        return !UNNUMBERED.contains(reason) && !reason.startsWith(AGENT_PREFIX);
    }
}
