/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.Stage;
import dev.pyrometer.collector.timeline.RunTimeline.Task;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs of the same job at growing data sizes (a series: 1%, 10%, 20%, 40% ...) compared stage by
 * stage: how wall time grows with the size of the data, fitted as fixed + a·size^b
 * ({@link PowerFit}). b near 1 is linear; above {@link #SUPERLINEAR} (a pairwise comparison is 2)
 * the stage will dominate at full size. The size is the scale each run declared
 * ({@code spark.pyrometer.scale}) when every run declares one, else records (a generated input
 * has records but no bytes), else bytes; the comparison says which ({@link #measure()}).
 */
public record ScaleUp(List<String> runIds, Measure measure, List<StageGrowth> stages, List<Finding> findings) {
    public static final double SUPERLINEAR = 1.3;
    /** The Spark conf (recorded at application start) that declares a run's scale. */
    public static final String SCALE_CONF = "spark.pyrometer.scale";
    /** Below this (largest over smallest size), the data did not grow: no exponent is fitted. */
    static final double MIN_SIZE_SPREAD = 1.5;
    /** A stage whose growing part adds less than this over the runs is not growing: never flagged. */
    static final long MIN_GROWTH_MS = 1_000;
    /** Runs needed for a verdict (the fit has three parameters). */
    static final int MIN_RUNS = 3;
    /**
     * A step to the next larger run shows growth when the time rises by more than this share: two
     * times with the fit's 5% run-to-run noise each differ by about 7% from noise alone.
     */
    static final double STEP_NOISE = 0.10;
    /** Steps that must show growth: an exponent compares increments, and one increment fits any exponent. */
    static final int MIN_GROWING_STEPS = 2;

    /** What a run's size is measured in. */
    public enum Measure {
        DECLARED_SCALE("declared scale (spark.pyrometer.scale)"),
        RECORDS("records read by each stage (else written, else the run's records)"),
        BYTES("bytes read by each stage (else the run's input)");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Whether a stage's fit can be trusted, and if not why: the guards against noise in one place. */
    public enum FitQuality {
        GOOD("good"),
        TOO_FEW_RUNS("fewer than " + MIN_RUNS + " runs"),
        NO_SPREAD("the size grew less than " + MIN_SIZE_SPREAD + "x"),
        UNSTEADY("the time fell as the size grew"),
        NOT_GROWING("the growing part adds less than " + MIN_GROWTH_MS / 1000 + " s across the runs"),
        ONE_STEP("the time rose beyond noise (" + Math.round(STEP_NOISE * 100) + "%) between fewer than "
                + MIN_GROWING_STEPS + " pairs of consecutive runs"),
        NOISY("the exponent's uncertainty is as large as its excess over " + SUPERLINEAR);

        private final String label;

        FitQuality(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One run's numbers for one stage; size in the comparison's {@link Measure}. */
    public record Point(String runId, double size, long wallMs, long peakMemoryBytes) {
    }

    /**
     * One stage matched across runs by name and its order among stages of that name. fit is null
     * and exponents NaN with fewer than two usable points or no spread in size.
     */
    public record StageGrowth(String key, List<Point> points, PowerFit fit, FitQuality quality, double memoryExponent) {
        public double timeExponent() {
            return fit == null ? Double.NaN : fit.exponent();
        }

        public boolean superlinear() {
            return quality == FitQuality.GOOD && fit.exponent() > SUPERLINEAR;
        }

        static StageGrowth of(String key, List<Point> pts) {
            List<Point> usable = pts.stream().filter(p -> p.size() > 0 && p.wallMs() > 0)
                    .sorted(Comparator.comparingDouble(Point::size)).toList();
            double minX = usable.isEmpty() ? 0 : usable.get(0).size();
            double maxX = usable.isEmpty() ? 0 : usable.get(usable.size() - 1).size();
            PowerFit fit = usable.size() < 2 || maxX < MIN_SIZE_SPREAD * minX ? null
                    : PowerFit.of(usable.stream().mapToDouble(Point::size).toArray(),
                            usable.stream().mapToDouble(Point::wallMs).toArray());
            return new StageGrowth(key, List.copyOf(pts), fit, quality(usable, fit),
                    exponent(pts, p -> (double) p.peakMemoryBytes()));
        }

        private static FitQuality quality(List<Point> byX, PowerFit fit) {
            if (byX.size() < MIN_RUNS) {
                return FitQuality.TOO_FEW_RUNS;
            }
            if (fit == null) {
                return FitQuality.NO_SPREAD;
            }
            for (int i = 1; i < byX.size(); i++) {
                if (byX.get(i).wallMs() < byX.get(i - 1).wallMs()) {
                    return FitQuality.UNSTEADY;
                }
            }
            double grown = fit.growingAt(byX.get(byX.size() - 1).size()) - fit.growingAt(byX.get(0).size());
            if (grown < MIN_GROWTH_MS) {
                return FitQuality.NOT_GROWING;
            }
            // Seen in CI: 2.9 s, 2.9 s, 4.0 s fits 4.00 +- 1.25 through one noisy run; growth from
            // a fixed part shows in every later step (28 s, 32 s, 58 s, 151 s).
            int growingSteps = 0;
            for (int i = 1; i < byX.size(); i++) {
                if (byX.get(i).wallMs() > (1 + STEP_NOISE) * byX.get(i - 1).wallMs()) {
                    growingSteps++;
                }
            }
            if (growingSteps < MIN_GROWING_STEPS) {
                return FitQuality.ONE_STEP;
            }
            if (fit.exponent() > SUPERLINEAR && fit.exponent() - fit.exponentError() <= SUPERLINEAR) {
                return FitQuality.NOISY;
            }
            return FitQuality.GOOD;
        }
    }

    public static ScaleUp of(List<RunTimeline> runs) {
        Measure measure = measureOf(runs);
        List<RunTimeline> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble((RunTimeline r) -> runSize(r, measure)).thenComparing(r -> r.app().runId()));
        // Per stage key and run: {records read, records written, bytes read, wall, memory}.
        Map<String, List<double[]>> byKey = new LinkedHashMap<>();
        Map<String, List<String>> runsOfKey = new HashMap<>();
        for (RunTimeline r : sorted) {
            Map<String, Integer> seen = new HashMap<>();
            for (Stage s : lastAttempts(r)) {
                String key = s.name() + " #" + seen.merge(s.name(), 1, Integer::sum);
                double[] v = new double[5];
                for (Task t : r.tasks()) {
                    if (t.stageId() == s.stageId() && t.stageAttempt() == s.attemptId()) {
                        v[0] += t.inputRecords() + t.shuffleReadRecords();
                        v[1] += t.shuffleWriteRecords() + t.outputRecords();
                        v[4] = Math.max(v[4], Math.max(t.peakJvmHeap(), t.peakPythonRss()));
                    }
                }
                v[2] = s.inputBytes() + s.shuffleReadBytes();
                v[3] = s.completeMs() >= 0 && s.submitMs() >= 0 ? s.completeMs() - s.submitMs() : -1;
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
                runsOfKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.app().runId());
            }
        }
        Map<String, Double> runSizes = new HashMap<>();
        for (RunTimeline r : sorted) {
            runSizes.put(r.app().runId(), runSize(r, measure));
        }
        List<StageGrowth> stages = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byKey.entrySet()) {
            List<double[]> vs = e.getValue();
            List<String> ids = runsOfKey.get(e.getKey());
            // One definition of a stage's size across all its runs, so the points compare; a count that
            // does not grow (4 partial counts written at every size) is no size: the run's is used.
            int column = measure == Measure.RECORDS ? (grows(vs, 0) ? 0 : grows(vs, 1) ? 1 : -1)
                    : measure == Measure.BYTES && grows(vs, 2) ? 2 : -1;
            List<Point> pts = new ArrayList<>();
            for (int i = 0; i < vs.size(); i++) {
                double[] v = vs.get(i);
                pts.add(new Point(ids.get(i), column >= 0 ? v[column] : runSizes.get(ids.get(i)), (long) v[3], (long) v[4]));
            }
            StageGrowth g = StageGrowth.of(e.getKey(), pts);
            stages.add(g);
            if (g.superlinear()) {
                findings.add(finding(findings.size(), g, measure, sorted));
            }
        }
        return new ScaleUp(sorted.stream().map(r -> r.app().runId()).toList(), measure, stages, findings);
    }

    private static Finding finding(int n, StageGrowth g, Measure measure, List<RunTimeline> runs) {
        PowerFit fit = g.fit();
        List<Point> pts = g.points();
        List<String> ev = new ArrayList<>();
        for (Point p : pts) {
            ev.add(p.runId() + ": " + sizeText(p.size(), measure) + ", " + Units.ms(p.wallMs()) + ", peak memory "
                    + (p.peakMemoryBytes() > 0 ? Units.bytes(p.peakMemoryBytes()) : "not sampled (tasks shorter than the interval)"));
        }
        String fitted = String.format(Locale.ROOT, "exponent %.2f ± %.2f from %d runs", fit.exponent(), fit.exponentError(),
                pts.size());
        ev.add(String.format(Locale.ROOT, "fit: %s + %s × (size / %s)^%.2f; %s; relative residual %.0f%%; memory exponent %s",
                Units.ms(Math.round(fit.fixedMs())), Units.ms(Math.round(fit.coefficient())), sizeText(fit.largestSize(), measure),
                fit.exponent(), fitted, fit.relativeResidual() * 100,
                Double.isNaN(g.memoryExponent()) ? "-" : String.format(Locale.ROOT, "%.2f", g.memoryExponent())));
        ev.add("size measured by: " + measure.label());
        double targetSize = projectedSize(fit, measure);
        String target = measure == Measure.DECLARED_SCALE && targetSize == 1.0 ? "at scale 1.0"
                : "at 10 times the largest run (" + sizeText(targetSize, measure) + ")";
        String projected = Units.about(Math.round(fit.at(targetSize)));
        Point first = pts.stream().min(Comparator.comparingDouble(Point::size)).orElseThrow();
        Point last = pts.stream().max(Comparator.comparingDouble(Point::size)).orElseThrow();
        return new Finding("scaleup-" + n, Finding.Severity.WARNING, "scale-up/superlinear",
                String.format(Locale.ROOT, "Stage '%s' grows superlinearly: %s it would take about %s (%s)", g.key(), target,
                        projected, fitted),
                "Its wall time grows faster than its data (" + sizeText(first.size(), measure) + " → " + sizeText(last.size(), measure)
                        + ", " + Units.ms(first.wallMs()) + " → " + Units.ms(last.wallMs()) + "; " + Units.ms(Math.round(
                        fit.fixedMs())) + " of it fixed): doubling the data multiplies its growing part by "
                        + String.format(Locale.ROOT, "%.1f", Math.pow(2, fit.exponent()))
                        + ". At full size this stage will dominate or fail; typical causes are pairwise comparisons"
                        + " (cross joins, a UDF looping over a collected list), skew that grows with the data, or spill.",
                "Replace the pairwise step by a join on a key, a window or a blocking key; check its skew findings.", ev);
    }

    /** Where a finding projects a stage's time: scale 1.0 when the runs declared smaller scales, else 10x the largest run. */
    public static double projectedSize(PowerFit fit, Measure measure) {
        return measure == Measure.DECLARED_SCALE && fit.largestSize() < 1.0 ? 1.0 : fit.largestSize() * 10;
    }

    /**
     * "1.93 ± 0.12", or "-" without a fit, when the time fell as the size grew or when it grew in one
     * step only: a curve forced through a falling point ends at the search's bound (4.00 ± 0.00), one
     * through a single jump at any exponent, and either reads as a growth rate.
     */
    public static String exponentText(StageGrowth g) {
        return g.fit() == null || g.quality() == FitQuality.UNSTEADY || g.quality() == FitQuality.ONE_STEP ? "-"
                : String.format(Locale.ROOT, "%.2f ± %.2f", g.fit().exponent(), g.fit().exponentError());
    }

    /** A size as people read it in the comparison's measure. */
    public static String sizeText(double v, Measure m) {
        return switch (m) {
            case DECLARED_SCALE -> String.format(Locale.ROOT, "scale %s", trim(v));
            case RECORDS -> String.format(Locale.ROOT, "%,.0f records", v);
            case BYTES -> Units.bytes((long) v);
        };
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Every run has a value in this column and the largest is at least {@link #MIN_SIZE_SPREAD} times the smallest. */
    private static boolean grows(List<double[]> vs, int column) {
        double min = vs.stream().mapToDouble(v -> v[column]).min().orElse(0);
        double max = vs.stream().mapToDouble(v -> v[column]).max().orElse(0);
        return min > 0 && max >= MIN_SIZE_SPREAD * min;
    }

    /**
     * Declared when every run declares a scale, else records when every run counted some that grew
     * across the runs, else bytes when they grew, else records when every run has some (its fits
     * will say the size did not grow).
     */
    static Measure measureOf(List<RunTimeline> runs) {
        if (runs.isEmpty()) {
            return Measure.BYTES;
        }
        if (runs.stream().allMatch(r -> declaredScale(r) > 0)) {
            return Measure.DECLARED_SCALE;
        }
        for (Measure m : List.of(Measure.RECORDS, Measure.BYTES)) {
            List<double[]> sizes = runs.stream().map(r -> new double[] {runSize(r, m)}).toList();
            if (grows(sizes, 0)) {
                return m;
            }
        }
        return runs.stream().allMatch(r -> runRecords(r) > 0) ? Measure.RECORDS : Measure.BYTES;
    }

    /**
     * What to do when no measure grew across the runs (a generated input whose stages count no
     * records: spark.range into a broadcast join), else null.
     */
    public String measureNote() {
        if (measure == Measure.DECLARED_SCALE || stages.isEmpty()
                || stages.stream().anyMatch(g -> g.quality() != FitQuality.NO_SPREAD && g.quality() != FitQuality.TOO_FEW_RUNS)) {
            return null;
        }
        return "No measure of the data's size grew across these runs (no records or bytes counted by their stages: a "
                + "generated input such as spark.range). Declare each run's scale: spark.pyrometer.scale=0.1 (or "
                + "pyrometer submit --scale 0.1).";
    }

    /** The scale the run declared with spark.pyrometer.scale; -1 when none or not a positive number. */
    public static double declaredScale(RunTimeline r) {
        String v = r.app().conf() == null ? null : r.app().conf().get(SCALE_CONF);
        if (v == null) {
            return -1;
        }
        try {
            double d = Double.parseDouble(v.trim());
            return d > 0 && Double.isFinite(d) ? d : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The run's size in a measure: its declared scale, its records, or what it read from its sources. */
    static double runSize(RunTimeline r, Measure m) {
        return switch (m) {
            case DECLARED_SCALE -> declaredScale(r);
            case RECORDS -> runRecords(r);
            case BYTES -> runInput(r);
        };
    }

    /** Records the run read from its sources, else every record its stages read and wrote. */
    static double runRecords(RunTimeline r) {
        double in = 0;
        double all = 0;
        for (Task t : r.tasks()) {
            if (t.status() == TaskStatus.SUCCESS) {
                in += t.inputRecords();
                all += t.inputRecords() + t.shuffleReadRecords() + t.shuffleWriteRecords() + t.outputRecords();
            }
        }
        return in > 0 ? in : all;
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

    /** Least-squares slope of log(y) over log(size), over points with both positive; NaN below two or without spread. */
    static double exponent(List<Point> pts, ToDoubleFunction<Point> y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        for (Point p : pts) {
            double yv = y.applyAsDouble(p);
            if (p.size() <= 0 || yv <= 0) {
                continue;
            }
            double lx = Math.log(p.size());
            double ly = Math.log(yv);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
            n++;
            minX = Math.min(minX, p.size());
            maxX = Math.max(maxX, p.size());
        }
        double d = n * sxx - sx * sx;
        // Sizes that barely differ (a stage reading the same 59-byte shuffle at every size) give a
        // slope out of noise: 208 ms -> 361 ms over 58 B -> 59 B fitted as input^60.
        if (n < 2 || Math.abs(d) < 1e-12 || maxX < MIN_SIZE_SPREAD * minX) {
            return Double.NaN;
        }
        return (n * sxy - sx * sy) / d;
    }
}
