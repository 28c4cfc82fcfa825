/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Py4jCallOutlier;
import dev.pyrometer.event.Py4jCallStats;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real PySpark application (pip) whose driver JVM PySpark starts with the agent: every event is
 * keyed by the application id the agent found itself (no listener), the driver's Py4J traffic,
 * Java serialization and Pyrolite pickling are measured, a large gateway response is an outlier
 * carrying the calling thread's job group, a slow collect is an outlier carrying the job it ran,
 * and the Python driver that launched the
 * JVM appears in the process tree as PYTHON_DRIVER.
 */
class PySparkDriverIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    void pysparkDriverIsKeyedByItsApplicationAndMeasured() throws Exception {
        String topic = "pyspark-driver";
        String agentArgs = Events.agentArgs(KAFKA.bootstrapServers(), topic, "export.interval.ms=500,sample.interval.ms=500,py4j.outlier.duration.ms=1500");
        String script = Paths.get(ChildJvm.testClasses(), "pyspark_job.py").toString();
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.python().toString(), script,
                ChildJvm.agentJar().toAbsolutePath().toString(), agentArgs).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("SPARK_HOME");
        Process py = pb.start();
        long pythonPid = py.pid();
        String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(py.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("SUM 999000").contains("ROWS 500").contains("BIG 2097152").contains("SLOW 2").contains("DONE")
                .contains("agent started in");
        String appId = out.lines().filter(l -> l.startsWith("APP ")).findFirst().get().substring(4).trim();

        List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                es -> stats(es, "pyrolite", "pickle") > 0 && stats(es, "pyrolite", "unpickle") > 0
                        && Events.payloads(es, Py4jCallOutlier.class).stream().anyMatch(o -> o.getMethod().equals("repeat"))
                        && Events.payloads(es, Py4jCallOutlier.class).stream().anyMatch(o -> o.getMethod().equals("collectAndServe"))
                        && Events.suppressedInLatestSelfMetrics(es) >= 0,
                Duration.ofSeconds(60));

        assertThat(events).as(out).isNotEmpty();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getRun().getAppId()).isEqualTo(appId);
            assertThat(e.getSource().getRole()).isEqualTo(Role.DRIVER);
            assertThat(e.getSource().getExecutorId()).isEqualTo("driver");
        });
        assertThat(stats(events, "java", "serialize")).isPositive();
        assertThat(stats(events, "pyrolite", "pickle")).isPositive();
        assertThat(stats(events, "pyrolite", "unpickle")).isPositive();
        assertThat(Events.payloads(events, Py4jCallStats.class)).extracting(Py4jCallStats::getTargetClass)
                .contains("org.apache.spark.api.java.JavaSparkContext");

        Py4jCallOutlier big = Events.payloads(events, Py4jCallOutlier.class).stream()
                .filter(o -> o.getMethod().equals("repeat")).findFirst()
                .orElseThrow(() -> new AssertionError("no outlier for the 2 MiB response"));
        assertThat(big.getTargetClass()).isEqualTo("org.apache.commons.lang3.StringUtils");
        assertThat(big.getResponseChars()).isBetween(2L << 20, (2L << 20) + 16);
        assertThat(big.getJobGroup()).isEqualTo("pyrometer-it-group");

        // The 2 s job (RDD count: PythonRDD.collectAndServe on the pinned thread) is a duration
        // outlier that carries the one job its call submitted; so is any other collect slower than 1.5 s.
        List<Py4jCallOutlier> collects = Events.payloads(events, Py4jCallOutlier.class).stream()
                .filter(o -> o.getMethod().equals("collectAndServe")).collect(Collectors.toList());
        assertThat(collects).as(out).isNotEmpty();
        assertThat(collects).allSatisfy(o -> {
            assertThat(o.getTargetClass()).isEqualTo("org.apache.spark.api.python.PythonRDD");
            assertThat(o.getDurationMicros()).isGreaterThanOrEqualTo(1_500_000L);
            assertThat(o.getActiveJobIds()).hasSize(1);
        });
        assertThat(collects.stream().map(o -> o.getActiveJobIds().get(0)).distinct().count()).isEqualTo(collects.size());

        List<ProcessInfo> busyWorkers = Events.payloads(events, ProcessTreeSample.class).stream()
                .flatMap(s -> s.getProcesses().stream())
                .filter(p -> p.getKind() == ProcessKind.PYTHON_WORKER && p.getTaskId() != null).collect(Collectors.toList());
        assertThat(busyWorkers).as("a sample while the slow tasks ran shows workers with their task").isNotEmpty();
        assertThat(Events.payloads(events, ProcessTreeSample.class).stream().flatMap(s -> s.getProcesses().stream())
                .anyMatch(p -> p.getKind() == ProcessKind.PYTHON_DAEMON)).isTrue();

        ProcessInfo launcher = Events.payloads(events, ProcessTreeSample.class).stream()
                .flatMap(s -> s.getProcesses().stream()).filter(p -> p.getPid() == pythonPid).findFirst()
                .orElseThrow(() -> new AssertionError("the launching Python process is not in the tree"));
        assertThat(launcher.getKind()).isEqualTo(ProcessKind.PYTHON_DRIVER);
        assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
    }

    private static long stats(List<Event> events, String serializer, String operation) {
        return Events.payloads(events, SerializerStats.class).stream()
                .filter(s -> s.getSerializer().equals(serializer) && s.getOperation().equals(operation))
                .mapToLong(SerializerStats::getCount).sum();
    }
}
