/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReplayTest {
    @Test
    void recordsJoinTheRunTheirEventNamesAndASecondCopyIsADuplicate() throws Exception {
        SyntheticRun a = new SyntheticRun();
        a.appId = "app-a";
        SyntheticRun b = new SyntheticRun();
        b.appId = "app-b";
        List<Event> ea = a.build();
        List<Event> eb = b.build();
        RunReplay replay = RunReplay.ofRecords();
        List<StoredEvent> stored = new ArrayList<>();
        long offset = 0;
        for (Event e : ea) {
            stored.add(replay.add(EventCodec.get().encode(e), new Origin("t", 1, offset++)));
        }
        List<StoredEvent> storedB = new ArrayList<>();
        for (Event e : eb) {
            storedB.add(replay.add(EventCodec.get().encode(e), new Origin("t", 1, offset++)));
        }
        StoredEvent again = replay.add(EventCodec.get().encode(ea.get(3)), new Origin("t", 1, offset));
        assertThat(replay.runs()).containsOnlyKeys("app-a", "app-b");
        assertThat(again.duplicate()).isTrue();
        assertThat(again.runId()).isEqualTo("app-a");
        assertThat(stored).noneMatch(StoredEvent::duplicate);
        assertThat(stored.get(5).offset()).isEqualTo(5);
        assertThat(replay.runs().get("app-a").eventCount()).isEqualTo(ea.size());
        // The run's stored events, replayed again, give the same timeline.
        assertThat(RunReplay.of("app-b", storedB).timeline(RunStatus.COMPLETE))
                .isEqualTo(replay.runs().get("app-b").timeline(RunStatus.COMPLETE));
    }

    @Test
    void aStoredEventThatNoLongerDecodesIsAStoreError() {
        StoredEvent bad = new StoredEvent("app-x", "i", 0, 0, "TaskEnd", "t", 0, 7, false, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> RunReplay.of("app-x", List.of(bad))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("stored event of run app-x no longer decodes: ");
        assertThat(RunReplay.of("app-y", List.of()).eventCount()).isZero();
    }
}
