package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs of the same job at growing data sizes (a series: 1%, 10%, 20%, 40% ...) compared stage by
 * stage: how wall time and peak memory grow with input bytes, as the exponent b of a least-squares
 * fit of log(y) = a + b log(x). b near 1 is linear; above {@link #SUPERLINEAR} (a pairwise
 * comparison is 2) the stage will dominate at full size.
 */
public record ScaleUp(List<String> runIds, List<StageGrowth> stages, List<Finding> findings) {
    public static final double SUPERLINEAR = 1.3;
    /** Below this (largest over smallest input), the input did not grow: no exponent is fitted. */
    static final double MIN_INPUT_SPREAD = 1.5;
    /** A stage whose slowest run took less than this is scheduling noise, never flagged. */
    static final long MIN_FLAGGED_WALL_MS = 1_000;
    /** How well the power law must fit the points (R squared of the log-log fit) to be flagged. */
    static final double MIN_FIT = 0.9;

    /** One run's numbers for one stage. */
    public record Point(String runId, long inputBytes, long wallMs, long peakMemoryBytes) {
    }

    /**
     * One stage matched across runs by name and its order among stages of that name.
     * Exponents are NaN with fewer than two usable points.
     */
    public record StageGrowth(String key, List<Point> points, double timeExponent, double memoryExponent) {
        public boolean superlinear() {
            long slowest = points.stream().mapToLong(Point::wallMs).max().orElse(0);
            return points.size() >= 3 && timeExponent > SUPERLINEAR && slowest >= MIN_FLAGGED_WALL_MS
                    && growsSteadily(points);
        }
    }

