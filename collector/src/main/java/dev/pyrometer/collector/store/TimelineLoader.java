/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.List;
import java.util.Optional;

/** Rebuilds a run's full timeline from the events the store holds (reports, exports, the server). */
public final class TimelineLoader {
    private TimelineLoader() {
    }

    public static Optional<RunTimeline> load(RunStore store, String runId) {
        List<StoredEvent> events = store.events(runId);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        RunAssembler a = new RunAssembler(runId);
        for (StoredEvent e : events) {
            try {
                a.accept(EventCodec.get().decode(e.body()), new Origin(e.topic(), e.partition(), e.offset()));
            } catch (DecodeException ex) {
                throw new StoreException("stored event of run " + runId + " no longer decodes: " + ex.getMessage(), ex);
            }
        }
        RunStatus status = store.run(runId).map(r -> RunStatus.valueOf(r.status())).orElse(RunStatus.RUNNING);
        return Optional.of(a.timeline(status));
    }
}
