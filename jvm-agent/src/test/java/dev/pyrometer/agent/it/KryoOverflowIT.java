/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.SerializerFailure;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A local Spark job in a child JVM with the agent and Spark (PySpark's own jars) on the class
 * path, Kryo with a 1 MiB buffer maximum: Kryo statistics (with the shuffle's serializeStream and
 * deserializeStream bytes), and the overflow event with the size
 * Kryo needed, what it had, and the configured maximum.
 */
class KryoOverflowIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    /** What Spark's launcher adds on Java 17 (JavaModuleOptions); a plain java command must add it itself. */
    static final List<String> SPARK_ON_JAVA17 = Arrays.asList("-Xmx512m", "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false");

    @Test
    void kryoStatsAndTheBufferOverflowWithItsSizes() throws Exception {
        String topic = "kryo";
        Path sparkJars = ChildJvm.python().getParent().getParent().resolve("lib/python3.11/site-packages/pyspark/jars");
        String cp = ChildJvm.testClasses() + File.pathSeparator + sparkJars + File.separator + "*";
        String args = Events.agentArgs(KAFKA.bootstrapServers(), topic, "export.interval.ms=500,sample.interval.ms=1000");
        try (ChildJvm child = ChildJvm.start(args, cp, SPARK_ON_JAVA17, "dev.pyrometer.agent.it.child.KryoJobMain")) {
            String done = child.awaitLine("DONE", Duration.ofSeconds(120));
            assertThat(done).isEqualTo("DONE keys=2 overflow=kryo");
            String appId = child.awaitLineSeen("APP ").substring(4);

            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                    es -> !Events.payloads(es, SerializerFailure.class).isEmpty()
                            && stats(es, "serialize") >= 2 && stats(es, "deserialize") >= 2
                            && bytes(es, "serialize-stream") > 0 && bytes(es, "deserialize-stream") > 0
                            && Events.suppressedInLatestSelfMetrics(es) >= 0,
                    Duration.ofSeconds(60));

            assertThat(events).allSatisfy(e -> {
                assertThat(e.getRun().getAppId()).isEqualTo(appId);
                assertThat(e.getSource().getRole()).isEqualTo(Role.DRIVER);
            });
            // The foldByKey zero value: serialized once on the driver, deserialized in each task.
            assertThat(stats(events, "serialize")).as(child.describe()).isGreaterThanOrEqualTo(2);
            assertThat(stats(events, "deserialize")).isGreaterThanOrEqualTo(2);
            SerializerFailure overflow = Events.payloads(events, SerializerFailure.class).get(0);
            assertThat(overflow.getKryoBufferOverflow()).isTrue();
            assertThat(overflow.getSerializer()).isEqualTo("kryo");
            assertThat(overflow.getOperation()).isEqualTo("serialize");
            assertThat(overflow.getConfiguredMaxBytes()).isEqualTo(1L << 20);
            assertThat(overflow.getRequiredBytes()).isGreaterThan(overflow.getAvailableBytes());
            assertThat(overflow.getAvailableBytes() + overflow.getRequiredBytes()).isGreaterThan(1L << 19);
            assertThat(overflow.getException().getMessage()).contains("spark.kryoserializer.buffer.max");
            assertThat(Events.payloads(events, SerializerStats.class).stream()
                    .filter(s -> s.getSerializer().equals("kryo") && s.getOperation().equals("serialize"))
                    .mapToLong(SerializerStats::getErrors).sum()).isEqualTo(1);
            // The foldByKey shuffle: map outputs written through Kryo's serializeStream, read back through deserializeStream.
            assertThat(stats(events, "serialize-stream")).isGreaterThanOrEqualTo(2);
            assertThat(bytes(events, "serialize-stream")).isPositive();
            assertThat(bytes(events, "deserialize-stream")).isPositive();
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
        }
    }

    private static long bytes(List<Event> events, String operation) {
        return Events.payloads(events, SerializerStats.class).stream()
                .filter(s -> s.getSerializer().equals("kryo") && s.getOperation().equals(operation))
                .mapToLong(SerializerStats::getBytes).sum();
    }

    private static long stats(List<Event> events, String operation) {
        return Events.payloads(events, SerializerStats.class).stream()
                .filter(s -> s.getSerializer().equals("kryo") && s.getOperation().equals(operation))
                .mapToLong(SerializerStats::getCount).sum();
    }
}
