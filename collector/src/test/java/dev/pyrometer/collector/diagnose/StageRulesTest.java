/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static dev.pyrometer.collector.diagnose.RunFixture.MIB;
import static dev.pyrometer.collector.diagnose.RunFixture.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageRulesTest {

    @Test
    void skewedPartitionIsNamedWithItsBytesAgainstTheMedian() {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = repeat(4_000, 8);
        long[] bytes = repeat(64 * MIB, 8);
        dur[7] = 40_000;
        bytes[7] = 640 * MIB;
        r.stage("groupBy at skew.py:9", dur, bytes);
        List<Finding> f = RunFixture.alarms(StageRules.of(r.timeline()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("slowness/skew");
            assertThat(x.title()).contains("partition 7 holds 640.0 MiB (10.0× the median of 64.0 MiB) and took 40.0 s");
            assertThat(x.evidence()).anySatisfy(e -> assertThat(e).contains("max 40.0 s (10.0× the median)"));
        });
    }

    @Test
    void aSlowTaskWithTheSameDataIsAStragglerNotSkew() {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = repeat(4_000, 8);
        dur[3] = 30_000;
        r.stage("map", dur, repeat(64 * MIB, 8));
        assertThat(RunFixture.alarms(StageRules.of(r.timeline()))).singleElement()
                .satisfies(x -> assertThat(x.rule()).isEqualTo("slowness/straggler"));
    }

    /** The demo's hot key through partitionBy: few bytes (1.4 MiB), but 54x the median and the slow task. */
    @Test
    void aHotPartitionWithFewBytesIsSkewWhenItIsAlsoTheSlowTask() {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = repeat(240, 8);
        long[] bytes = repeat(26_600, 8);
        dur[0] = 2_037;
        bytes[0] = 1_448_747;
        r.stage("collect at app.py:97", dur, bytes);
        assertThat(RunFixture.alarms(StageRules.of(r.timeline()))).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("slowness/skew");
            assertThat(x.title()).contains("partition 0 holds 1.4 MiB (54.5× the median of 26.0 KiB)");
        });
    }

    /** An RDD from parallelize reads nothing: what its tasks write shows which partition is heavy. */
    @Test
    void aStageThatReadsNothingIsJudgedByWhatItWrites() {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = repeat(300, 6);
        dur[4] = 3_000;
        r.stage("partitionBy at app.py:40", dur, repeat(0, 6));
        r.tasks.replaceAll(t -> RunFixture.withWrites(t, t.index() == 4 ? 20 * MIB : 2 * MIB));
        assertThat(RunFixture.alarms(StageRules.of(r.timeline()))).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("slowness/skew");
            assertThat(x.title()).contains("partition 4 holds 20.0 MiB");
            assertThat(x.evidence()).anySatisfy(e -> assertThat(e).startsWith("shuffle write+result per task"));
        });
    }

    /** The first task of each executor starts its Python worker: slow once per executor, not a straggler. */
    @Test
    void slowFirstTasksOnEveryExecutorAreWarmUpNotStragglers() {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = repeat(300, 8);
        dur[0] = 3_900;
        dur[2] = 3_700;
        r.stage("collect at app.py:67", dur, repeat(0, 8));
        assertThat(r.tasks).filteredOn(t -> t.index() == 0 || t.index() == 2)
                .extracting(RunTimeline.Task::executorId).containsExactlyInAnyOrder("1", "2");
        assertThat(RunFixture.alarms(StageRules.of(r.timeline()))).isEmpty();
    }

    @Test
    void gcHeavyStageAndSpillAreFlaggedWithTheWorstTasks() {
        RunFixture r = RunFixture.healthy(1);
        r.tasks.replaceAll(t -> RunFixture.withGcAndSpill(t, t.runTimeMs() * 3 / 10, t.index() == 2 ? 300 * MIB : 0));
        List<Finding> f = RunFixture.alarms(StageRules.of(r.timeline()));
        assertThat(f).extracting(Finding::rule).containsExactly("slowness/gc", "slowness/spill");
        assertThat(f.get(0).title()).contains("30% of task time");
        assertThat(f.get(1).evidence()).containsExactly("most: task 2 (partition 2) spilled 300.0 MiB");
    }

    @Test
    void largePartitionsGetASuggestedCount() {
        RunFixture r = RunFixture.healthy(0);
        r.stage("scan", repeat(60_000, 4), repeat(1024 * MIB, 4));
        assertThat(RunFixture.alarms(StageRules.of(r.timeline()))).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("slowness/partitions");
            assertThat(x.nextStep()).contains("about 32 partitions");
        });
    }

    @Test
    void manyTinyPartitionsAreANoteWithAFewerCount() {
        RunFixture r = RunFixture.healthy(0);
        r.stage("shuffle", repeat(50, 200), repeat(MIB, 200));
        List<Finding> f = StageRules.of(r.timeline());
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Finding.Severity.INFO);
            assertThat(x.nextStep()).contains("about 4 partitions");
        });
    }

    /** A post-shuffle stage of 8 quick tasks; partition 3 reads {@code hotBytes} and {@code hotRecords}. */
    private static RunFixture postShuffle(long hotBytes, long hotRecords, long otherBytes, long otherRecords) {
        RunFixture r = RunFixture.healthy(0);
        long[] dur = repeat(100, 8);
        dur[3] = 500;
        r.stage("partitionBy at job.py:30", dur, repeat(0, 8));
        r.mapTasks(0, t -> RunFixture.withShuffleRead(t, t.index() == 3 ? hotBytes : otherBytes,
                t.index() == 3 ? hotRecords : otherRecords));
        return r;
    }

    @Test
    void aCheapHotPartitionAfterAShuffleIsLatentSkewWithItsShareOfRowsAndBytes() {
        // The case: 141x the median data, 0.5 s today.
        List<Finding> f = StageRules.of(postShuffle(141 * 20 * 1024, 141 * 200, 20 * 1024, 200).timeline());
        assertThat(RunFixture.alarms(f)).isEmpty();
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("slowness/latent-skew");
            assertThat(x.severity()).isEqualTo(Finding.Severity.INFO);
            assertThat(x.title()).contains("partition 3 holds 141.0× the median data (28,200 records (95% of the stage's records), "
                    + "2.8 MiB) and costs only 500 ms today");
            assertThat(x.evidence()).anySatisfy(e -> assertThat(e).contains("(95% of the stage's bytes)"));
            assertThat(x.explanation()).contains("Silent below 1.0 MiB and 10,000 records");
        });
    }

    @Test
    void trulySmallOrEvenDataIsSilent() {
        // 141x, but 282 KiB and 2,820 records: below both lines.
        assertThat(StageRules.of(postShuffle(141 * 2048, 141 * 20, 2048, 20).timeline())).isEmpty();
        // Big but even: 8 MiB everywhere.
        assertThat(StageRules.of(postShuffle(8 * MIB, 80_000, 8 * MIB, 80_000).timeline())).isEmpty();
        // 5x the median: skewed, but not enough to dominate at ten times the data.
        assertThat(StageRules.of(postShuffle(5 * MIB, 50_000, MIB, 10_000).timeline())).isEmpty();
    }

    @Test
    void healthyStagesRaiseNoAlarm() {
        assertThat(StageRules.of(RunFixture.healthy(3).timeline())).isEmpty();
    }
}
