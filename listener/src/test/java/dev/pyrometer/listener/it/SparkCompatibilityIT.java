/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import dev.pyrometer.wire.CounterNames;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same shaded listener jar, compiled once against Spark 3.5 / Scala 2.12, run in a child JVM
 * on Spark 3.5 / Scala 2.12 and on Spark 4.0 / Scala 2.13 (class path resolved by the build into
 * target/spark4.classpath): the same jobs, the same checks against Spark's own accounting.
 */
class SparkCompatibilityIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    void shadedJarOnSpark35Scala212() throws Exception {
        List<String> sparkClasspath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // The child gets Spark 3.5 and its dependencies, not the unshaded listener and contract.
            if (!entry.endsWith("target" + File.separator + "classes") && !entry.contains("pyrometer-schemas")) {
                sparkClasspath.add(entry);
            }
        }
        // Exits with the context running: the application's end comes from Spark's shutdown hook.
        RunEvents events = runChild("compat-spark35", sparkClasspath, "exit");
        ApplicationStart start = events.of(ApplicationStart.class).get(0);
        assertThat(start.getSparkVersion()).startsWith("3.5");
        assertThat(start.getScalaVersion()).startsWith("2.12");
        assertThat(events.of(ApplicationEnd.class).get(0).getExitCode()).isNull();
    }

    @Test
    void shadedJarOnSpark4Scala213() throws Exception {
        Path file = Paths.get(System.getProperty("pyrometer.spark4.classpathFile"));
        String cp = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        RunEvents events = runChild("compat-spark4", Arrays.asList(cp.split(File.pathSeparator)), "stop");
        ApplicationStart start = events.of(ApplicationStart.class).get(0);
        assertThat(start.getSparkVersion()).startsWith("4.");
        assertThat(start.getScalaVersion()).startsWith("2.13");
        // Spark 4 reports the exit code of a normal stop; the jar reads it without linking to the 4.x signature.
        assertThat(events.of(ApplicationEnd.class).get(0).getExitCode()).isEqualTo(0);
    }

    private static RunEvents runChild(String topic, List<String> sparkClasspath, String ending) throws Exception {
        Topics.create(KAFKA.bootstrapServers(), topic);
        Path target = Paths.get(System.getProperty("pyrometer.shadedJar")).getParent();
        Path accountingFile = target.resolve(topic + ".accounting");
        Path log = target.resolve(topic + ".log");
        List<String> cp = new ArrayList<>();
        cp.add(System.getProperty("pyrometer.shadedJar"));
        cp.add(target.resolve("test-classes").toString());
        cp.addAll(sparkClasspath);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : System.getProperty("pyrometer.it.jvmArgs").trim().split("\\s+")) {
            cmd.add(arg);
        }
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(ChildSparkJob.class.getName());
        cmd.add(KAFKA.bootstrapServers());
        cmd.add(topic);
        cmd.add(accountingFile.toString());
        cmd.add(ending);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child Spark JVM did not finish; see " + log);
        }
        assertThat(p.exitValue()).as("child exit code; see %s", log).isZero();
        assertThat(new String(Files.readAllBytes(log), StandardCharsets.UTF_8)).doesNotContain("[pyrometer] WARN");

        SparkAccounting accounting = SparkAccounting.read(accountingFile);
        RunEvents events = RunEvents.read(KAFKA.bootstrapServers(), topic, RunEvents::hasShutdownMetrics, Duration.ofSeconds(60));
        events.assertAgreesWith(accounting);
        SelfMetrics last = events.of(SelfMetrics.class).stream().filter(SelfMetrics::getAtShutdown).findFirst().get();
        assertThat(last.getSuppressedErrors()).isEmpty();
        assertThat(last.getDropped()).isEmpty();
        assertThat(last.getCounters()).doesNotContainKey("spark.listenerbus.drops_unavailable");
        assertThat(last.getCounters()).doesNotContainKey(CounterNames.LISTENER_APPLICATION_END_NOT_SEEN_AT_SHUTDOWN);
        assertThat(events.of(ApplicationEnd.class)).as("the application's end, before the final report").hasSize(1);
        assertThat(last.getCounters()).containsKey("spark.listenerbus.dropped.shared");
        last.getCounters().forEach((k, v) -> {
            if (k.startsWith("spark.listenerbus.dropped.")) {
                assertThat(v).as(k).isZero();
            }
        });
        return events;
    }
}