    public static ScaleUp of(List<RunTimeline> runs) {
        List<RunTimeline> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(ScaleUp::runInput).thenComparing(r -> r.app().runId()));
        Map<String, List<Point>> byKey = new LinkedHashMap<>();
        for (RunTimeline r : sorted) {
            Map<String, Integer> seen = new HashMap<>();
            long runInput = runInput(r);
            for (Stage s : lastAttempts(r)) {
                String key = s.name() + " #" + seen.merge(s.name(), 1, Integer::sum);
                long in = s.inputBytes() + s.shuffleReadBytes();
                long wall = s.completeMs() >= 0 && s.submitMs() >= 0 ? s.completeMs() - s.submitMs() : -1;
                long mem = 0;
                for (Task t : r.tasks()) {
                    if (t.stageId() == s.stageId() && t.stageAttempt() == s.attemptId()) {
                        mem = Math.max(mem, Math.max(t.peakJvmHeap(), t.peakPythonRss()));
                    }
                }
                byKey.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Point(r.app().runId(), in > 0 ? in : runInput, wall, mem));
            }
        }
        List<StageGrowth> stages = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : byKey.entrySet()) {
            List<Point> pts = e.getValue();
            StageGrowth g = new StageGrowth(e.getKey(), List.copyOf(pts),
                    exponent(pts, Point::wallMs), exponent(pts, Point::peakMemoryBytes));
            stages.add(g);
            if (g.superlinear()) {
                List<String> ev = new ArrayList<>();
                for (Point p : pts) {
                    ev.add(p.runId() + ": " + Units.bytes(p.inputBytes()) + " in, " + Units.ms(p.wallMs()) + ", peak memory "
                            + Units.bytes(p.peakMemoryBytes()));
                }
                ev.add(String.format(Locale.ROOT, "fitted exponent: time %.2f, memory %.2f", g.timeExponent(),
                        g.memoryExponent()));
                Point first = pts.get(0);
                Point last = pts.get(pts.size() - 1);
                findings.add(new Finding("scaleup-" + findings.size(), Finding.Severity.WARNING, "scale-up/superlinear",
                        String.format(Locale.ROOT, "Stage '%s' grows superlinearly: time ~ input^%.2f (%s→%s input, %s→%s)",
                                e.getKey(), g.timeExponent(), Units.bytes(first.inputBytes()), Units.bytes(last.inputBytes()),
                                Units.ms(first.wallMs()), Units.ms(last.wallMs())),
                        "Its wall time grows faster than its input: doubling the data multiplies the time by "
                                + String.format(Locale.ROOT, "%.1f", Math.pow(2, g.timeExponent()))
                                + ". At full size this stage will dominate or fail; typical causes are pairwise comparisons"
                                + " (cross joins, a UDF looping over a collected list), skew that grows with the data, or "
                                + "spill.",
                        "Replace the pairwise step by a join on a key, a window or a blocking key; check its skew findings.",
                        ev));
            }
        }
        return new ScaleUp(sorted.stream().map(r -> r.app().runId()).toList(), stages, findings);
    }

    /**
     * True when wall time never falls as the input grows and the log-log fit explains the points
     * (R squared at least {@link #MIN_FIT}): one slow run among fast ones (368 ms, 354 ms, 2.6 s
     * seen under load) is noise, not growth.
     */
    static boolean growsSteadily(List<Point> pts) {
        List<Point> byInput = new ArrayList<>(pts);
        byInput.sort(java.util.Comparator.comparingLong(Point::inputBytes));
        for (int i = 1; i < byInput.size(); i++) {
            if (byInput.get(i).wallMs() < byInput.get(i - 1).wallMs()) {
                return false;
            }
        }
        double b = exponent(byInput, Point::wallMs);
        if (Double.isNaN(b)) {
            return false;
        }
        double mx = 0;
        double my = 0;
        int n = 0;
        for (Point p : byInput) {
            if (p.inputBytes() > 0 && p.wallMs() > 0) {
                mx += Math.log(p.inputBytes());
                my += Math.log(p.wallMs());
                n++;
            }
        }
        mx /= n;
        my /= n;
        double ssTot = 0;
        double ssRes = 0;
        for (Point p : byInput) {
            if (p.inputBytes() > 0 && p.wallMs() > 0) {
                double ly = Math.log(p.wallMs());
                double fit = my + b * (Math.log(p.inputBytes()) - mx);
                ssTot += (ly - my) * (ly - my);
                ssRes += (ly - fit) * (ly - fit);
            }
        }
        return ssTot > 0 && 1 - ssRes / ssTot >= MIN_FIT;
    }

    /** The latest attempt of each stage id, in submission order. */
    private static List<Stage> lastAttempts(RunTimeline r) {
        Map<Integer, Stage> last = new LinkedHashMap<>();
        for (Stage s : r.stages()) {
            last.merge(s.stageId(), s, (a, b) -> b.attemptId() > a.attemptId() ? b : a);
        }
        return new ArrayList<>(last.values());
    }

    /** What the run read from its sources: the data size of this run of the series. */
    static long runInput(RunTimeline r) {
        long in = r.stages().stream().mapToLong(Stage::inputBytes).sum();
        return in > 0 ? in : r.stages().stream().mapToLong(s -> s.shuffleReadBytes()).sum();
    }

    /**
     * Least-squares slope of log(y) over log(x), over points with both positive; NaN below two, or
     * when the input did not grow by {@link #MIN_INPUT_SPREAD}.
     */
    static double exponent(List<Point> pts, java.util.function.ToLongFunction<Point> y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (Point p : pts) {
            long yv = y.applyAsLong(p);
            if (p.inputBytes() <= 0 || yv <= 0) {
                continue;
            }
            double lx = Math.log(p.inputBytes());
            double ly = Math.log(yv);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
            n++;
        }
        double d = n * sxx - sx * sx;
        // Inputs that barely differ (a stage reading the same 59-byte shuffle at every size) give a
        // slope out of noise: 208 ms -> 361 ms over 58 B -> 59 B fitted as input^60.
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        for (Point p : pts) {
            if (p.inputBytes() > 0 && y.applyAsLong(p) > 0) {
                minX = Math.min(minX, p.inputBytes());
                maxX = Math.max(maxX, p.inputBytes());
            }
        }
        if (n < 2 || Math.abs(d) < 1e-12 || maxX < MIN_INPUT_SPREAD * minX) {
            return Double.NaN;
        }
        return (n * sxy - sx * sy) / d;
    }
}
