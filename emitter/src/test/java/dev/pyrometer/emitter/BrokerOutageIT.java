/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.codec.SampleEvents;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import dev.pyrometer.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real broker stopped and restarted while the emitter keeps sending. */
class BrokerOutageIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path spillDir;

    @Test
    void eventsFromBeforeDuringAndAfterAnOutageAllArriveWithASpill() throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("bootstrap.servers", KAFKA.bootstrapServers());
        raw.put("topic", "outage");
        raw.put("spill.dir", spillDir.toString());
        raw.put("flush.timeout.ms", "20000");
        raw.put("producer.buffer.bytes", "1m");
        List<String> errors = new ArrayList<>();
        Emitter e = Emitter.start(EmitterConfig.parse(raw, errors));
        assertThat(errors).isEmpty();
        e.setRun(RunRef.newBuilder().setAppId("app-outage").build());
        int n = 0;
        for (; n < 1000; n++) {
            e.offer(SampleEvents.taskEndPayload(n));
        }
        awaitSent(e, 1000);
        KAFKA.broker().stop();
        for (; n < 11_000; n++) {
            e.offer(SampleEvents.taskEndPayload(n));
            if (n % 100 == 0) {
                Thread.sleep(2);
            }
        }
        KAFKA.broker().restart();
        for (; n < 12_000; n++) {
            e.offer(SampleEvents.taskEndPayload(n));
        }
        e.close();
        long lost = e.counters().totalDropped();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(KAFKA.bootstrapServers(), "outage",
                rs -> rs.size() >= 12_000 - lost, Duration.ofSeconds(90));
        TreeSet<Long> seqs = new TreeSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            Event ev = EventCodec.get().decode(r.value());
            if (ev.getPayload() instanceof TaskEnd) {
                seqs.add(ev.getSeq());
            }
        }
        assertThat(seqs).hasSize(12_000 - (int) lost);
        assertThat(seqs.first()).isZero();
        assertThat(seqs.last()).isEqualTo(11_999);
        assertThat(lost).as("dropped: %s", e.counters().droppedSnapshot()).isZero();
        // The outage outlasted the producer's 1 MB buffer, so the spill carried part of it.
        assertThat(e.counters().counter("spilled")).isPositive();
        assertThat(e.counters().counter("replayed")).isEqualTo(e.counters().counter("spilled"));
    }

    private static void awaitSent(Emitter e, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (e.sentCount() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(e.sentCount()).isGreaterThanOrEqualTo(n);
    }
}
