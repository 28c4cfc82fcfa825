/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.SampleEvents;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.wire.DropReasons;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillTest {
    @TempDir
    Path dir;

    private EmitterConfig config(String... kv) {
        Map<String, String> base = new HashMap<>();
        base.put("spill.dir", dir.toString());
        base.put("flush.timeout.ms", "3000");
        return Awaits.config(base, kv);
    }


    private static List<Long> taskSeqs(RecordingSink sink) {
        return sink.events().stream().filter(e -> e.getPayload() instanceof TaskEnd).map(Event::getSeq).collect(Collectors.toList());
    }

    @Test
    void eventsWaitOnDiskWhileKafkaIsAwayAndArriveInOrderWhenItReturns() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.unavailable = true;
        Emitter e = Emitter.start(config("queue.events", "64"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(RunRef.newBuilder().setAppId("app-spill").build());
        for (int i = 0; i < 5000; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
            if (i % 50 == 0) {
                Thread.sleep(1); // a real job offers over time; the sender spills between bursts
            }
        }
        Awaits.await(() -> e.counters().counter("spilled") > 1000);
        sink.unavailable = false;
        Awaits.await(() -> taskSeqs(sink).size() + e.counters().totalDropped() >= 5000);
        e.close();
        List<Long> seqs = taskSeqs(sink);
        assertThat(seqs).isSorted();
        assertThat(seqs.size() + e.counters().dropped(DropReasons.QUEUE_FULL)).isEqualTo(5000);
        assertThat(e.counters().counter("replayed")).isEqualTo(e.counters().counter("spilled"));
        assertThat(e.counters().dropped("spill_full")).isZero();
    }

    @Test
    void aFullSpillDropsTheOldestAndCountsThem() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.unavailable = true;
        Emitter e = Emitter.start(config("queue.events", "64", "spill.max.bytes", "1m"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(RunRef.newBuilder().setAppId("app-spill").build());
        int offered = 0;
        while (e.counters().dropped("spill_full") == 0 && offered < 200_000) {
            e.offer(SampleEvents.taskEndPayload(offered++));
            if (offered % 50 == 0) {
                Thread.sleep(1);
            }
        }
        assertThat(e.counters().dropped("spill_full")).isPositive();
        sink.unavailable = false;
        final int total = offered;
        Awaits.await(() -> taskSeqs(sink).size() + e.counters().totalDropped() >= total);
        e.close();
        List<Long> seqs = taskSeqs(sink);
        assertThat(seqs).isSorted();
        // What arrived is the newest part: the oldest spilled events were the ones deleted.
        assertThat(seqs.get(0)).isPositive();
        assertThat(seqs.size() + e.counters().totalDropped()).isEqualTo(total);
    }

    @Test
    void aLaterJvmReplaysWhatAnEarlierOneLeftInTheSpill() throws Exception {
        RecordingSink down = new RecordingSink();
        down.unavailable = true;
        Emitter first = Emitter.start(config("flush.timeout.ms", "300"), RecordingSink.factory(down), MicroClock.SYSTEM);
        first.setRun(RunRef.newBuilder().setAppId("app-died").build());
        for (int i = 0; i < 100; i++) {
            first.offer(SampleEvents.taskEndPayload(i));
        }
        first.close();
        assertThat(first.counters().counter("spilled")).isEqualTo(100);
        assertThat(first.counters().totalDropped()).isEqualTo(1); // only the unsendable final report

        RecordingSink up = new RecordingSink();
        Emitter second = Emitter.start(config(), RecordingSink.factory(up), MicroClock.SYSTEM);
        second.setRun(RunRef.newBuilder().setAppId("app-next").build());
        Awaits.await(() -> taskSeqs(up).size() >= 100);
        second.close();
        assertThat(up.keys().subList(0, 100)).containsOnly("app-died");
        assertThat(taskSeqs(up)).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 100).boxed().collect(Collectors.toList()));
        File[] left = dir.toFile().listFiles();
        assertThat(left).isEmpty();
    }

    @Test
    void anUnusableSpillDirectoryFallsBackToCountedDrops() throws Exception {
        Path file = Files.createFile(dir.resolve("not-a-directory"));
        Map<String, String> raw = new HashMap<>();
        raw.put("spill.dir", file.toString());
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(EmitterConfig.parse(raw, new ArrayList<>()), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(RunRef.newBuilder().setAppId("app").build());
        e.offer(SampleEvents.taskEndPayload(1));
        Awaits.await(() -> taskSeqs(sink).size() == 1);
        assertThat(e.counters().suppressedCount("emitter.spill.open")).isEqualTo(1);
        e.close(500);
    }
}
