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
        assertThat(s.stages().get(1).points()).extracting(ScaleUp.Point::inputBytes)
                .containsExactly(16 * MIB, 160 * MIB, 320 * MIB, 640 * MIB);
        assertThat(s.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("scale-up/superlinear");
            assertThat(f.title()).contains("pairs at job.py:20", "input^1.97");
            assertThat(f.evidence()).hasSize(5);
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

    @Test
    void leastSquaresSlopeOfAPowerLaw() {
        List<ScaleUp.Point> pts = List.of(new ScaleUp.Point("a", 100, 1_000, 0), new ScaleUp.Point("b", 1_000, 31_623, 0),
                new ScaleUp.Point("c", 10_000, 1_000_000, 0));
        assertThat(ScaleUp.exponent(pts, ScaleUp.Point::wallMs)).isCloseTo(1.5, within(0.001));
        assertThat(ScaleUp.exponent(pts, ScaleUp.Point::peakMemoryBytes)).isNaN();
    }

    @Test
    void aStageWhoseInputDoesNotGrowGetsNoExponentAndNoFlag() {
        // Seen on a real series: a count stage reading the same 58-59 byte shuffle at every size.
        List<ScaleUp.Point> pts = List.of(new ScaleUp.Point("a", 59, 208, 0), new ScaleUp.Point("b", 58, 97, 0),
                new ScaleUp.Point("c", 59, 361, 0));
        assertThat(ScaleUp.exponent(pts, ScaleUp.Point::wallMs)).isNaN();
    }

    @Test
    void aSuperlinearFitUnderOneSecondIsNoise() {
        List<ScaleUp.Point> pts = List.of(new ScaleUp.Point("a", 100, 10, 0), new ScaleUp.Point("b", 400, 80, 0),
                new ScaleUp.Point("c", 1_600, 640, 0));
        ScaleUp.StageGrowth g = new ScaleUp.StageGrowth("s", pts, ScaleUp.exponent(pts, ScaleUp.Point::wallMs), Double.NaN);
        assertThat(g.timeExponent()).isGreaterThan(ScaleUp.SUPERLINEAR);
        assertThat(g.superlinear()).isFalse();
    }

    @Test
    void oneSlowRunAmongFastOnesIsNoiseNotGrowth() {
        // Seen on the fresh-clone run under load: 368 ms, 354 ms, then 2.6 s for a linear stage.
        List<ScaleUp.Point> noisy = List.of(new ScaleUp.Point("a", 147_148, 368, 0), new ScaleUp.Point("b", 305_357, 354, 0),
                new ScaleUp.Point("c", 621_875, 2_600, 0));
        ScaleUp.StageGrowth g = new ScaleUp.StageGrowth("s", noisy, ScaleUp.exponent(noisy, ScaleUp.Point::wallMs), Double.NaN);
        assertThat(g.timeExponent()).isGreaterThan(ScaleUp.SUPERLINEAR);
        assertThat(g.superlinear()).isFalse();
        // The pairwise stage of the same runs grows steadily and stays flagged.
        List<ScaleUp.Point> pairwise = List.of(new ScaleUp.Point("a", 147_148, 2_500, 0), new ScaleUp.Point("b", 305_357, 5_800, 0),
                new ScaleUp.Point("c", 621_875, 19_100, 0));
        ScaleUp.StageGrowth p = new ScaleUp.StageGrowth("p", pairwise, ScaleUp.exponent(pairwise, ScaleUp.Point::wallMs), Double.NaN);
        assertThat(p.superlinear()).isTrue();
    }
}
