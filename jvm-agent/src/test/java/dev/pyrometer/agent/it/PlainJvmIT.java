/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent in a JVM without Py4J or Spark: it starts, samples, and reports no errors. */
class PlainJvmIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final List<String> SMALL = Arrays.asList("-Xmx64m");

    @Test
    void plainJvmStartsSamplesAndSuppressesNothing() throws Exception {
        String topic = "plain";
        try (ChildJvm child = ChildJvm.start(Events.agentArgs(KAFKA.bootstrapServers(), topic, "sample.interval.ms=200"),
                ChildJvm.testClasses(), SMALL, "dev.pyrometer.agent.it.child.PlainMain")) {
            child.awaitLine("READY", Duration.ofSeconds(30));
            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                    es -> Events.count(es, JvmSample.class) >= 3 && Events.count(es, ProcessTreeSample.class) >= 3
                            && Events.count(es, SelfMetrics.class) >= 2, Duration.ofSeconds(60));

            assertThat(Events.count(events, JvmSample.class)).as(child.describe()).isGreaterThanOrEqualTo(3);
            Event first = events.get(0);
            assertThat(first.getSource().getRole()).isEqualTo(Role.OTHER);
            assertThat(first.getRun().getAppId()).startsWith("jvm-");
            assertThat(first.getSource().getPid()).isEqualTo(child.pid());

            JvmSample jvm = Events.payloads(events, JvmSample.class).get(0);
            assertThat(jvm.getHeapUsed()).isPositive();
            assertThat(jvm.getHeapMax()).isLessThanOrEqualTo(64L << 20);
            assertThat(jvm.getRssBytes()).isGreaterThan(jvm.getHeapUsed() / 2);
            assertThat(jvm.getThreadCount()).isPositive();
            assertThat(jvm.getProcessCpuNanos()).isPositive();
            assertThat(jvm.getGcCount()).isNotEmpty();

            ProcessTreeSample tree = Events.payloads(events, ProcessTreeSample.class).get(0);
            assertThat(tree.getProcesses()).anySatisfy(p -> {
                assertThat(p.getPid()).isEqualTo(child.pid());
                assertThat(p.getKind()).isEqualTo(ProcessKind.JVM);
                assertThat(p.getRssBytes()).isPositive();
            });

            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
            assertThat(child.isAlive()).isTrue();
            assertThat(child.stderr()).contains("[pyrometer] INFO agent started in").contains("role OTHER")
                    .contains("py4j.Gateway is not on the class path: py4j instrumentation off").doesNotContain("WARN")
                    // The ProcessBuilder bridge is defined in the boot loader without appending to its
                    // search path, which would switch class data sharing off (and say so on stderr).
                    .doesNotContain("Sharing is only supported");
        }
    }

    @Test
    void badArgumentsAreReportedOneLineEachAndTheApplicationStillRuns() throws Exception {
        String topic = "plain-bad-args";
        String args = Events.agentArgs(KAFKA.bootstrapServers(), topic, "sample.interval.ms=5,no.such.key=1,py4j.outlier.size=lots");
        try (ChildJvm child = ChildJvm.start(args, ChildJvm.testClasses(), SMALL, "dev.pyrometer.agent.it.child.PlainMain")) {
            child.awaitLine("READY", Duration.ofSeconds(30));
            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                    es -> Events.count(es, JvmSample.class) >= 1 && Events.count(es, SelfMetrics.class) >= 1, Duration.ofSeconds(60));
            assertThat(Events.count(events, JvmSample.class)).as(child.describe()).isGreaterThanOrEqualTo(1);
            List<SelfMetrics> metrics = Events.payloads(events, SelfMetrics.class);
            assertThat(metrics).as(child.describe()).isNotEmpty();
            assertThat(metrics.get(metrics.size() - 1).getCounters()).as("two rejected values; the unknown key is not one")
                    .containsEntry("agent.config.rejected", 2L);
            String err = child.stderr();
            assertThat(err.split("\n")).filteredOn(l -> l.contains("WARN")).hasSize(3);
            assertThat(err).contains("'sample.interval.ms'").contains("'no.such.key'").contains("'py4j.outlier.size'");
            assertThat(child.isAlive()).isTrue();
        }
    }
}
