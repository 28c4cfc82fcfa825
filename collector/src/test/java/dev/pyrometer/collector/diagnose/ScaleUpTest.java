/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static dev.pyrometer.collector.diagnose.RunFixture.MIB;
import static dev.pyrometer.collector.diagnose.RunFixture.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleUpTest {

    /** The same job at 1%, 10%, 20% and 40%: a linear load stage and, optionally, a pairwise one. */
    private static List<RunTimeline> series(boolean pairwise) {
        List<RunTimeline> runs = new ArrayList<>();
        for (int pct : new int[] {10, 1, 40, 20}) {
            RunFixture r = RunFixture.healthy(0);
            r.runId = "run-" + pct + "pct";
            r.series = "nightly";
            r.stage("load at job.py:10", repeat(500L * pct, 8), repeat(8 * MIB * pct, 8));
            long pairMs = pairwise ? 20L * pct * pct : 300L * pct;
            r.stage("pairs at job.py:20", repeat(pairMs, 8), repeat(2 * MIB * pct, 8));
            runs.add(r.timeline());
        }
        return runs;
    }

    @Test
    void aPairwiseStageIsFlaggedWithItsExponentAndALinearOneIsNot() {
        ScaleUp s = ScaleUp.of(series(true));
        assertThat(s.runIds()).containsExactly("run-1pct", "run-10pct", "run-20pct", "run-40pct");
        assertThat(s.stages()).extracting(ScaleUp.StageGrowth::key)
                .containsExactly("load at job.py:10 #1", "pairs at job.py:20 #1");
        assertThat(s.stages().get(0).timeExponent()).isCloseTo(1.0, within(0.05));
        assertThat(s.stages().get(1).timeExponent()).isCloseTo(2.0, within(0.05));
        assertThat(s.measure()).isEqualTo(ScaleUp.Measure.BYTES);
        assertThat(s.stages().get(1).points()).extracting(ScaleUp.Point::size)
                .containsExactly(16.0 * MIB, 160.0 * MIB, 320.0 * MIB, 640.0 * MIB);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("scale-up/superlinear");
            assertThat(f.title()).contains("pairs at job.py:20", "at 10 times the largest run (6.3 GiB)",
                    "exponent 2.00 ± ", "from 4 runs");
            assertThat(f.evidence()).hasSize(6).last().isEqualTo("size measured by: " + ScaleUp.Measure.BYTES.label());
        });
    }

    @Test
    void aLinearSeriesRaisesNoAlarm() {
        ScaleUp s = ScaleUp.of(series(false));
        assertThat(s.findings()).isEmpty();
        assertThat(s.stages()).allSatisfy(g -> assertThat(g.timeExponent()).isCloseTo(1.0, within(0.1)));
    }

    @Test
    void twoRunsGiveAnExponentButNoVerdict() {
        ScaleUp s = ScaleUp.of(series(true).subList(0, 2));
        assertThat(s.stages().get(1).timeExponent()).isGreaterThan(1.3);
        assertThat(s.findings()).isEmpty();
    }

    private static ScaleUp.Point pt(String run, double size, long ms) {
        return new ScaleUp.Point(run, size, ms, 0);
    }

    private static ScaleUp.StageGrowth growth(ScaleUp.Point... pts) {
        return ScaleUp.StageGrowth.of("s", List.of(pts));
    }

    @Test
    void theFixedPartIsSeparatedFromTheGrowingPart() {
        // The stage: 28 s, 32 s, 58 s, 151 s with twice the data each run; a plain log-log
        // slope over the totals is 0.81, which hid it.
        ScaleUp.StageGrowth g = growth(pt("a", 1, 28_000), pt("b", 2, 32_000), pt("c", 4, 58_000), pt("d", 8, 151_000));
        assertThat(ScaleUp.exponent(g.points(), p -> (double) p.wallMs())).isCloseTo(0.81, within(0.01));
        assertThat(g.fit().exponent()).isBetween(1.7, 2.3);
        assertThat(g.fit().fixedMs()).isBetween(20_000.0, 30_000.0);
        assertThat(g.fit().exponentError()).isLessThan(0.4);
        assertThat(g.quality()).isEqualTo(ScaleUp.FitQuality.GOOD);
        assertThat(g.superlinear()).isTrue();
    }

    @Test
    void anExactPowerLawWithAFixedPartIsRecovered() {
        double[] xs = {1, 3, 10, 30};
        double[] ys = new double[4];
        for (int i = 0; i < 4; i++) {
            ys[i] = 5_000 + 100 * Math.pow(xs[i], 1.5);
        }
        PowerFit f = PowerFit.of(xs, ys);
        assertThat(f.exponent()).isCloseTo(1.5, within(0.01));
        assertThat(f.fixedMs()).isCloseTo(5_000, within(50.0));
        assertThat(f.at(300)).isCloseTo(5_000 + 100 * Math.pow(300, 1.5), within(0.02 * 100 * Math.pow(300, 1.5)));
        assertThat(f.relativeResidual()).isLessThan(0.001);
    }

    @Test
    void aStageThatTakesTheSameTimeAtEverySizeIsNotGrowing() {
        ScaleUp.StageGrowth g = growth(pt("a", 1, 2_000), pt("b", 2, 2_050), pt("c", 4, 2_010), pt("d", 8, 2_100));
        assertThat(g.superlinear()).isFalse();
        assertThat(g.quality()).isIn(ScaleUp.FitQuality.NOT_GROWING, ScaleUp.FitQuality.UNSTEADY);
        ScaleUp.StageGrowth steady = growth(pt("a", 1, 2_000), pt("b", 2, 2_010), pt("c", 4, 2_020), pt("d", 8, 2_400));
        assertThat(steady.quality()).isEqualTo(ScaleUp.FitQuality.NOT_GROWING);
    }

    @Test
    void aNoisyLinearStageOnThreeRunsIsNotFlagged() {
        // 5% noise on a linear stage lets three points fit a fixed part and an exponent of 1.29.
        ScaleUp.StageGrowth g = growth(pt("a", 1, 2_100), pt("b", 2, 3_900), pt("c", 4, 8_300));
        assertThat(g.superlinear()).isFalse();
    }

    @Test
    void generatedInputIsMeasuredInRecords() {
        // parallelize/spark.range: no input bytes, no shuffle read; the stage's written records grow.
        List<RunTimeline> runs = new ArrayList<>();
        for (int k : new int[] {1, 2, 4, 8}) {
            RunFixture r = RunFixture.healthy(0);
            r.runId = "gen-" + k;
            r.stage("generate at job.py:5", repeat(300L * k, 4), repeat(0, 4));
            r.stage("pairs at job.py:9", repeat(100L * k * k, 4), repeat(0, 4));
            r.stage("broadcast pairs at job.py:12", repeat(100L * k * k, 4), repeat(0, 4));
            final long records = 10_000L * k;
            r.mapTasks(0, t -> RunFixture.withRecords(t, 0, 0, records, 0));
            r.mapTasks(1, t -> RunFixture.withRecords(t, 0, records, 0, 0));
            // A partial count per task: written records that do not grow are no size.
            r.mapTasks(2, t -> RunFixture.withRecords(t, 0, 0, 1, 0));
            runs.add(r.timeline());
        }
        ScaleUp s = ScaleUp.of(runs);
        assertThat(s.measure()).isEqualTo(ScaleUp.Measure.RECORDS);
        assertThat(s.measureNote()).isNull();
        assertThat(s.stages().get(0).points()).extracting(ScaleUp.Point::size).containsExactly(40_000.0, 80_000.0,
                160_000.0, 320_000.0);
        // The broadcast stage is measured by the run's records: 2 x 40,000 + 4 per run of scale 1.
        assertThat(s.stages().get(2).points()).extracting(ScaleUp.Point::size).containsExactly(80_004.0, 160_004.0,
                320_004.0, 640_004.0);
        assertThat(s.stages().get(2).superlinear()).isTrue();
        assertThat(s.findings()).hasSize(2).first().satisfies(f -> {
            assertThat(f.title()).contains("pairs at job.py:9", "3,200,000 records");
            assertThat(f.evidence()).contains("size measured by: " + ScaleUp.Measure.RECORDS.label());
        });
    }

    @Test
    void withoutAnyGrowingMeasureTheComparisonAsksForADeclaredScale() {
        List<RunTimeline> runs = new ArrayList<>();
        for (int k : new int[] {1, 2, 4}) {
            RunFixture r = RunFixture.healthy(0);
            r.runId = "range-" + k;
            r.stage("pairs at job.py:9", repeat(1_000L * k * k, 4), repeat(0, 4));
            r.mapTasks(0, t -> RunFixture.withRecords(t, 0, 0, 1, 0));
            runs.add(r.timeline());
        }
        ScaleUp s = ScaleUp.of(runs);
        assertThat(s.findings()).isEmpty();
        assertThat(s.stages()).singleElement().satisfies(g -> assertThat(g.quality()).isEqualTo(ScaleUp.FitQuality.NO_SPREAD));
        assertThat(s.measureNote()).contains("spark.pyrometer.scale", "--scale");
    }

    @Test
    void aDeclaredScaleWinsAndIsProjectedToScaleOne() {
        List<RunTimeline> runs = new ArrayList<>();
        for (double scale : new double[] {0.05, 0.1, 0.2, 0.4}) {
            RunFixture r = RunFixture.healthy(0);
            r.runId = "s-" + scale;
            r.conf.put(ScaleUp.SCALE_CONF, Double.toString(scale));
            long ms = Math.round(1_000 + 100_000 * scale * scale);
            r.stage("pairs at job.py:9", repeat(ms, 4), repeat(MIB, 4));
            runs.add(r.timeline());
        }
        ScaleUp s = ScaleUp.of(runs);
        assertThat(s.measure()).isEqualTo(ScaleUp.Measure.DECLARED_SCALE);
        assertThat(s.runIds()).containsExactly("s-0.05", "s-0.1", "s-0.2", "s-0.4");
        assertThat(s.findings()).singleElement().satisfies(f -> assertThat(f.title()).contains("at scale 1.0 it would take about"));
        // 1 s + 100 s x 1^2 per task, 4 tasks on 4 slots: about 101 s.
        PowerFit fit = s.stages().get(0).fit();
        assertThat(fit.at(1.0)).isBetween(95_000.0, 107_000.0);
    }

    @Test
    void aScaleThatIsNotAPositiveNumberIsIgnored() {
        RunFixture r = RunFixture.healthy(1);
        r.conf.put(ScaleUp.SCALE_CONF, "ten percent");
        assertThat(ScaleUp.declaredScale(r.timeline())).isEqualTo(-1);
        r.conf.put(ScaleUp.SCALE_CONF, "-0.1");
        assertThat(ScaleUp.declaredScale(r.timeline())).isEqualTo(-1);
        r.conf.put(ScaleUp.SCALE_CONF, " 0.25 ");
        assertThat(ScaleUp.declaredScale(r.timeline())).isEqualTo(0.25);
    }

    @Test
    void leastSquaresSlopeOfAPowerLaw() {
        List<ScaleUp.Point> pts = List.of(pt("a", 100, 1_000), pt("b", 1_000, 31_623), pt("c", 10_000, 1_000_000));
        assertThat(ScaleUp.exponent(pts, p -> (double) p.wallMs())).isCloseTo(1.5, within(0.001));
        assertThat(ScaleUp.exponent(pts, p -> (double) p.peakMemoryBytes())).isNaN();
    }

    @Test
    void aStageWhoseInputDoesNotGrowGetsNoExponentAndNoFlag() {
        // Seen on a real series: a count stage reading the same 58-59 byte shuffle at every size.
        ScaleUp.StageGrowth g = growth(pt("a", 59, 208), pt("b", 58, 97), pt("c", 59, 361));
        assertThat(g.fit()).isNull();
        assertThat(g.timeExponent()).isNaN();
        assertThat(g.quality()).isEqualTo(ScaleUp.FitQuality.NO_SPREAD);
    }

    @Test
    void aSuperlinearFitUnderOneSecondIsNoise() {
        ScaleUp.StageGrowth g = growth(pt("a", 100, 10), pt("b", 400, 80), pt("c", 1_600, 640));
        assertThat(g.timeExponent()).isGreaterThan(ScaleUp.SUPERLINEAR);
        assertThat(g.quality()).isEqualTo(ScaleUp.FitQuality.NOT_GROWING);
        assertThat(g.superlinear()).isFalse();
    }

    @Test
    void oneJumpAfterAFlatStepIsNotAnExponent() {
        // Seen in CI: the Python warm-up stage took 2.9 s, 2.9 s, then 4.0 s on the largest run, and three
        // points fitted 2.9 s fixed plus a growing part of exponent 4.00 +- 1.25.
        ScaleUp.StageGrowth g = growth(pt("a", 3_000, 2_900), pt("b", 12_000, 2_920), pt("c", 24_000, 4_000));
        assertThat(g.timeExponent()).isGreaterThan(ScaleUp.SUPERLINEAR);
        assertThat(g.quality()).isEqualTo(ScaleUp.FitQuality.ONE_STEP);
        assertThat(g.superlinear()).isFalse();
        assertThat(ScaleUp.exponentText(g)).isEqualTo("-");
        // With a fourth run, growth that shows in the later steps is still found behind a flat first one.
        ScaleUp.StageGrowth later = growth(pt("a", 1, 28_000), pt("b", 2, 29_000), pt("c", 4, 40_000), pt("d", 8, 90_000));
        assertThat(later.quality()).as("%s", later.fit()).isEqualTo(ScaleUp.FitQuality.GOOD);
        assertThat(later.superlinear()).isTrue();
    }

    @Test
    void oneSlowRunAmongFastOnesIsNoiseNotGrowth() {
        // Seen on the fresh-clone run under load: 368 ms, 354 ms, then 2.6 s for a linear stage.
        ScaleUp.StageGrowth g = growth(pt("a", 147_148, 368), pt("b", 305_357, 354), pt("c", 621_875, 2_600));
        assertThat(g.timeExponent()).isGreaterThan(ScaleUp.SUPERLINEAR);
        assertThat(g.quality()).isEqualTo(ScaleUp.FitQuality.UNSTEADY);
        assertThat(g.superlinear()).isFalse();
        // Its exponent is not shown as a growth rate; a steady stage's is.
        assertThat(ScaleUp.exponentText(g)).isEqualTo("-");
        // The pairwise stage of the same runs grows steadily and stays flagged.
        ScaleUp.StageGrowth p = growth(pt("a", 147_148, 2_500), pt("b", 305_357, 5_800), pt("c", 621_875, 19_100));
        assertThat(p.superlinear()).as("%s %s", p.quality(), p.fit()).isTrue();
        assertThat(ScaleUp.exponentText(p)).matches("\\d\\.\\d\\d ± \\d\\.\\d\\d");
    }
}
