/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import dev.pyrometer.testkit.TopicReader;
import dev.pyrometer.wire.DropReasons;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emitter against a real single-node Kafka broker. */
class EmitterIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static EmitterConfig config(String bootstrap, String topic, String... kv) {
        Map<String, String> raw = new HashMap<>();
        raw.put("bootstrap.servers", bootstrap);
        raw.put("topic", topic);
        for (int i = 0; i < kv.length; i += 2) {
            raw.put(kv[i], kv[i + 1]);
        }
        List<String> errors = new ArrayList<>();
        EmitterConfig c = EmitterConfig.parse(raw, errors);
        assertThat(errors).isEmpty();
        return c;
    }

    private static List<Event> decodeAll(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<Event> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            out.add(EventCodec.get().decode(r.value()));
        }
        return out;
    }

    @Test
    void everyPayloadTypeRoundTripsThroughTheBroker() throws Exception {
        List<Object> payloads = new ArrayList<>();
        Set<Class<?>> types = new HashSet<>();
        for (Event e : dev.pyrometer.codec.SampleEvents.random(400, 3L)) {
            if (!(e.getPayload() instanceof SelfMetrics)) {
                payloads.add(e.getPayload());
                types.add(e.getPayload().getClass());
            }
        }
        // Every payload type of the union but the emitter's own SelfMetrics.
        assertThat(types).hasSize(Event.getClassSchema().getField("payload").schema().getTypes().size() - 1);
        Emitter emitter = Emitter.start(config(KAFKA.bootstrapServers(), "roundtrip"));
        emitter.identify(Role.DRIVER, "driver");
        emitter.setRun(RunRef.newBuilder().setAppId("app-roundtrip").setSeries("nightly").build());
        for (Object p : payloads) {
            assertThat(emitter.offer(p)).isTrue();
        }
        emitter.close(10_000);
        List<Event> got = decodeAll(TopicReader.readAtLeast(KAFKA.bootstrapServers(), "roundtrip", payloads.size() + 1, Duration.ofSeconds(60)));
        List<Object> gotPayloads = new ArrayList<>();
        for (Event e : got) {
            if (!(e.getPayload() instanceof SelfMetrics)) {
                gotPayloads.add(e.getPayload());
            }
            assertThat(e.getRun().getAppId()).isEqualTo("app-roundtrip");
            assertThat(e.getRun().getSeries()).isEqualTo("nightly");
        }
        assertThat(gotPayloads).containsExactlyElementsOf(payloads);
        assertThat(emitter.counters().totalDropped()).isZero();
        assertThat(emitter.sentCount()).isEqualTo(payloads.size() + 1);
    }

    @Test
    void eachRunLandsInOnePartitionInOrderPerSource() throws Exception {
        String topic = "two-runs";
        Emitter a = Emitter.start(config(KAFKA.bootstrapServers(), topic));
        Emitter b = Emitter.start(config(KAFKA.bootstrapServers(), topic));
        a.setRun(RunRef.newBuilder().setAppId("app-a").build());
        b.setRun(RunRef.newBuilder().setAppId("app-b").build());
        for (int i = 0; i < 2000; i++) {
            a.offer(dev.pyrometer.codec.SampleEvents.taskEndPayload(i));
            b.offer(dev.pyrometer.codec.SampleEvents.taskEndPayload(i));
        }
        a.close(10_000);
        b.close(10_000);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readAtLeast(KAFKA.bootstrapServers(), topic, 4002, Duration.ofSeconds(60));
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        Map<String, Long> lastSeqByInstance = new HashMap<>();
        records.sort((x, y) -> Long.compare(x.offset(), y.offset()));
        for (ConsumerRecord<String, byte[]> r : records) {
            partitionsByKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition());
            Event e = EventCodec.get().decode(r.value());
            assertThat(r.key()).isEqualTo(e.getRun().getAppId());
            Long prev = lastSeqByInstance.put(e.getSource().getInstanceId() + "@" + r.partition(), e.getSeq());
            if (prev != null) {
                assertThat(e.getSeq()).as("per-source order within the partition").isGreaterThan(prev);
            }
        }
        assertThat(partitionsByKey).containsOnlyKeys("app-a", "app-b");
        assertThat(partitionsByKey.get("app-a")).hasSize(1);
        assertThat(partitionsByKey.get("app-b")).hasSize(1);
        assertThat(records).hasSize(4002);
    }

    @Test
    void withNoBrokerOfferReturnsAtOnceDropsAreCountedAndCloseIsBounded() throws Exception {
        Set<String> threadsBefore = threadNames();
        Emitter e = Emitter.start(config("127.0.0.1:" + freeClosedPort(), "nowhere", "queue.events", "1000", "flush.timeout.ms", "1000"));
        e.setRun(RunRef.newBuilder().setAppId("app-down").build());
        long worst = 0;
        for (int i = 0; i < 50_000; i++) {
            long t0 = System.nanoTime();
            e.offer(dev.pyrometer.codec.SampleEvents.taskEndPayload(i));
            worst = Math.max(worst, System.nanoTime() - t0);
        }
        // Not a speed target (those live in bench/): an offer that waited for Kafka would wait the
        // producer's max.block.ms (1 s) at least; a descheduled thread on a loaded machine does not.
        assertThat(TimeUnit.NANOSECONDS.toMillis(worst)).isLessThan(1000);
        assertThat(e.counters().dropped(DropReasons.QUEUE_FULL)).isGreaterThan(40_000);
        long t0 = System.nanoTime();
        e.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000 + 1500);
        // Once the sender thread is gone (close is bounded; on a loaded machine the sender may finish
        // its last step just after close returned), every offered event and the final self-metrics
        // report is accounted for: sent or dropped with a reason.
        awaitThreadsGone(threadsBefore);
        assertThat(e.sentCount()).isZero();
        assertThat(e.counters().totalDropped()).isEqualTo(e.offeredCount());
        assertThat(e.counters().dropped(DropReasons.CLOSED)).isPositive();
        assertThat(e.counters().counter("send_retries")).isPositive();
    }

    @Test
    void aJvmWithNoBrokerExitsPromptly() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", cp, NoBrokerMain.class.getName(), "127.0.0.1:" + freeClosedPort())
                .redirectErrorStream(true).start();
        // Time from main() returning (its last line) to the JVM's exit: the emitter's shutdown alone,
        // whatever JVM start-up costs on a loaded machine.
        long mainReturned = 0;
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("offered;")) {
                    mainReturned = System.nanoTime();
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("JVM exited").isTrue();
        assertThat(mainReturned).as("main ran to its end").isPositive();
        long shutdownMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - mainReturned);
        assertThat(p.exitValue()).isZero();
        // The 1 s flush timeout plus the sender's join margin, with room for a loaded machine.
        assertThat(shutdownMs).isLessThan(6000);
    }

    private static int freeClosedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Set<String> threadNames() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.add(t.getName());
        }
        return names;
    }

    private static void awaitThreadsGone(Set<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> extra = new ArrayList<>();
            for (String n : threadNames()) {
                if (!before.contains(n) && (n.startsWith("pyrometer") || n.startsWith("kafka-producer"))) {
                    extra.add(n);
                }
            }
            if (extra.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads leaked: " + extra);
            }
            Thread.sleep(20);
        }
    }
}
