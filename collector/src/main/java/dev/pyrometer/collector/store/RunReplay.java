/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.event.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one loop that turns kept records back into runs: decode each record's bytes and join the
 * event into its run's {@link RunAssembler}, at its place on the topic. The collector's rebuild
 * of a run (after a restart or a rebalance) and {@link TimelineLoader#load} replay a run's stored
 * events; {@link ParquetTables#load} replays the records of spark-ingest's tables, once.
 */
public final class RunReplay {
    private final Map<String, RunAssembler> runs = new LinkedHashMap<>();
    /** When set, every record joins this run (its stored events); else each joins the run its event names. */
    private final RunAssembler only;

    private RunReplay(RunAssembler only) {
        this.only = only;
    }

    /** A replay of records of any runs (the Parquet tables). */
    static RunReplay ofRecords() {
        return new RunReplay(null);
    }

    /**
     * Decodes one record and joins it into its run. Returns the event as the store keeps it,
     * flagged duplicate when its source sent that sequence number before.
     */
    StoredEvent add(byte[] body, Origin origin) throws DecodeException {
        Event e = EventCodec.get().decode(body);
        RunAssembler a = only != null ? only : runs.computeIfAbsent(RunAssembler.runIdOf(e.getRun()), RunAssembler::new);
        boolean fresh = a.accept(e, origin);
        return new StoredEvent(a.runId(), e.getSource().getInstanceId(), e.getSeq(), e.getTimeMicros(),
                e.getPayload().getClass().getSimpleName(), origin.topic(), origin.partition(), origin.offset(), !fresh,
                body);
    }

    /** The runs joined so far, in the order their first record came. */
    Map<String, RunAssembler> runs() {
        return runs;
    }

    /**
     * A run joined again from its stored events, in their order (an empty assembler for none).
     * Only decodable events are stored: one that no longer decodes means the store was edited by
     * hand, a {@link StoreException}.
     */
    public static RunAssembler of(String runId, List<StoredEvent> events) {
        RunReplay replay = new RunReplay(new RunAssembler(runId));
        for (StoredEvent e : events) {
            try {
                replay.add(e.body(), new Origin(e.topic(), e.partition(), e.offset()));
            } catch (DecodeException ex) {
                throw new StoreException("stored event of run " + runId + " no longer decodes: " + ex.getMessage(), ex);
            }
        }
        return replay.only;
    }
}
