/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent attached to a JVM that is already running (the jar's {@code Agent-Class}): a Py4J
 * server that has served calls before the attach, so py4j's classes are loaded and must be
 * retransformed. Calls made after the attach are counted exactly, calls before are not, the JVM
 * is sampled, and no error is suppressed.
 */
class AttachIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TARGET = "dev.pyrometer.agent.it.child.Py4jTarget";

    @Test
    void attachingToARunningPy4jServerInstrumentsClassesAlreadyLoaded() throws Exception {
        String topic = "attach";
        String cp = ChildJvm.testClasses() + File.pathSeparator + ChildJvm.dependencyJar("py4j-");
        try (ChildJvm child = ChildJvm.startWithoutAgent(cp, Arrays.asList("-Xmx256m"),
                "dev.pyrometer.agent.it.child.Py4jServerMain", "clientserver")) {
            String port = child.awaitLine("READY port=", Duration.ofSeconds(30)).substring("READY port=".length());
            // Before the attach: py4j.Gateway, Protocol and the commands are loaded and used.
            assertThat(drive(port, 7, 1_000, child)).contains("DONE 1");

            VirtualMachine vm = VirtualMachine.attach(String.valueOf(child.pid()));
            try {
                vm.loadAgent(ChildJvm.agentJar().toAbsolutePath().toString(), Events.agentArgs(KAFKA.bootstrapServers(), topic,
                        "export.interval.ms=500,sample.interval.ms=500,py4j.outlier.size=1000000"));
            } finally {
                vm.detach();
            }
            child.awaitAgentStarted(Duration.ofSeconds(60));
            int small = 50;
            int big = 2_000_000;
            assertThat(drive(port, small, big, child)).contains("DONE 1");

            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                    es -> sum(es, "small") >= small && sum(es, "fail") >= 1 && !Events.payloads(es, Py4jCallOutlier.class).isEmpty()
                            && Events.count(es, JvmSample.class) >= 2
                            // The suppressed-error check below reads the agent's self-metrics: wait for one.
                            && Events.count(es, SelfMetrics.class) >= 1,
                    Duration.ofSeconds(60));
            assertThat(sum(events, "small")).as(child.describe()).isEqualTo(small);
            assertThat(sum(events, "fail")).isEqualTo(1);
            assertThat(Events.payloads(events, Py4jCallOutlier.class)).as(child.describe())
                    .anySatisfy(o -> {
                        assertThat(o.getMethod()).isEqualTo("big");
                        assertThat(o.getResponseChars()).isBetween((long) big, big + 16L);
                    });
            assertThat(Events.payloads(events, JvmSample.class).get(0).getHeapMax()).isLessThanOrEqualTo(256L << 20);
            assertThat(events.get(0).getSource().getPid()).isEqualTo(child.pid());
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
            assertThat(child.isAlive()).isTrue();
            assertThat(child.stderr()).doesNotContain("WARN");
        }
    }

    /** One run of the real Python py4j client: {@code small} small calls, one big, one slow (1 ms), one failing. */
    private static String drive(String port, int small, int big, ChildJvm child) throws Exception {
        String script = Paths.get(ChildJvm.testClasses(), "py4j_client.py").toString();
        Process py = new ProcessBuilder(ChildJvm.python().toString(), script, "clientserver", port,
                String.valueOf(small), String.valueOf(big), "1", "1").redirectErrorStream(true).start();
        assertThat(py.waitFor(120, TimeUnit.SECONDS)).as("python client finished; " + child.describe()).isTrue();
        return new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static long sum(List<Event> events, String method) {
        return Events.payloads(events, Py4jCallStats.class).stream()
                .filter(s -> s.getTargetClass().equals(TARGET) && s.getMethod().equals(method))
                .mapToLong(Py4jCallStats::getCount).sum();
    }
}
