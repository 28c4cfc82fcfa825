/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Spark plugin's start of the agent in a real child JVM, with the agent jar in a child class
 * loader as {@code --jars} puts it: the attach through a helper JVM (Java 9+ refuses a JVM's
 * attach to itself), the run without instrumentation where the JVM forbids attaching (one line,
 * one counter, no error), and nothing twice when {@code -javaagent} started the agent first.
 */
class PluginIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String MAIN = "dev.pyrometer.agent.it.child.PluginMain";

    private static String[] confs(String topic) {
        return new String[] {ChildJvm.agentJar().toAbsolutePath().toString(), "bootstrap.servers=" + KAFKA.bootstrapServers(),
                "topic=" + topic, "self.metrics.interval.ms=500", "flush.timeout.ms=3000", "kafka.compression.type=none",
                "agent.sample.interval.ms=200"};
    }

    private static List<Event> awaitSamplesAndMetrics(String topic) {
        return Events.readUntil(KAFKA.bootstrapServers(), topic,
                es -> Events.count(es, JvmSample.class) >= 3 && Events.count(es, SelfMetrics.class) >= 2, Duration.ofSeconds(90));
    }

    private static Map<String, Long> latestCounters(List<Event> events) {
        List<SelfMetrics> m = Events.payloads(events, SelfMetrics.class);
        return m.get(m.size() - 1).getCounters();
    }

    @Test
    void attachesTheAgentAndRunsTheSystemClassPathCopyWithItsInstrumentation() throws Exception {
        String topic = "plugin-attach";
        try (ChildJvm child = ChildJvm.startWithoutAgent(ChildJvm.testClasses(), Arrays.asList("-Xmx64m"), MAIN, confs(topic))) {
            child.awaitLine("READY", Duration.ofSeconds(90));
            List<Event> events = awaitSamplesAndMetrics(topic);
            assertThat(Events.count(events, JvmSample.class)).as(child.describe()).isGreaterThanOrEqualTo(3);
            assertThat(events.get(0).getSource().getPid()).isEqualTo(child.pid());
            // After the attach the jar is on the system class path: the plugin's loader resolves the
            // emitter there too, so a listener would share the agent's emitter.
            assertThat(child.awaitLineSeen("SHARED_EMITTER_LOADER=")).isEqualTo("SHARED_EMITTER_LOADER=system");
            assertThat(child.stderr()).contains("[pyrometer] INFO agent started in").contains("modules processes")
                    .doesNotContain("bytecode instrumentation off").doesNotContain("WARN");
            assertThat(latestCounters(events).keySet()).noneMatch(k -> k.startsWith("agent.instrumentation.off."));
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void whereTheJvmForbidsAttachingItSamplesWithoutInstrumentationAndSaysWhyOnce() throws Exception {
        String topic = "plugin-no-attach";
        try (ChildJvm child = ChildJvm.startWithoutAgent(ChildJvm.testClasses(),
                Arrays.asList("-Xmx64m", "-XX:+DisableAttachMechanism"), MAIN, confs(topic))) {
            child.awaitLine("READY", Duration.ofSeconds(90));
            List<Event> events = awaitSamplesAndMetrics(topic);
            assertThat(Events.count(events, JvmSample.class)).as(child.describe()).isGreaterThanOrEqualTo(3);
            assertThat(child.awaitLineSeen("SHARED_EMITTER_LOADER=")).isEqualTo("SHARED_EMITTER_LOADER=jars");
            List<String> off = Arrays.stream(child.stderr().split("\n")).filter(l -> l.contains("bytecode instrumentation off"))
                    .collect(Collectors.toList());
            assertThat(off).as(child.describe()).hasSize(1);
            assertThat(off.get(0)).contains("attach_disabled: the JVM runs with -XX:+DisableAttachMechanism")
                    .contains("py4j,serializers,pyrolite,processes not measured");
            assertThat(latestCounters(events)).containsKey("agent.instrumentation.off.attach_disabled");
            assertThat(child.stderr()).doesNotContain("WARN");
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void withTheJavaagentAlreadyRunningThePluginStartsNothing() throws Exception {
        String topic = "plugin-and-javaagent";
        try (ChildJvm child = ChildJvm.start(Events.agentArgs(KAFKA.bootstrapServers(), topic, "sample.interval.ms=200"),
                ChildJvm.testClasses(), Arrays.asList("-Xmx64m"), MAIN, confs(topic))) {
            child.awaitLine("READY", Duration.ofSeconds(90));
            List<Event> events = awaitSamplesAndMetrics(topic);
            assertThat(child.stderr()).as(child.describe()).contains("plugin: the agent already runs in this JVM (-javaagent)");
            assertThat(child.stderr().split("agent started in", -1)).hasSize(2);
            List<String> instances = new ArrayList<>();
            for (Event e : events) {
                if (!instances.contains(e.getSource().getInstanceId())) {
                    instances.add(e.getSource().getInstanceId());
                }
            }
            assertThat(instances).as("one emitter, one source").hasSize(1);
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
        }
    }
}
