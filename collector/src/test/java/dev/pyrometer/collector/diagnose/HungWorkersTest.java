/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HungWorkersTest {
    private static final long MIB = 1L << 20;

    private static String dump(String file, int line, String function) {
        return "Thread 0x00007f01 (most recent call first):\n  File \"/usr/lib/python3.11/threading.py\", line 320 in wait\n\n"
                + "Current thread 0x00007f02 (most recent call first):\n  File \"" + file + "\", line " + line + " in "
                + function + "\n  File \"/opt/spark/python/lib/pyspark.zip/pyspark/worker.py\", line 1247 in main\n";
    }

    /** A stage of eight tasks where task 3 is the slow one; dumps for that task's worker. */
    private static RunFixture straggler(String... texts) {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = new long[8];
        Arrays.fill(dur, 4_000);
        dur[3] = 30_000;
        long[] bytes = new long[8];
        Arrays.fill(bytes, 64 * MIB);
        r.stage("map at enrich.py:12", dur, bytes);
        RunTimeline.Task slow = r.tasks.stream().filter(t -> t.index() == 3).findFirst().orElseThrow();
        for (int i = 0; i < texts.length; i++) {
            r.pythonDumps.add(new RunTimeline.PythonDumpRow(slow.launchMs() + 5_000L * (i + 1), slow.executorId(), 4711,
                    slow.taskId(), i + 1, 5_000L * (i + 1), texts[i], false));
        }
        return r;
    }

    @Test
    void theSameFrameInEveryDumpIsAHangThatReplacesTheStraggler() {
        String d = dump("/home/alice/jobs/enrich.py", 57, "lookup");
        RunFixture r = straggler(d, d, d);
        List<Finding> all = Diagnosis.of(r.timeline());
        assertThat(all).noneMatch(f -> f.rule().equals("slowness/straggler"));
        Finding f = all.stream().filter(x -> x.rule().equals("python/hung")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
        assertThat(f.title()).contains("pid 4711", "hung in lookup at enrich.py:57", "partition 3");
        assertThat(f.evidence()).contains("hung in: /home/alice/jobs/enrich.py:57 in lookup");
        assertThat(f.explanation()).contains("not skew");
    }

    @Test
    void framesThatMoveAreANoteAndTheStragglerStays() {
        RunFixture r = straggler(dump("/home/alice/jobs/enrich.py", 57, "lookup"), dump("/home/alice/jobs/enrich.py", 61, "score"));
        List<Finding> all = Diagnosis.of(r.timeline());
        assertThat(all).anyMatch(f -> f.rule().equals("slowness/straggler"));
        assertThat(all).noneMatch(f -> f.rule().equals("python/hung"));
        assertThat(all).filteredOn(f -> f.rule().equals("python/long-task")).singleElement()
                .satisfies(f -> assertThat(f.title()).contains("busy in score at enrich.py:61"));
    }

    @Test
    void aSingleDumpIsNoHangAndUnparsableTextIsIgnored() {
        assertThat(HungWorkers.of(straggler(dump("/a/x.py", 1, "f")).timeline()).hungTasks()).isEmpty();
        assertThat(HungWorkers.of(straggler("garbage", "more garbage").timeline()).findings()).isEmpty();
    }
}
