/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBroker;
import dev.pyrometer.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent sending to a broker that requires SASL/PLAIN, its credentials passed the way users
 * pass them: as {@code kafka.*} agent arguments, which puts the JAAS config and its password on
 * the JVM's own command line. The events arrive, and the password is in no record (the process
 * tree reports the JVM's command line, redacted), no self-metrics and no log line.
 */
class SaslAgentIT {
    private static final String PASSWORD = "agent-s3cret-pw";
    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.startWithSaslPlain(Collections.singletonMap("alice", PASSWORD));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static Map<String, String> consumerSasl() {
        return KafkaBroker.saslPlainClient("alice", PASSWORD);
    }

    @Test
    void eventsArriveAndThePasswordOnTheCommandLineAppearsNowhere() throws Exception {
        String topic = "agent-sasl";
        String args = Events.agentArgs(broker.bootstrapServers(), topic, "sample.interval.ms=200,command.max.chars=4096"
                + ",kafka.security.protocol=SASL_PLAINTEXT,kafka.sasl.mechanism=PLAIN"
                + ",kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\""
                + " password=\"" + PASSWORD + "\";");
        try (ChildJvm child = ChildJvm.start(args, ChildJvm.testClasses(), Arrays.asList("-Xmx64m"),
                "dev.pyrometer.agent.it.child.PlainMain")) {
            child.awaitLine("READY", Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(broker.bootstrapServers(), topic, rs -> {
                List<Event> es = decoded(rs);
                return Events.count(es, ProcessTreeSample.class) >= 3 && Events.count(es, SelfMetrics.class) >= 2;
            }, Duration.ofSeconds(60), consumerSasl());

            List<String> commands = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).as(child.describe()).doesNotContain(PASSWORD);
                Event e = EventCodec.get().decode(r.value());
                assertThat(e.getPayload().toString()).doesNotContain(PASSWORD);
                if (e.getPayload() instanceof ProcessTreeSample) {
                    ((ProcessTreeSample) e.getPayload()).getProcesses().stream().filter(p -> p.getPid() == child.pid())
                            .forEach(p -> commands.add(p.getCommand()));
                }
            }
            // The JVM's own command line was reported, with the agent's arguments and the secret hidden.
            assertThat(commands).as("%d records; %s", records.size(), child.describe()).isNotEmpty().allSatisfy(c -> assertThat(c).contains("sasl.jaas.config=")
                    .contains("*********(redacted)").contains("PlainMain"));
            assertThat(Events.suppressedInLatestSelfMetrics(decoded(records))).isZero();
            assertThat(child.stderr()).doesNotContain(PASSWORD).doesNotContain("WARN");
        }
    }

    private static List<Event> decoded(List<ConsumerRecord<String, byte[]>> records) {
        List<Event> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                out.add(EventCodec.get().decode(r.value()));
            } catch (DecodeException e) {
                throw new AssertionError("undecodable record at offset " + r.offset(), e);
            }
        }
        return out;
    }
}
