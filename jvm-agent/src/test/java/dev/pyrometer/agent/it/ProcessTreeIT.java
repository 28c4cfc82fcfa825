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
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A child JVM with Python children of known size, one of which exits, and a real pyspark.daemon
 * with a forked worker: sizes within 10%, kinds right, the exiting child recorded once with exited=true.
 * Then 20 short shell processes the JVM starts at once (most live and die between two samples)
 * are each recorded once, exited, with first and last seen; and a Python child that ran a
 * CPU-burning subprocess shows that CPU as its reaped children's.
 */
class ProcessTreeIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final int MIB = 200;
    private static final long BYTES = MIB * 1024L * 1024L;

    @Test
    void reportsPythonChildrenWithTheirSizeKindAndExit() throws Exception {
        String topic = "tree";
        String args = Events.agentArgs(KAFKA.bootstrapServers(), topic, "sample.interval.ms=250");
        try (ChildJvm child = ChildJvm.start(args, ChildJvm.testClasses(), Arrays.asList("-Xmx64m"),
                "dev.pyrometer.agent.it.child.ProcessTreeMain", ChildJvm.python().toString(), String.valueOf(MIB), "6")) {
            Map<String, String> ready = fields(child.awaitLine("READY", Duration.ofSeconds(60)));
            long readyMicros = System.currentTimeMillis() * 1000;
            long[] holders = Arrays.stream(ready.get("holders").split(",")).mapToLong(Long::parseLong).toArray();
            long exiting = Long.parseLong(ready.get("exiting"));
            long daemon = Long.parseLong(ready.get("daemon"));
            long worker = Long.parseLong(ready.get("worker"));
            Map<String, String> shortLine = fields(child.awaitLine("SHORT", Duration.ofSeconds(60)));
            long[] shorts = Arrays.stream(shortLine.get("pids").split(",")).mapToLong(Long::parseLong).toArray();
            long reaper = Long.parseLong(shortLine.get("reaper"));
            long burnedMs = Long.parseLong(shortLine.get("burned_ms"));
            assertThat(shorts).hasSize(20);

            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                    es -> exitedReports(es, exiting) >= 1 && samplesAfterExit(es, exiting) >= 2
                            && Arrays.stream(shorts).allMatch(pid -> exitedReports(es, pid) >= 1)
                            && !Events.payloads(es, SelfMetrics.class).isEmpty(), Duration.ofSeconds(90));
            List<ProcessTreeSample> samples = Events.payloads(events, ProcessTreeSample.class);
            assertThat(exitedReports(events, exiting)).as(child.describe()).isEqualTo(1);

            // The first sample taken once every child holds its memory; later ones may catch the
            // exiting child while the kernel tears its memory down.
            ProcessTreeSample full = events.stream().filter(e -> e.getTimeMicros() >= readyMicros)
                    .map(Event::getPayload).filter(p -> p instanceof ProcessTreeSample).map(p -> (ProcessTreeSample) p)
                    .filter(s -> find(s, exiting).map(p -> !p.getExited()).orElse(false) && find(s, worker).isPresent())
                    .findFirst().orElseThrow(() -> new AssertionError("no sample with the whole tree"));
            assertThat(find(full, child.pid()).get().getKind()).isEqualTo(ProcessKind.JVM);
            for (long pid : new long[] {holders[0], holders[1], exiting}) {
                ProcessInfo p = find(full, pid).get();
                assertThat(p.getKind()).isEqualTo(ProcessKind.PYTHON);
                assertThat(p.getPpid()).isEqualTo(child.pid());
                assertThat((double) p.getRssBytes()).as("RSS of %d", pid).isBetween(BYTES * 0.9, BYTES * 1.1);
                assertThat(p.getPssBytes()).isNotNull();
                assertThat((double) p.getPrivateBytes()).isGreaterThan(BYTES * 0.9);
                assertThat(p.getCpuNanos()).isPositive();
                assertThat(p.getStartTimeMicros()).isGreaterThan(0);
                assertThat(p.getCommand()).contains("python");
            }
            assertThat(find(full, daemon).get().getKind()).isEqualTo(ProcessKind.PYTHON_DAEMON);
            ProcessInfo w = find(full, worker).get();
            assertThat(w.getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
            assertThat(w.getPpid()).isEqualTo(daemon);

            ProcessInfo gone = samples.stream().map(s -> find(s, exiting)).filter(p -> p.isPresent() && p.get().getExited())
                    .findFirst().get().get();
            // Its last live values; a sample can land while the kernel frees its memory, so only "some".
            assertThat(gone.getRssBytes()).isPositive();
            ProcessInfo firstSeen = samples.stream().map(s -> find(s, exiting)).filter(Optional::isPresent).findFirst().get().get();
            assertThat(gone.getFirstSeenMicros()).isEqualTo(firstSeen.getFirstSeenMicros());

            assertThat(gone.getLastSeenMicros()).isGreaterThanOrEqualTo(gone.getFirstSeenMicros());

            // The short processes: each reported exited exactly once, what it was, when it was seen.
            int exitTimes = 0;
            for (long pid : shorts) {
                assertThat(exitedReports(events, pid)).as("exit reports of short process %d; %s", pid, diagnose(events, pid))
                        .isEqualTo(1);
                ProcessInfo s = samples.stream().map(x -> find(x, pid)).filter(p -> p.isPresent() && p.get().getExited())
                        .findFirst().get().get();
                assertThat(s.getKind()).as("kind of %d", pid).isEqualTo(ProcessKind.OTHER);
                assertThat(s.getPpid()).isEqualTo(child.pid());
                assertThat(s.getCommand()).isEqualTo("sh -c sleep 0.05");
                assertThat(s.getFirstSeenMicros()).isPositive();
                assertThat(s.getLastSeenMicros()).isGreaterThanOrEqualTo(s.getFirstSeenMicros());
                if (s.getExitMicros() != null) {
                    // The JVM's own exit notice (Java 9+): the last-seen time, not before the process started.
                    exitTimes++;
                    assertThat(s.getLastSeenMicros()).isEqualTo(s.getExitMicros());
                    assertThat(s.getExitMicros()).isGreaterThanOrEqualTo(s.getStartTimeMicros());
                }
            }
            assertThat(exitTimes).as("short processes with the JVM's exit time").isPositive();

            // The burner ran and was reaped by the Python reaper: its CPU is the reaper's reaped-children CPU.
            ProcessInfo r = samples.stream().map(x -> find(x, reaper)).filter(Optional::isPresent).map(Optional::get)
                    .reduce((a, b) -> b).get();
            assertThat(r.getKind()).isEqualTo(ProcessKind.PYTHON);
            assertThat(burnedMs).isGreaterThanOrEqualTo(400);
            assertThat(r.getReapedChildrenCpuNanos() / 1_000_000).isBetween(burnedMs - 50, burnedMs + 50);

            List<SelfMetrics> self = Events.payloads(events, SelfMetrics.class);
            assertThat(self).isNotEmpty();
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
        }
    }

    /** Every report of the pid and the agent's latest counters, for a failure message. */
    private static String diagnose(List<Event> events, long pid) {
        StringBuilder b = new StringBuilder("reports:");
        for (Event e : events) {
            if (e.getPayload() instanceof ProcessTreeSample) {
                for (ProcessInfo p : ((ProcessTreeSample) e.getPayload()).getProcesses()) {
                    if (p.getPid() == pid) {
                        b.append(" [at ").append(e.getTimeMicros()).append(' ').append(p).append(']');
                    }
                }
            }
        }
        List<SelfMetrics> m = Events.payloads(events, SelfMetrics.class);
        return b.append("; samples ").append(Events.count(events, ProcessTreeSample.class)).append("; latest self metrics ")
                .append(m.isEmpty() ? "none" : m.get(m.size() - 1)).toString();
    }

    private static Optional<ProcessInfo> find(ProcessTreeSample s, long pid) {
        return s.getProcesses().stream().filter(p -> p.getPid() == pid).findFirst();
    }

    private static long exitedReports(List<Event> events, long pid) {
        return Events.payloads(events, ProcessTreeSample.class).stream()
                .filter(s -> find(s, pid).map(ProcessInfo::getExited).orElse(false)).count();
    }

    /** Samples after the one that reported the exit, so a second report would have been seen. */
    private static long samplesAfterExit(List<Event> events, long pid) {
        List<ProcessTreeSample> samples = Events.payloads(events, ProcessTreeSample.class);
        for (int i = 0; i < samples.size(); i++) {
            if (find(samples.get(i), pid).map(ProcessInfo::getExited).orElse(false)) {
                return samples.size() - 1 - i;
            }
        }
        return 0;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> out = new HashMap<>();
        for (String kv : line.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }
}
