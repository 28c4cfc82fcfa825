/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.OutlierReason;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real Py4J server (both modes) in a child JVM with the agent, driven by the real Python py4j
 * client: small, 40 MB, slow and failing calls arrive as aggregates and outliers with the right
 * sizes and counts, and the agent suppressed no error.
 */
class Py4jGatewayIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TARGET = "dev.pyrometer.agent.it.child.Py4jTarget";
    private static final int SMALL = 200;
    private static final int BIG = 40 * 1024 * 1024;
    private static final int FAILS = 3;

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "clientserver"})
    void callsArriveAsAggregatesAndOutliers(String mode) throws Exception {
        callsArriveAsAggregatesAndOutliers(mode, "py4j-" + mode, "");
    }

    /**
     * The class cache: a first JVM builds Byte Buddy and stores what it made; a second with the
     * same agent serves every Py4J class from the cache, never builds Byte Buddy, and measures
     * the same calls exactly as the first.
     */
    @Test
    void aSecondJvmServesTheClassesFromTheCacheAndMeasuresTheSame(@TempDir Path cacheDir) throws Exception {
        String cache = "class.cache.dir=" + cacheDir;
        String cold = callsArriveAsAggregatesAndOutliers("gateway", "py4j-cache-cold", cache).stderr;
        assertThat(cold).contains("(Byte Buddy CPU ms: prepare");
        Path namespace;
        try (Stream<Path> s = Files.list(cacheDir)) {
            namespace = s.collect(Collectors.toList()).get(0);
        }
        try (Stream<Path> s = Files.list(namespace)) {
            assertThat(s.filter(f -> f.toString().endsWith(".class-cache")).count()).as("entries").isGreaterThanOrEqualTo(3);
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheDir))).isEqualTo("rwx------");

        Run warm = callsArriveAsAggregatesAndOutliers("gateway", "py4j-cache-warm", cache);
        assertThat(warm.stderr).contains("(class cache with").doesNotContain("Byte Buddy built").doesNotContain("Byte Buddy CPU ms");
        java.util.Map<String, Long> counters = warm.lastSelfMetrics.getCounters();
        assertThat(counters.get("agent.class_cache.hits")).as(counters.toString()).isGreaterThanOrEqualTo(3);
        assertThat(counters).doesNotContainKey("agent.byte_buddy.built").doesNotContainKey("agent.class_cache.damaged");
    }

    /** What one child JVM printed on stderr and the last self-metrics it sent. */
    private static final class Run {
        final String stderr;
        final SelfMetrics lastSelfMetrics;

        Run(String stderr, SelfMetrics lastSelfMetrics) {
            this.stderr = stderr;
            this.lastSelfMetrics = lastSelfMetrics;
        }
    }

    /** Runs the Py4J server with the agent, drives it from Python and checks what arrived. */
    private static Run callsArriveAsAggregatesAndOutliers(String mode, String topic, String extra) throws Exception {
        String cp = ChildJvm.testClasses() + File.pathSeparator + ChildJvm.dependencyJar("py4j-");
        String args = Events.agentArgs(KAFKA.bootstrapServers(), topic,
                "export.interval.ms=500,py4j.outlier.duration.ms=1000,sample.interval.ms=500" + (extra.isEmpty() ? "" : "," + extra));
        try (ChildJvm child = ChildJvm.start(args, cp, Arrays.asList("-Xmx512m"), "dev.pyrometer.agent.it.child.Py4jServerMain", mode)) {
            String ready = child.awaitLine("READY port=", Duration.ofSeconds(30));
            String port = ready.substring("READY port=".length());
            child.awaitAgentStarted(Duration.ofSeconds(30));
            String script = Paths.get(ChildJvm.testClasses(), "py4j_client.py").toString();
            Process py = new ProcessBuilder(ChildJvm.python().toString(), script, mode, port,
                    String.valueOf(SMALL), String.valueOf(BIG), "1500", String.valueOf(FAILS)).redirectErrorStream(true).start();
            assertThat(py.waitFor(120, TimeUnit.SECONDS)).as("python client finished").isTrue();
            String pyOut = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pyOut).as(pyOut + child.describe()).contains("DONE " + FAILS);

            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic, es -> {
                long calls = stats(es, "small").stream().mapToLong(Py4jCallStats::getCount).sum();
                long fails = stats(es, "fail").stream().mapToLong(Py4jCallStats::getCount).sum();
                return calls >= SMALL && fails >= FAILS && !stats(es, "slow").isEmpty()
                        && Events.payloads(es, Py4jCallOutlier.class).size() >= 2 && selfMetricsAfterLastStats(es);
            }, Duration.ofSeconds(60));

            assertThat(sum(events, "small", Py4jCallStats::getCount)).as(child.describe()).isEqualTo(SMALL);
            assertThat(sum(events, "small", Py4jCallStats::getErrors)).isZero();
            assertThat(sum(events, "big", Py4jCallStats::getCount)).isEqualTo(1);
            assertThat(stats(events, "big").get(0).getMaxResponseChars()).isBetween((long) BIG, BIG + 16L);
            assertThat(sum(events, "fail", Py4jCallStats::getCount)).isEqualTo(FAILS);
            assertThat(sum(events, "fail", Py4jCallStats::getErrors)).isEqualTo(FAILS);
            Py4jCallStats slow = stats(events, "slow").get(0);
            assertThat(slow.getMaxMicros()).isGreaterThanOrEqualTo(1_500_000);
            assertThat(slow.getLatency().getCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);

            List<Py4jCallOutlier> outliers = Events.payloads(events, Py4jCallOutlier.class);
            assertThat(outliers).filteredOn(o -> o.getMethod().equals("big")).hasSize(1);
            assertThat(outliers).filteredOn(o -> o.getMethod().equals("slow")).hasSize(1);
            // On a loaded machine a small call may exceed the duration threshold, never the size one.
            assertThat(outliers).filteredOn(o -> !o.getMethod().equals("big") && !o.getMethod().equals("slow"))
                    .allSatisfy(o -> assertThat(o.getReason()).isEqualTo(OutlierReason.DURATION));
            Py4jCallOutlier big = outliers.stream().filter(o -> o.getMethod().equals("big")).findFirst().get();
            assertThat(big.getTargetClass()).isEqualTo(TARGET);
            assertThat(big.getReason()).isIn(OutlierReason.SIZE, OutlierReason.SIZE_AND_DURATION);
            assertThat(big.getResponseChars()).isBetween((long) BIG, BIG + 16L);
            assertThat(big.getError()).isNull();
            Py4jCallOutlier slowOutlier = outliers.stream().filter(o -> o.getMethod().equals("slow")).findFirst().get();
            assertThat(slowOutlier.getReason()).isEqualTo(OutlierReason.DURATION);
            assertThat(slowOutlier.getDurationMicros()).isGreaterThanOrEqualTo(1_500_000);

            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
            SelfMetrics last = Events.payloads(events, SelfMetrics.class).get(Events.payloads(events, SelfMetrics.class).size() - 1);
            assertThat(last.getCounters()).containsKey("agent.instrumented.py4j.Gateway");
            return new Run(child.stderr(), last);
        }
    }

    private static List<Py4jCallStats> stats(List<Event> events, String method) {
        return Events.payloads(events, Py4jCallStats.class).stream()
                .filter(s -> s.getTargetClass().equals(TARGET) && s.getMethod().equals(method))
                .collect(Collectors.toList());
    }

    private static long sum(List<Event> events, String method, java.util.function.ToLongFunction<Py4jCallStats> f) {
        return stats(events, method).stream().mapToLong(f).sum();
    }

    private static boolean selfMetricsAfterLastStats(List<Event> events) {
        int lastStats = -1;
        int lastSelf = -1;
        for (int i = 0; i < events.size(); i++) {
            Object p = events.get(i).getPayload();
            if (p instanceof Py4jCallStats || p instanceof Py4jCallOutlier) {
                lastStats = i;
            } else if (p instanceof SelfMetrics) {
                lastSelf = i;
            }
        }
        return lastSelf > lastStats;
    }
}
