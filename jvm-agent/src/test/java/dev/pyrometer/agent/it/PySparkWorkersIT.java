/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real PySpark application in local mode (the driver JVM runs the tasks and their Python
 * workers) with the agent and the listener: with worker reuse off, every task's worker (about
 * 200 ms long, samples 5 s apart) is recorded, exited, with the task id the listener reports for
 * that task, some of them only from their sighting at creation; and each task of an RDD job and
 * of a Python UDF reports the bytes it sent to and read from its worker.
 */
class PySparkWorkersIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    void shortLivedWorkersCarryTheirTaskAndTasksTheirPythonBytes() throws Exception {
        String topic = "pyspark-workers";
        String agentArgs = Events.agentArgs(KAFKA.bootstrapServers(), topic, "export.interval.ms=500,sample.interval.ms=5000");
        String script = Paths.get(ChildJvm.testClasses(), "pyspark_workers.py").toString();
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.python().toString(), script,
                ChildJvm.agentJar().toAbsolutePath().toString(), agentArgs, KAFKA.bootstrapServers(), topic)
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("SPARK_HOME");
        Process py = pb.start();
        String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(py.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("SHORT 8").contains("SUM 39999800000").contains("UDF 2499950000").contains("DONE");

        List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                es -> tasksOf(es, "udf").stream().filter(t -> pythonBytes(es, t, "from-python") > 0).count() >= 2
                        && tasksOf(es, "udf").stream().allMatch(t -> pythonBytes(es, t, "to-python") == 0 || pythonBytes(es, t, "from-python") > 0)
                        && tasksOf(es, "short").size() == 8 && Events.suppressedInLatestSelfMetrics(es) >= 0,
                Duration.ofSeconds(60));

        Set<Long> shortTasks = tasksOf(events, "short");
        assertThat(shortTasks).as(out).hasSize(8);
        List<ProcessInfo> workers = Events.payloads(events, ProcessTreeSample.class).stream().flatMap(s -> s.getProcesses().stream())
                .filter(p -> p.getKind() == ProcessKind.PYTHON_WORKER).collect(Collectors.toList());
        Map<Long, List<ProcessInfo>> byTask = new HashMap<>();
        for (ProcessInfo w : workers) {
            if (w.getTaskId() != null && shortTasks.contains(w.getTaskId())) {
                byTask.computeIfAbsent(w.getTaskId(), k -> new java.util.ArrayList<>()).add(w);
            }
        }
        // Every task's worker is recorded with that task, and reported exited once.
        assertThat(byTask.keySet()).as("tasks whose worker was recorded, of %s", shortTasks).isEqualTo(shortTasks);
        for (List<ProcessInfo> ws : byTask.values()) {
            assertThat(ws.stream().filter(ProcessInfo::getExited).count()).as("exit reports of %s", ws).isEqualTo(1);
            ProcessInfo gone = ws.stream().filter(ProcessInfo::getExited).findFirst().get();
            assertThat(gone.getFirstSeenMicros()).isPositive();
            assertThat(gone.getStartTimeMicros()).isPositive();
            assertThat(gone.getRssBytes()).isPositive();
        }
        long seenOnlyAtCreation = byTask.values().stream().filter(ws -> ws.size() == 1).count();
        assertThat(seenOnlyAtCreation).as("workers that lived between two samples").isGreaterThanOrEqualTo(1);

        for (String group : new String[] {"rdd", "udf"}) {
            Set<Long> tasks = tasksOf(events, group);
            assertThat(tasks).as(group).isNotEmpty();
            for (long t : tasks) {
                if (pythonBytes(events, t, "to-python") == 0 && pythonBytes(events, t, "from-python") == 0) {
                    continue; // a task of the job that runs no Python (the shuffle read side of repartition / sum)
                }
                assertThat(pythonBytes(events, t, "to-python")).as("%s task %d to Python", group, t).isGreaterThan(10_000);
                assertThat(pythonBytes(events, t, "from-python")).as("%s task %d from Python", group, t).isGreaterThan(8);
            }
            assertThat(tasks.stream().filter(t -> pythonBytes(events, t, "from-python") > 0).count()).as(group).isGreaterThanOrEqualTo(2);
        }
        Set<Long> allTasks = Events.payloads(events, TaskEnd.class).stream().map(TaskEnd::getTaskId).collect(Collectors.toSet());
        assertThat(Events.payloads(events, SerializerStats.class).stream().filter(s -> s.getSerializer().equals("python-runner")))
                .allSatisfy(s -> assertThat(allTasks).contains(s.getTaskId()));
        assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
    }

    /** Task attempt ids of the jobs run under a job group, from the listener's events. */
    private static Set<Long> tasksOf(List<Event> events, String group) {
        Set<Integer> stages = Events.payloads(events, JobStart.class).stream().filter(j -> group.equals(j.getJobGroup()))
                .flatMap(j -> j.getStageIds().stream()).collect(Collectors.toSet());
        return Events.payloads(events, TaskEnd.class).stream().filter(t -> stages.contains(t.getStageId()))
                .map(TaskEnd::getTaskId).collect(Collectors.toSet());
    }

    private static long pythonBytes(List<Event> events, long task, String operation) {
        return Events.payloads(events, SerializerStats.class).stream()
                .filter(s -> s.getSerializer().equals("python-runner") && s.getOperation().equals(operation)
                        && s.getTaskId() != null && s.getTaskId() == task)
                .mapToLong(SerializerStats::getBytes).sum();
    }
}
