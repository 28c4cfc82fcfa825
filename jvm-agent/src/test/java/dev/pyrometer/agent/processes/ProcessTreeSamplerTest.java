/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.wire.CounterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler over a fixture /proc (src/test/resources/proc-fixture): a Python driver (100) that
 * launched the driver JVM (200), a pyspark.daemon (300) with a worker (301), a shell (400), an
 * unrelated sshd (500) and a process with parentheses in its name (600).
 */
class ProcessTreeSamplerTest {
    private static final long BOOT_MICROS = 1_700_000_000L * 1_000_000L;

    @TempDir
    Path tmp;
    private Path proc;
    private final LossCounters counters = new LossCounters();

    @BeforeEach
    void copyFixture() throws Exception {
        Path src = Paths.get(getClass().getResource("/proc-fixture/stat").toURI()).getParent();
        proc = tmp.resolve("proc");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = proc.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    private ProcessTreeSampler sampler(int max) {
        return new ProcessTreeSampler(new ProcFs(proc), 200, true, max, 40, counters);
    }

    private static Optional<ProcessInfo> find(ProcessTreeSample s, long pid) {
        return s.getProcesses().stream().filter(p -> p.getPid() == pid).findFirst();
    }

    @Test
    void classifiesTheTreeOfADriverStartedByPython() {
        ProcessTreeSample s = sampler(64).sample(42);
        assertThat(s.getProcesses()).extracting(ProcessInfo::getPid).containsExactlyInAnyOrder(100L, 200L, 300L, 301L, 400L, 600L);
        assertThat(find(s, 100).get().getKind()).isEqualTo(ProcessKind.PYTHON_DRIVER);
        assertThat(find(s, 200).get().getKind()).isEqualTo(ProcessKind.JVM);
        assertThat(find(s, 300).get().getKind()).isEqualTo(ProcessKind.PYTHON_DAEMON);
        assertThat(find(s, 301).get().getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
        assertThat(find(s, 400).get().getKind()).isEqualTo(ProcessKind.OTHER);
        assertThat(find(s, 600).get().getKind()).isEqualTo(ProcessKind.OTHER);
        assertThat(find(s, 600).get().getCommand()).isEqualTo("weird) (name");
    }

    @Test
    void secretsOnACommandLineAreRedactedBeforeItIsCut() throws IOException {
        // The agent's own SASL arguments on a child JVM's command line (the limit here is 40 chars,
        // so the redaction must come first: the password sits past the cut in the raw line).
        process(710, 200, "java", "java -javaagent:a.jar=kafka.sasl.jaas.config=PlainLoginModule password=\"pw-1234\" -cp x Main");
        process(711, 200, "sh", "sh -c curl --password pw-5678");
        ProcessTreeSample s = new ProcessTreeSampler(new ProcFs(proc), 200, true, 64, 4096, counters).sample(42);
        assertThat(find(s, 710).get().getCommand()).doesNotContain("pw-1234").contains(CommandRedactor.REDACTED).endsWith("Main");
        assertThat(find(s, 711).get().getCommand()).isEqualTo("sh -c curl --password " + CommandRedactor.REDACTED);
        assertThat(sampler(64).sample(42).getProcesses()).allSatisfy(p -> assertThat(p.getCommand()).doesNotContain("pw-"));
    }

    @Test
    void stopsAtAChildExecutorJvmSoItsPythonWorkersAreNotCountedTwice() throws IOException {
        // local-cluster: executor JVMs are children of the driver JVM and sample their own trees.
        process(700, 200, "java", "/usr/bin/java -javaagent:/opt/pyrometer-agent.jar=x=y -cp /opt/spark/jars/* "
                + "org.apache.spark.executor.CoarseGrainedExecutorBackend --executor-id 0");
        process(701, 700, "python3", "python3 -m pyspark.daemon");
        process(702, 701, "python3", "python3 -m pyspark.daemon");
        ProcessTreeSample s = sampler(64).sample(42);
        assertThat(find(s, 700).get().getKind()).isEqualTo(ProcessKind.JAVA);
        assertThat(find(s, 701)).isEmpty();
        assertThat(find(s, 702)).isEmpty();
        assertThat(find(s, 301).get().getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
    }

    @Test
    void aPythonThatMerelyRanSparkSubmitIsNotTheDriver() throws IOException {
        // `spark-submit app.py` started from a Python scheduler: the JVM has no pyspark-shell argument.
        Files.write(proc.resolve("200").resolve("cmdline"),
                "java\0-cp\0/opt/spark/jars/*\0org.apache.spark.deploy.SparkSubmit\0app.py\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ProcessTreeSample s = sampler(64).sample(42);
        assertThat(find(s, 100)).isEmpty();
        assertThat(find(s, 200).get().getKind()).isEqualTo(ProcessKind.JVM);
    }

    @Test
    void aChildSampledBeforeItsExecIsClassifiedByWhatItExecs() throws IOException {
        // Java 17 launches Spark's pyspark.daemon through jspawnhelper: same pid and start time.
        process(800, 200, "jspawnhelper", "/usr/lib/jvm/java-17/lib/jspawnhelper 17.0.15+6:3:4");
        ProcessTreeSampler sampler = sampler(64);
        assertThat(find(sampler.sample(1_000), 800).get().getKind()).isEqualTo(ProcessKind.OTHER);

        process(800, 200, "python3", "python3 -m pyspark.daemon");
        process(801, 800, "python3", "python3 -m pyspark.daemon");
        ProcessTreeSample s = sampler.sample(2_000);
        assertThat(find(s, 800).get().getKind()).isEqualTo(ProcessKind.PYTHON_DAEMON);
        assertThat(find(s, 800).get().getCommand()).isEqualTo("python3 -m pyspark.daemon");
        assertThat(find(s, 800).get().getFirstSeenMicros()).isEqualTo(1_000);
        assertThat(find(s, 801).get().getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
    }

    private void process(long pid, long ppid, String comm, String cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.write(dir.resolve("stat"), (pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194304 100 0 0 0 10 5 0 0 20 0 1 0 1700 "
                + "123456789 2000 18446744073709551615 1 1 0 0 0 0 0 0 0\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(dir.resolve("cmdline"), cmdline.replace(' ', '\0').getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void readsSizesTimesAndCommandLines() {
        ProcessTreeSample s = sampler(64).sample(42);
        ProcessInfo jvm = find(s, 200).get();
        assertThat(jvm.getPpid()).isEqualTo(100);
        assertThat(jvm.getRssBytes()).isEqualTo(100_000L * 4096);
        assertThat(jvm.getPssBytes()).isNull();
        assertThat(jvm.getCpuNanos()).isEqualTo((5000L + 700) * 10_000_000L);
        assertThat(jvm.getStartTimeMicros()).isEqualTo(BOOT_MICROS + 1200L * 10_000);
        assertThat(jvm.getFirstSeenMicros()).isEqualTo(42);
        assertThat(jvm.getCommand()).isEqualTo("/usr/lib/jvm/java-17/bin/java -cp /opt/s...[truncated 61 chars]");

        ProcessInfo worker = find(s, 301).get();
        assertThat(worker.getRssBytes()).isEqualTo(245_760L * 1024);
        assertThat(worker.getPssBytes()).isEqualTo(200_000L * 1024);
        assertThat(worker.getPrivateBytes()).isEqualTo(200_000L * 1024);
        assertThat(worker.getSharedBytes()).isEqualTo(45_760L * 1024);
        assertThat(worker.getExited()).isFalse();
    }

    @Test
    void aProcessThatExitedIsReportedOnceMoreWithItsLastValues() throws IOException {
        ProcessTreeSampler sampler = sampler(64);
        ProcessInfo before = find(sampler.sample(1_000), 301).get();
        delete(proc.resolve("301"));

        ProcessInfo gone = find(sampler.sample(2_000), 301).get();
        assertThat(gone.getExited()).isTrue();
        assertThat(gone.getRssBytes()).isEqualTo(before.getRssBytes());
        assertThat(gone.getFirstSeenMicros()).isEqualTo(1_000);

        assertThat(find(sampler.sample(3_000), 301)).isEmpty();
        assertThat(find(sampler.sample(4_000), 200).get().getFirstSeenMicros()).isEqualTo(1_000);
    }

    @Test
    void aWorkerThatExitedBetweenSamplesIsReportedOnceFromItsSighting() throws IOException {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        ProcessTreeSampler sampler = new ProcessTreeSampler(new ProcFs(proc), 200, true, 64, 40, counters, sightings);
        sampler.sample(1_000);
        // Spark created a worker under the daemon; the agent read its /proc entry; it exited before the next sample.
        process(302, 300, "python3", "python3 -m pyspark.daemon");
        sightings.see(302, 77L, 1_500);
        delete(proc.resolve("302"));

        ProcessInfo gone = find(sampler.sample(2_000), 302).get();
        assertThat(gone.getExited()).isTrue();
        assertThat(gone.getFirstSeenMicros()).isEqualTo(1_500);
        assertThat(gone.getTaskId()).isEqualTo(77L);
        assertThat(gone.getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
        assertThat(gone.getPpid()).isEqualTo(300);
        assertThat(gone.getRssBytes()).isEqualTo(2000L * 4096);
        assertThat(gone.getStartTimeMicros()).isEqualTo(BOOT_MICROS + 1700L * 10_000);
        assertThat(gone.getCommand()).isEqualTo("python3 -m pyspark.daemon");
        assertThat(find(sampler.sample(3_000), 302)).isEmpty();
        assertThat(sightings.sightings()).isEmpty();
    }

    @Test
    void aSightedWorkerStillRunningIsFirstSeenAtItsSighting() throws IOException {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        ProcessTreeSampler sampler = new ProcessTreeSampler(new ProcFs(proc), 200, true, 64, 40, counters, sightings);
        sampler.sample(1_000);
        process(302, 300, "python3", "python3 -m pyspark.daemon");
        sightings.see(302, 78L, 1_500);

        ProcessInfo live = find(sampler.sample(2_000), 302).get();
        assertThat(live.getExited()).isFalse();
        assertThat(live.getFirstSeenMicros()).isEqualTo(1_500);
        assertThat(find(sampler.sample(3_000), 302).get().getFirstSeenMicros()).isEqualTo(1_500);
        delete(proc.resolve("302"));
        ProcessInfo gone = find(sampler.sample(4_000), 302).get();
        assertThat(gone.getExited()).isTrue();
        assertThat(gone.getFirstSeenMicros()).isEqualTo(1_500);
        assertThat(find(sampler.sample(5_000), 302)).isEmpty();
    }

    @Test
    void aWorkerGoneBeforeItWasReadStillAppearsOnce() {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        ProcessTreeSampler sampler = new ProcessTreeSampler(new ProcFs(proc), 200, true, 64, 40, counters, sightings);
        sightings.see(999, null, 1_500);
        ProcessInfo gone = find(sampler.sample(2_000), 999).get();
        assertThat(gone.getExited()).isTrue();
        assertThat(gone.getFirstSeenMicros()).isEqualTo(1_500);
        assertThat(gone.getTaskId()).isNull();
        assertThat(find(sampler.sample(3_000), 999)).isEmpty();
    }

    private ProcessTreeSampler sampler(ProcessSightings sightings) {
        return new ProcessTreeSampler(new ProcFs(proc), 200, true, 64, 40, counters, sightings);
    }

    @Test
    void aProcessTheJvmStartedAndThatExitedBetweenSamplesIsReportedOnceWithItsExitTime() throws IOException {
        CompletableFuture<Object> neverByItself = new CompletableFuture<>();
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), process -> neverByItself);
        ProcessTreeSampler sampler = sampler(sightings);
        sampler.sample(1_000);
        // rdd.pipe: the JVM started a shell; the agent read its /proc entry; the JVM saw it exit.
        process(900, 200, "sh", "sh -c cat");
        sightings.seeStarted(900, 1_200, "sh -c cat", new Object());
        delete(proc.resolve("900"));
        sightings.exited(900, 1_700);

        ProcessInfo gone = find(sampler.sample(2_000), 900).get();
        assertThat(gone.getExited()).isTrue();
        assertThat(gone.getKind()).isEqualTo(ProcessKind.OTHER);
        assertThat(gone.getPpid()).isEqualTo(200);
        assertThat(gone.getCommand()).isEqualTo("sh -c cat");
        assertThat(gone.getFirstSeenMicros()).isEqualTo(1_200);
        assertThat(gone.getExitMicros()).isEqualTo(1_700);
        assertThat(gone.getLastSeenMicros()).isEqualTo(1_700);
        assertThat(gone.getStartTimeMicros()).isEqualTo(BOOT_MICROS + 1700L * 10_000);
        assertThat(gone.getTaskId()).isNull();
        assertThat(find(sampler.sample(3_000), 900)).isEmpty();
        assertThat(sightings.sightings()).isEmpty();
        assertThat(sightings.hasExit(900)).isFalse();
    }

    @Test
    void anExitNoticeStillOnItsWayHoldsTheReportOneTickOnly() throws IOException {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), process -> new CompletableFuture<>());
        ProcessTreeSampler sampler = sampler(sightings);
        process(901, 200, "python3", "python3 -c pass");
        sightings.seeStarted(901, 1_200, "python3 -c pass", new Object());
        delete(proc.resolve("901"));

        assertThat(find(sampler.sample(2_000), 901)).isEmpty();
        ProcessInfo gone = find(sampler.sample(3_000), 901).get();
        assertThat(gone.getExited()).isTrue();
        // A Python the driver JVM started is the Python driver (spark-submit app.py).
        assertThat(gone.getKind()).isEqualTo(ProcessKind.PYTHON_DRIVER);
        assertThat(gone.getExitMicros()).isNull();
        assertThat(gone.getLastSeenMicros()).isEqualTo(1_200);
    }

    @Test
    void aStartedProcessGoneBeforeItWasReadIsKnownByTheCommandItWasStartedWith() {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        ProcessTreeSampler sampler = sampler(sightings);
        sightings.seeStarted(902, 1_200, "/usr/bin/java -version", new Object());
        ProcessInfo gone = find(sampler.sample(2_000), 902).get();
        assertThat(gone.getKind()).isEqualTo(ProcessKind.JAVA);
        assertThat(gone.getPpid()).isEqualTo(200);
        assertThat(gone.getCommand()).isEqualTo("/usr/bin/java -version");
        assertThat(gone.getLastSeenMicros()).isEqualTo(1_200);
        assertThat(gone.getExitMicros()).isNull();
    }

    @Test
    void aSampledProcessThatIsGoneWasLastSeenAtTheLastSampleOrAtItsExit() throws IOException {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        ProcessTreeSampler sampler = sampler(sightings);
        process(903, 200, "sh", "sh -c sleep");
        process(904, 200, "sh", "sh -c sleep");
        sampler.sample(1_000);
        sampler.sample(2_000);
        delete(proc.resolve("903"));
        delete(proc.resolve("904"));
        sightings.exited(903, 2_500);
        sightings.exited(904, 500); // a recycled pid's stale notice: before the process was first seen

        ProcessTreeSample s = sampler.sample(3_000);
        assertThat(find(s, 903).get().getExitMicros()).isEqualTo(2_500);
        assertThat(find(s, 903).get().getLastSeenMicros()).isEqualTo(2_500);
        assertThat(find(s, 904).get().getExitMicros()).isNull();
        assertThat(find(s, 904).get().getLastSeenMicros()).isEqualTo(2_000);
        assertThat(find(s, 200).get().getLastSeenMicros()).isNull();
        assertThat(sightings.hasExit(904)).isFalse();
    }

    @Test
    void aWorkerSparkStartedItselfIsOneSightingThatKnowsItsTaskAndItsExit() throws IOException {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), process -> new CompletableFuture<>());
        ProcessTreeSampler sampler = sampler(sightings);
        // Non-daemon mode: Spark starts python -m pyspark.worker through ProcessBuilder, then create() returns it.
        process(906, 200, "python3", "python3 -m pyspark.worker");
        sightings.seeStarted(906, 1_200, "python3 -m pyspark.worker", new Object());
        sightings.see(906, 42L, 1_300);
        delete(proc.resolve("906"));
        sightings.exited(906, 1_800);

        ProcessInfo gone = find(sampler.sample(2_000), 906).get();
        assertThat(gone.getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
        assertThat(gone.getTaskId()).isEqualTo(42L);
        assertThat(gone.getFirstSeenMicros()).isEqualTo(1_200);
        assertThat(gone.getExitMicros()).isEqualTo(1_800);
    }

    @Test
    void aSightingReadOnlyAfterItsProcessWasSampledAndReportedGoneIsNotReportedTwice() throws IOException {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        ProcessTreeSampler sampler = sampler(sightings);
        process(907, 200, "sh", "sh -c true");
        assertThat(find(sampler.sample(1_000), 907).get().getExited()).isFalse();
        delete(proc.resolve("907"));
        assertThat(find(sampler.sample(2_000), 907).get().getExited()).isTrue();
        // The sightings thread, far behind, reads the start of 907 (at 900) only now.
        sightings.seeStarted(907, 900, "sh -c true", new Object());
        assertThat(find(sampler.sample(3_000), 907)).isEmpty();
        assertThat(sightings.sightings()).isEmpty();
        // The pid again, a new process started after that report: reported.
        sightings.seeStarted(907, 3_500, "sh -c false", new Object());
        assertThat(find(sampler.sample(4_000), 907).get().getCommand()).isEqualTo("sh -c false");
    }

    @Test
    void exitNoticesNothingClaimsAgeOut() {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        sightings.exited(905, 1_000);
        sightings.expireExits(1_000 + ProcessSightings.MAX_AGE_MICROS);
        assertThat(sightings.hasExit(905)).isTrue();
        sightings.expireExits(1_001 + ProcessSightings.MAX_AGE_MICROS);
        assertThat(sightings.hasExit(905)).isFalse();
    }

    @Test
    void reapedChildrenCpuComesFromCutimeAndCstime() {
        ProcStat p = ProcStat.parse("7 (sh) S 3 7 7 0 -1 0 0 0 0 0 11 12 30 40 20 0 1 0 99 0 5 0");
        assertThat(p.cpuTicks).isEqualTo(23);
        assertThat(p.reapedChildrenCpuTicks).isEqualTo(70);
        ProcessInfo jvm = find(sampler(64).sample(42), 200).get();
        assertThat(jvm.getReapedChildrenCpuNanos()).isNotNull();
    }

    @Test
    void theStartedCommandIsCutToTheLimitWithTheUsualMarkerAndCounted() {
        ProcessSightings sightings = new ProcessSightings(new ProcFs(proc), null);
        long before = AgentContext.counters().counter(CounterNames.TRUNCATED_STRINGS);
        assertThat(new ProcessStartSink(null, 40, sightings).command(Arrays.asList("sh", "-c", "sleep 0.05"))).isEqualTo("sh -c sleep 0.05");
        assertThat(AgentContext.counters().counter(CounterNames.TRUNCATED_STRINGS)).isEqualTo(before);
        ProcessStartSink narrow = new ProcessStartSink(null, 10, sightings);
        assertThat(narrow.command(Arrays.asList("python3", "-c", "x = 1234567890"))).isEqualTo("python3 -c...[truncated 15 chars]");
        assertThat(AgentContext.counters().counter(CounterNames.TRUNCATED_STRINGS)).isEqualTo(before + 1);
        assertThat(narrow.command(Arrays.asList())).isEmpty();
    }

    /** Gives every fixture process task directories with children files (CONFIG_PROC_CHILDREN). */
    private void childrenFiles(long pid, long[] threads, String... perThread) throws IOException {
        for (int i = 0; i < threads.length; i++) {
            Path task = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(threads[i])));
            Files.write(task.resolve("children"), perThread[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void whereTheKernelListsChildrenOnlyTheTreeIsRead() throws IOException {
        // The JVM's children spread over its threads; 300 forked 301; the rest have none.
        childrenFiles(200, new long[] {200, 201, 202}, "", "300 ", "400 600 ");
        childrenFiles(300, new long[] {300}, "301 ");
        for (long pid : new long[] {100, 301, 400, 500, 600}) {
            childrenFiles(pid, new long[] {pid}, "");
        }
        // A process whose stat names the JVM as parent but that no children file lists: a scan
        // of every pid would report it, the walk does not read it.
        process(700, 200, "sleep", "sleep 1");
        // An unreadable unrelated process costs nothing.
        Files.delete(proc.resolve("500").resolve("stat"));

        ProcessTreeSample s = sampler(64).sample(42);
        assertThat(s.getProcesses()).extracting(ProcessInfo::getPid).containsExactlyInAnyOrder(100L, 200L, 300L, 301L, 400L, 600L);
        assertThat(find(s, 100).get().getKind()).isEqualTo(ProcessKind.PYTHON_DRIVER);
        assertThat(find(s, 301).get().getKind()).isEqualTo(ProcessKind.PYTHON_WORKER);
        assertThat(find(s, 301).get().getPpid()).isEqualTo(300);
    }

    @Test
    void withoutChildrenFilesEveryPidIsScanned() throws IOException {
        process(700, 200, "sleep", "sleep 1");
        ProcessTreeSample s = sampler(64).sample(42);
        assertThat(find(s, 700)).isPresent();
        assertThat(new ProcFs(proc).children(200)).isEmpty();
        assertThat(new ProcFs(proc).hasChildrenFiles(200)).isFalse();
    }

    @Test
    void childrenFilesParse() throws IOException {
        childrenFiles(200, new long[] {200, 201}, "300 400 ", "600");
        assertThat(new ProcFs(proc).children(200)).containsExactlyInAnyOrder(300L, 400L, 600L);
        assertThat(new ProcFs(proc).children(12345)).isEmpty();
    }

    @Test
    void theProcessLimitCutsAndCounts() {
        ProcessTreeSample s = sampler(3).sample(42);
        // The launcher and the JVM come first; which descendants fit depends on directory order.
        assertThat(s.getProcesses()).hasSize(3).extracting(ProcessInfo::getPid).contains(100L, 200L);
        assertThat(counters.counter("agent.tree.processes_cut")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void statLinesWithOddNamesParseAndGarbageDoesNot() {
        ProcStat p = ProcStat.parse("7 (a) b (c)) R 3 7 7 0 -1 0 0 0 0 0 11 12 0 0 20 0 1 0 99 0 5 0");
        assertThat(p.comm).isEqualTo("a) b (c)");
        assertThat(p.ppid).isEqualTo(3);
        assertThat(p.cpuTicks).isEqualTo(23);
        assertThat(p.startTicks).isEqualTo(99);
        assertThat(p.rssPages).isEqualTo(5);
        assertThat(ProcStat.parse("garbage")).isNull();
        assertThat(ProcStat.parse("1 (x) S 0")).isNull();
        assertThat(SmapsRollup.parse("Rss: 1 kB\n")).isNull();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
