/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.stats.IntervalAccumulator;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.DropReasons;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Py4jRecorderTest {
    private final LossCounters counters = new LossCounters();
    private final Py4jRecorder recorder = new Py4jRecorder(16, 64, 2, 1000, 1_000_000_000L, () -> counters);

    private void call(Object target, String method, String response, boolean error) {
        recorder.commandStart();
        recorder.invoked(null, target, method, error, error ? new IllegalStateException("x") : null);
        recorder.response(response);
        recorder.commandEnd();
    }

    private IntervalAccumulator.Snapshot drained(Object target, String method) {
        IntervalAccumulator.Snapshot s = new IntervalAccumulator.Snapshot();
        assertThat(recorder.table().entry(target, method).acc.drainInto(s)).as(target + "." + method).isTrue();
        return s;
    }

    @Test
    void aggregatesCallsPerTargetClassAndMethod() {
        for (int i = 0; i < 5; i++) {
            call("a string target", "length", "!yi5", false);
        }
        call(Integer.valueOf(3), "intValue", "!yi3", false);
        call("s", "charAt", "!xro12", true);

        IntervalAccumulator.Snapshot len = drained(String.class, "length");
        assertThat(len.count).isEqualTo(5);
        assertThat(len.totalSize).isEqualTo(20);
        assertThat(len.maxSize).isEqualTo(4);
        assertThat(len.errors).isZero();
        assertThat(drained(Integer.class, "intValue").count).isEqualTo(1);
        assertThat(drained(String.class, "charAt").errors).isEqualTo(1);
        assertThat(recorder.outliers()).isEmpty();
        assertThat(counters.totalSuppressed()).isZero();
    }

    @Test
    void staticCallsAndConstructorsAreKeyedByTheirClass() {
        recorder.commandStart();
        recorder.invoked("z:java.lang.System", null, "currentTimeMillis", false, null);
        recorder.response("!yL123");
        recorder.commandEnd();
        recorder.commandStart();
        recorder.invoked("java.util.ArrayList", null, null, false, null);
        recorder.response("!yro7");
        recorder.commandEnd();

        CallTable.Entry st = recorder.table().entry("z:java.lang.System", "currentTimeMillis");
        assertThat(st.targetClass()).isEqualTo("java.lang.System");
        assertThat(drained("z:java.lang.System", "currentTimeMillis").count).isEqualTo(1);
        CallTable.Entry ctor = recorder.table().entry("java.util.ArrayList", CallTable.CONSTRUCTOR);
        assertThat(ctor.targetClass()).isEqualTo("java.util.ArrayList");
        assertThat(drained("java.util.ArrayList", CallTable.CONSTRUCTOR).count).isEqualTo(1);
    }

    @Test
    void aCallbackNestedOnTheSameThreadIsItsOwnCall() {
        recorder.commandStart();
        // Inside outerMethod Java calls back into Python, which calls Java again on this pinned thread.
        call(Integer.valueOf(1), "inner", "!yi1", false);
        recorder.invoked(null, "outer", "outerMethod", false, null);
        recorder.response("!ysdone");
        recorder.commandEnd();

        assertThat(drained(String.class, "outerMethod").totalSize).isEqualTo(7);
        assertThat(drained(Integer.class, "inner").totalSize).isEqualTo(4);
    }

    @Test
    void largeResponsesBecomeOutliersAndAFullQueueIsCounted() {
        String big = "!ys" + new String(new char[2000]);
        call("t", "big", big, false);
        call("t", "big", big, false);
        call("t", "big", big, false);

        List<OutlierCall> queued = new ArrayList<>(recorder.outliers());
        assertThat(queued).hasSize(2);
        OutlierCall o = queued.get(0);
        assertThat(o.targetClass).isEqualTo("java.lang.String");
        assertThat(o.method).isEqualTo("big");
        assertThat(o.responseChars).isEqualTo(2003);
        assertThat(o.bySize).isTrue();
        assertThat(o.byDuration).isFalse();
        assertThat(o.threadName).isEqualTo(Thread.currentThread().getName());
        assertThat(counters.dropped("agent.py4j.outlier_queue_full")).isEqualTo(1);
        assertThat(drained(String.class, "big").count).isEqualTo(3);
    }

    @Test
    void callsThatEndAfterTheFinalExportAreCountedNotLeftBehind() {
        call("t", "length", "!yi1", false);
        // What Py4jExporter.exportFinal does before it walks the table.
        recorder.sealOutliers();
        recorder.table().seal();
        IntervalAccumulator.Snapshot last = new IntervalAccumulator.Snapshot();
        assertThat(recorder.table().entry(String.class, "length").acc.drainFinal(last)).isTrue();
        assertThat(last.count).isEqualTo(1);

        call("t", "length", "!yi1", false);
        call(Integer.valueOf(1), "firstCalledNow", "!yi1", false);
        call("t", "big", "!ys" + new String(new char[2000]), false);

        assertThat(counters.dropped(DropReasons.AGENT_PY4J_AFTER_FINAL_EXPORT)).as("a sealed entry, a new entry, an outlier")
                .isEqualTo(3);
        assertThat(recorder.outliers()).isEmpty();
        assertThat(recorder.table().entry(Integer.class, "firstCalledNow").acc.drainInto(last)).isFalse();
        assertThat(counters.totalSuppressed()).isZero();
    }

    @Test
    void anOutlierCarriesTheJobsItsCallSubmittedOnItsThread() throws Exception {
        String big = "!ys" + new String(new char[2000]);
        recorder.commandStart();
        recorder.jobSubmitted(7);
        // A job submitted on another thread meanwhile is not this call's.
        Thread other = new Thread(() -> recorder.jobSubmitted(99));
        other.start();
        other.join();
        recorder.jobSubmitted(8);
        recorder.invoked(null, "df", "collectToPython", false, null);
        recorder.response(big);
        recorder.commandEnd();
        // The next call on the same thread starts with no jobs.
        call("df", "count", big, false);

        List<OutlierCall> queued = new ArrayList<>(recorder.outliers());
        assertThat(queued).hasSize(2);
        assertThat(queued.get(0).method).isEqualTo("collectToPython");
        assertThat(queued.get(0).jobIds).containsExactly(7, 8);
        assertThat(queued.get(1).jobIds).isEmpty();
        assertThat(counters.totalSuppressed()).isZero();
    }

    @Test
    void jobsBeyondTheSlotsOfACallAreCountedNotKept() {
        String big = "!ys" + new String(new char[2000]);
        recorder.commandStart();
        for (int i = 0; i < ThreadCalls.MAX_JOBS + 3; i++) {
            recorder.jobSubmitted(i);
        }
        recorder.invoked(null, "df", "many", false, null);
        recorder.response(big);
        recorder.commandEnd();
        assertThat(recorder.outliers().peek().jobIds).hasSize(ThreadCalls.MAX_JOBS).startsWith(0, 1, 2);
        assertThat(counters.counter("agent.py4j.jobs_not_kept")).isEqualTo(3);
    }

    @Test
    void threadSlotsAreReleasedWhenTheCommandEnds() throws Exception {
        for (int i = 0; i < 100; i++) {
            Thread t = new Thread(() -> call("x", "m", "!yv", false));
            t.start();
            t.join();
        }
        assertThat(drained(String.class, "m").count).isEqualTo(100);
        assertThat(counters.counter("agent.py4j.untracked_threads")).isZero();
    }

    @Test
    void invokeOutsideACommandIsIgnored() {
        recorder.invoked(null, "x", "orphan", false, null);
        recorder.jobSubmitted(3);
        recorder.response("!yv");
        recorder.commandEnd();
        IntervalAccumulator.Snapshot s = new IntervalAccumulator.Snapshot();
        assertThat(recorder.table().entry(String.class, "orphan").acc.drainInto(s)).isFalse();
        assertThat(counters.totalSuppressed()).isZero();
    }

    @Test
    void pairsBeyondTheLimitGoToOneOverflowEntry() {
        CallTable table = new CallTable(16);
        for (int i = 0; i < 40; i++) {
            table.entry("z:C" + i, "m").acc.record(1000, 1, false);
        }
        assertThat(table.size()).isEqualTo(16);
        IntervalAccumulator.Snapshot s = new IntervalAccumulator.Snapshot();
        assertThat(table.overflow.acc.drainInto(s)).isTrue();
        assertThat(s.count).isEqualTo(24);
        assertThat(table.overflow.targetClass()).isEqualTo(CallTable.OTHER);
    }
}
