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
 */
class ProcessTreeIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

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

            List<Event> events = Events.readUntil(KAFKA.bootstrapServers(), topic,
                    es -> exitedReports(es, exiting) >= 1 && samplesAfterExit(es, exiting) >= 2
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

            List<SelfMetrics> self = Events.payloads(events, SelfMetrics.class);
            assertThat(self).isNotEmpty();
            assertThat(Events.suppressedInLatestSelfMetrics(events)).isZero();
        }
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
