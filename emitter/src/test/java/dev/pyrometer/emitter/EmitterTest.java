/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.SampleEvents;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.wire.DropReasons;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EmitterTest {

    private static EmitterConfig config(String... kv) {
        return Awaits.config(new HashMap<>(), kv);
    }


    private static RunRef run(String id) {
        return RunRef.newBuilder().setAppId(id).build();
    }

    @Test
    void deliversPayloadsInOrderKeyedByRunWithSourceAndSequence() throws Exception {
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config(), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.identify(Role.EXECUTOR, "3");
        e.addComponent("agent");
        e.setRun(run("app-42"));
        for (int i = 0; i < 100; i++) {
            assertThat(e.offer(SampleEvents.taskEndPayload(i))).isTrue();
        }
        Awaits.await(() -> sink.events().size() >= 100);
        e.close(2000);
        List<Event> got = sink.events().stream().filter(ev -> ev.getPayload() instanceof TaskEnd).collect(Collectors.toList());
        assertThat(got).hasSize(100);
        for (int i = 0; i < 100; i++) {
            Event ev = got.get(i);
            assertThat(ev.getSeq()).isEqualTo(i);
            assertThat(((TaskEnd) ev.getPayload()).getTaskId()).isEqualTo(i);
            assertThat(ev.getRun().getAppId()).isEqualTo("app-42");
            assertThat(ev.getSource().getRole()).isEqualTo(Role.EXECUTOR);
            assertThat(ev.getSource().getExecutorId()).isEqualTo("3");
            assertThat(ev.getSource().getInstanceId()).isEqualTo(e.instanceId());
            assertThat(ev.getSource().getProducer()).isEqualTo("agent");
            assertThat(ev.getTimeMicros()).isGreaterThan(1_600_000_000_000_000L);
        }
        assertThat(sink.keys()).containsOnly("app-42");
        assertThat(e.counters().totalDropped()).isZero();
        assertThat(e.counters().totalSuppressed()).isZero();
    }

    @Test
    void whatAComponentFlushesAtCloseIsSentBeforeTheFinalReport() throws Exception {
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config(), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-7"));
        AtomicInteger flushes = new AtomicInteger();
        e.beforeClose(() -> {
            flushes.incrementAndGet();
            e.offer(SampleEvents.taskEndPayload(99));
        });
        e.beforeClose(() -> {
            throw new IllegalStateException("a component's flush fails");
        });
        e.close(2000);
        e.close(2000);
        assertThat(flushes.get()).as("run once, however often close is called").isEqualTo(1);
        List<Event> got = sink.events();
        assertThat(got).anySatisfy(ev -> assertThat(ev.getPayload()).isInstanceOf(TaskEnd.class));
        Event last = got.get(got.size() - 1);
        assertThat(last.getPayload()).as("the final report comes last").isInstanceOf(SelfMetrics.class);
        assertThat(e.counters().totalDropped()).isZero();
        assertThat(e.counters().suppressedSnapshot()).containsEntry("emitter.before_close", 1L);
    }

    @Test
    void theShutdownHookWaitsForWhatAnotherHookStillPostsThenSendsItBeforeTheFinalReport() throws Exception {
        // Spark's shutdown hook stops the SparkContext beside ours: the application's end reaches the
        // listener some hundreds of milliseconds after our hook started, well past the sender's idle wait.
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config("flush.timeout.ms", "5000"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-8"));
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        e.atShutdownAwait(nanos -> ended.await(nanos, TimeUnit.NANOSECONDS));
        Thread sparkHook = new Thread(() -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(600));
            e.offer(SampleEvents.taskEndPayload(77));
            ended.countDown();
        });
        sparkHook.start();
        e.closeAtShutdown();
        sparkHook.join();
        List<Event> got = sink.events();
        assertThat(got).anySatisfy(ev -> assertThat(ev.getPayload()).isInstanceOf(TaskEnd.class));
        assertThat(got.get(got.size() - 1).getPayload()).as("the final report comes last").isInstanceOf(SelfMetrics.class);
        assertThat(e.counters().totalDropped()).isZero();
    }

    @Test
    void eventsThatNeverPauseStillLeaveTheFinalReportTimeToBeDelivered() throws Exception {
        // The agent's samplers offer every 200 ms through a slow shutdown: the sender never saw its idle
        // wait, reached the deadline and closed Kafka's producer with 0 ms left, and the final report it
        // had just sent was lost (seen in e2e runs: the driver "ended without its final report").
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config("flush.timeout.ms", "2000"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-10"));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!stop.get()) {
                e.offer(SampleEvents.taskEndPayload(1));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        });
        sampler.start();
        Awaits.await(() -> sink.events().size() >= 3);
        long t0 = System.nanoTime();
        try {
            e.close(2000);
        } finally {
            stop.set(true);
            sampler.join();
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).isLessThan(2000 + 1000 + 500);
        // A quarter of the close's time (at most 1 s) is the final flush's.
        assertThat(sink.closeTimeouts).singleElement().satisfies(t -> assertThat(t).isBetween(300L, 500L));
        List<Event> got = sink.events();
        assertThat(got.get(got.size() - 1).getPayload()).isInstanceOf(SelfMetrics.class);
        assertThat(Emitter.finalFlushReserveMs(5_000)).isEqualTo(1_000);
        assertThat(Emitter.finalFlushReserveMs(0)).isZero();
    }

    @Test
    void theShutdownHookWaitsNoLongerThanTheFlushTimeoutInAll() {
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config("flush.timeout.ms", "400"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-9"));
        e.atShutdownAwait(nanos -> {
            long end = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        });
        e.atShutdownAwait(nanos -> {
            throw new IllegalStateException("never called: no time left");
        });
        long t0 = System.nanoTime();
        e.closeAtShutdown();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).isLessThan(400 + 1000 + 500);
        assertThat(e.counters().suppressedSnapshot()).doesNotContainKey("emitter.shutdown_wait");
        assertThat(sink.events().get(sink.events().size() - 1).getPayload()).isInstanceOf(SelfMetrics.class);
    }

    @Test
    void offerNeverBlocksAndCountsQueueFullDropsWhenTheSinkHangs() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.hang = true;
        Emitter e = Emitter.start(config("queue.events", "100", "flush.timeout.ms", "100"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        int accepted = 0;
        long worstNanos = 0;
        for (int i = 0; i < 10_000; i++) {
            long t0 = System.nanoTime();
            if (e.offer(SampleEvents.taskEndPayload(i))) {
                accepted++;
            }
            worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
        }
        // The sender holds at most one event in the hanging send; the queue holds the capacity.
        assertThat(accepted).isBetween(100, 101);
        assertThat(e.counters().dropped(DropReasons.QUEUE_FULL)).isEqualTo(10_000 - accepted);
        assertThat(worstNanos).as("no offer may wait for the sink").isLessThan(500_000_000L);
        sink.release.countDown();
        e.close(1000);
    }

    @Test
    void byteBoundTurnsAwayLargeEventsAndCountsThem() {
        RecordingSink sink = new RecordingSink();
        sink.hang = true;
        Emitter e = Emitter.start(config("queue.bytes", "64k", "flush.timeout.ms", "100"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (e.offer(SampleEvents.taskEndPayload(i), 10_000)) {
                accepted++;
            }
        }
        assertThat(accepted).isBetween(6, 7);
        assertThat(e.counters().dropped(DropReasons.BYTES_FULL)).isEqualTo(100 - accepted);
        sink.release.countDown();
        e.close(1000);
    }

    @Test
    void driverHoldsEventsUntilTheRunIsKnownThenSendsThemUnderIt() throws Exception {
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config(), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.identify(Role.DRIVER, "driver");
        for (int i = 0; i < 10; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        Thread.sleep(300);
        assertThat(sink.events()).isEmpty();
        e.setRun(run("app-late"));
        Awaits.await(() -> sink.events().size() >= 10);
        assertThat(sink.keys()).containsOnly("app-late");
        e.close(1000);
    }

    @Test
    void withoutAnApplicationIdEventsGoOutUnderTheJvmInstanceAfterTheWait() throws Exception {
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config("run.wait.ms", "100"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.offer(SampleEvents.taskEndPayload(1));
        Awaits.await(() -> !sink.events().isEmpty());
        assertThat(sink.keys().get(0)).isEqualTo("jvm-" + e.instanceId());
        e.close(1000);
    }

    @Test
    void sequenceGapsMatchDropsSoTheCollectorCanCountLoss() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.hang = true;
        Emitter e = Emitter.start(config("queue.events", "16", "flush.timeout.ms", "2000"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        for (int i = 0; i < 50; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        sink.release.countDown();
        sink.hang = false;
        e.close(2000);
        List<Event> tasks = sink.events().stream().filter(ev -> ev.getPayload() instanceof TaskEnd).collect(Collectors.toList());
        long lastSeq = 49;
        long missing = (lastSeq + 1) - tasks.stream().filter(ev -> ev.getSeq() <= lastSeq).count();
        assertThat(missing).isEqualTo(e.counters().totalDropped());
    }

    @Test
    void reportsSelfMetricsPeriodicallyAndOnceMoreAtShutdown() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.hang = true;
        Emitter e = Emitter.start(config("queue.events", "16", "self.metrics.interval.ms", "100", "flush.timeout.ms", "2000"),
                RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        for (int i = 0; i < 40; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        e.counters().suppressed("test.site");
        sink.hang = false;
        sink.release.countDown();
        Awaits.await(() -> sink.events().stream().anyMatch(ev -> ev.getPayload() instanceof SelfMetrics));
        e.close(2000);
        List<SelfMetrics> reports = sink.events().stream().filter(ev -> ev.getPayload() instanceof SelfMetrics)
                .map(ev -> (SelfMetrics) ev.getPayload()).collect(Collectors.toList());
        SelfMetrics last = reports.get(reports.size() - 1);
        assertThat(last.getAtShutdown()).isTrue();
        assertThat(last.getDropped()).containsEntry(DropReasons.QUEUE_FULL, e.counters().dropped(DropReasons.QUEUE_FULL));
        assertThat(last.getDropped().get(DropReasons.QUEUE_FULL)).isPositive();
        assertThat(last.getSuppressedErrors()).containsEntry("test.site", 1L);
        assertThat(last.getSent()).isEqualTo(sink.events().size() - 1);
    }

    /**
     * Offers racing the final report: every sequence number below the report's arrived or is
     * counted in the report, and none is above it. The sender seals, then waits for the offers
     * already past their first look at the state (no fixed pause), so none slips between its
     * drain and the report; repeated, with several threads offering as fast as they can.
     */
    @Test
    void offersRacingCloseAreEachSentOrCountedInTheFinalReport() throws Exception {
        for (int round = 0; round < 20; round++) {
            RecordingSink sink = new RecordingSink();
            Emitter e = Emitter.start(config("queue.events", "32", "flush.timeout.ms", "150"), RecordingSink.factory(sink), MicroClock.SYSTEM);
            e.setRun(run("app-race"));
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(3);
            List<Thread> offerers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread th = new Thread(() -> {
                    started.countDown();
                    for (int i = 0; !stop.get(); i++) {
                        e.offer(SampleEvents.taskEndPayload(i));
                    }
                });
                th.start();
                offerers.add(th);
            }
            started.await();
            Awaits.await(() -> !sink.events().isEmpty());
            Thread.sleep(round % 5);
            // The offers never pause, so the sender seals at the flush timeout, in mid-stream.
            e.close();
            stop.set(true);
            for (Thread th : offerers) {
                th.join(5_000);
            }
            // On a starved machine the sender may outlive close's own wait; its last act closes the sink.
            Awaits.await(() -> sink.closed);
            List<Event> got = sink.events();
            Event last = got.get(got.size() - 1);
            assertThat(last.getPayload()).isInstanceOf(SelfMetrics.class);
            SelfMetrics report = (SelfMetrics) last.getPayload();
            assertThat(report.getAtShutdown()).isTrue();
            long numberedDrops = report.getDropped().entrySet().stream()
                    .filter(d -> !d.getKey().equals(DropReasons.AFTER_FINAL_REPORT))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(got.stream().mapToLong(Event::getSeq).max().getAsLong()).isEqualTo(last.getSeq());
            assertThat(got.stream().map(Event::getSeq).distinct().count()).isEqualTo(got.size());
            assertThat((got.size() - 1) + numberedDrops)
                    .as("round %d: events below the report's seq %d, sent or counted in %s", round, last.getSeq(), report.getDropped())
                    .isEqualTo(last.getSeq());
        }
    }

    @Test
    void closeReturnsWithinTheFlushTimeoutEvenWhenTheSinkHangs() {
        RecordingSink sink = new RecordingSink();
        sink.hang = true;
        Emitter e = Emitter.start(config("flush.timeout.ms", "300"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        for (int i = 0; i < 100; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        long t0 = System.nanoTime();
        e.close();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).isLessThan(300 + 1000 + 500);
        sink.release.countDown();
    }

    @Test
    void closeDoesNotWaitOutTheFlushTimeoutWhenKafkaIsUnreachable() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.unavailable = true;
        Emitter e = Emitter.start(config("flush.timeout.ms", "20000"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        for (int i = 0; i < 100; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        Awaits.await(() -> e.counters().counter("send_retries") > 0);
        // Never reachable for longer than the emitter's 5 s "absent" threshold: the broker is not there.
        Thread.sleep(5_500);
        long t0 = System.nanoTime();
        e.close();
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(tookMs).as("a broker that is not there is not waited for").isLessThan(5_000);
        assertThat(e.counters().dropped(DropReasons.CLOSED)).isEqualTo(e.offeredCount());
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void closeStillWaitsForAKafkaThatIsOnlySlowAtFirst() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.unavailable = true;
        Emitter e = Emitter.start(config("flush.timeout.ms", "20000"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        for (int i = 0; i < 100; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        Awaits.await(() -> e.counters().counter("send_retries") > 0);
        Thread closer = new Thread(e::close);
        closer.start();
        Thread.sleep(300);
        sink.unavailable = false;
        closer.join(25_000);
        assertThat(sink.events().stream().filter(ev -> ev.getPayload() instanceof TaskEnd).count()).isEqualTo(100);
        assertThat(e.counters().totalDropped()).isZero();
    }

        @Test
    void failedSendsAreCountedPerReason() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.fail = true;
        Emitter e = Emitter.start(config(), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        for (int i = 0; i < 20; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        Awaits.await(() -> e.counters().dropped(DropReasons.SEND_FAILED) >= 20);
        e.close(500);
    }

    @Test
    void aSinkThatCannotBeCreatedDisablesTheEmitterWithoutTouchingTheCaller() throws Exception {
        Emitter e = Emitter.start(config(), (c, id) -> {
            throw new IllegalStateException("no such broker");
        }, MicroClock.SYSTEM);
        Awaits.await(e::isDisabled);
        assertThat(e.offer(SampleEvents.taskEndPayload(1))).isFalse();
        assertThat(e.counters().dropped(DropReasons.DISABLED)).isEqualTo(1);
        assertThat(e.counters().suppressedCount("emitter.start")).isEqualTo(1);
        e.close(100);
    }

    @Test
    void disabledByConfigStartsNoThreadAndSendsNothing() {
        int threadsBefore = Thread.activeCount();
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config("enabled", "false"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        assertThat(e.offer(SampleEvents.taskEndPayload(1))).isFalse();
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
        e.close(100);
        assertThat(sink.events()).isEmpty();
    }

    @Test
    void payloadsThatCannotBeEncodedAreCountedNotThrown() throws Exception {
        RecordingSink sink = new RecordingSink();
        Emitter e = Emitter.start(config(), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        assertThat(e.offer("not a payload")).isTrue();
        e.offer(SampleEvents.taskEndPayload(2));
        Awaits.await(() -> e.counters().dropped(DropReasons.ENCODE_FAILED) == 1 && sink.events().size() == 1);
        e.close(500);
    }

    /**
     * The contract the collector's loss accounting relies on: every sequence number from 0 to the
     * final report's is either received or counted in the final report's drops (reasons that take
     * no sequence number excepted), and nothing offered after the final report takes one.
     */
    @Test
    void theFinalReportAccountsForEverySequenceNumberBelowIt() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.hang = true;
        Emitter e = Emitter.start(config("queue.events", "16", "flush.timeout.ms", "2000"), RecordingSink.factory(sink), MicroClock.SYSTEM);
        e.setRun(run("app-1"));
        e.offer("not a payload");
        for (int i = 0; i < 60; i++) {
            e.offer(SampleEvents.taskEndPayload(i));
        }
        sink.hang = false;
        sink.release.countDown();
        e.close(2000);
        for (int i = 0; i < 5; i++) {
            assertThat(e.offer(SampleEvents.taskEndPayload(100 + i))).isFalse();
        }
        List<Event> got = sink.events();
        Event finalReport = got.get(got.size() - 1);
        assertThat(((SelfMetrics) finalReport.getPayload()).getAtShutdown()).isTrue();
        long last = finalReport.getSeq();
        assertThat(got.stream().mapToLong(Event::getSeq).max().getAsLong()).isEqualTo(last);
        Map<String, Long> dropped = new HashMap<>(((SelfMetrics) finalReport.getPayload()).getDropped());
        dropped.remove(DropReasons.AFTER_FINAL_REPORT);
        dropped.remove(DropReasons.DISABLED);
        long counted = dropped.values().stream().mapToLong(Long::longValue).sum();
        long received = got.stream().map(Event::getSeq).distinct().count();
        assertThat(dropped).containsKeys(DropReasons.ENCODE_FAILED, DropReasons.QUEUE_FULL);
        assertThat(last + 1 - received).as("missing sequence numbers = drops counted in the final report").isEqualTo(counted);
        assertThat(e.counters().dropped(DropReasons.AFTER_FINAL_REPORT)).isEqualTo(5);
    }
}
