/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rebuilds a run's full timeline from the events the store holds (reports, exports, the server). */
public final class TimelineLoader {
    private TimelineLoader() {
    }

    public static Optional<RunTimeline> load(RunStore store, String runId) {
        Optional<RunTimeline> held = store.heldTimeline(runId);
        if (held.isPresent()) {
            return held;
        }
        List<StoredEvent> events = store.events(runId);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        RunAssembler a = RunReplay.of(runId, events);
        RunStatus status = store.run(runId).map(r -> RunStatus.valueOf(r.status())).orElse(RunStatus.RUNNING);
        return Optional.of(a.timeline(status));
    }

    /** Every stored run that carries this series label ({@code spark.pyrometer.series}). */
    public static List<RunTimeline> series(RunStore store, String series) {
        List<RunTimeline> out = new ArrayList<>();
        for (RunSummary r : store.runs()) {
            if (series.equals(r.series())) {
                load(store, r.runId()).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The scale-up of the run's series, or null when the run has no series label or no other stored run shares it. */
    public static ScaleUp seriesOf(RunStore store, RunTimeline t) {
        String label = t.app().series();
        if (label == null || label.isEmpty()) {
            return null;
        }
        List<RunTimeline> runs = series(store, label);
        return runs.size() < 2 ? null : ScaleUp.of(runs);
    }
}
