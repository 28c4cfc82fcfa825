/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

/**
 * A stage's wall time against the size of the data, fitted as {@code time = fixed + a * size^b}:
 * the fixed part (scheduling, start-up, a broadcast of constant size) does not grow, so a stage
 * that went 28 s, 32 s, 58 s, 151 s at doubling sizes has an exponent near 2 on its growing part,
 * where a plain log-log slope over the total (0.8) hides it.
 *
 * <p>The exponent is searched on a grid; for each candidate, the fixed part and the coefficient are
 * a weighted least-squares solution (weights 1/time², so every run counts by its relative error,
 * as on a log scale), both kept non-negative. Its uncertainty propagates a relative noise on each
 * run's time: {@link #MIN_NOISE} (run-to-run spread of a healthy stage on a shared host), or the
 * fit's own residuals when they are larger and there are more runs than parameters.
 *
 * @param fixedMs          the part of the time that does not grow with the data
 * @param coefficient      a in {@code a * (size / largest size)^b}, milliseconds
 * @param exponent         b; 0 when the stage does not grow
 * @param exponentError    one standard error of b
 * @param largestSize      the size the coefficient is normalised by
 * @param relativeResidual root mean square of (measured - fitted) / measured
 */
public record PowerFit(double fixedMs, double coefficient, double exponent, double exponentError, double largestSize,
        double relativeResidual) {
    /** Relative run-to-run noise assumed on a stage's wall time when the fit cannot measure its own. */
    static final double MIN_NOISE = 0.05;
    private static final double MAX_EXPONENT = 4.0;
    private static final double STEP = 0.005;

    /** Fitted time at {@code size}, milliseconds. */
    public double at(double size) {
        return fixedMs + coefficient * Math.pow(size / largestSize, exponent);
    }

    /** How much of the time at {@code size} grows with the data. */
    public double growingAt(double size) {
        return coefficient * Math.pow(size / largestSize, exponent);
    }

    /** Fits sizes (positive) to times (positive); null with fewer than two points. */
    public static PowerFit of(double[] sizes, double[] timesMs) {
        if (sizes.length < 2 || sizes.length != timesMs.length) {
            return null;
        }
        double max = 0;
        for (double s : sizes) {
            max = Math.max(max, s);
        }
        double[] xs = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            xs[i] = sizes[i] / max;
        }
        double[] best = search(xs, timesMs);
        double resid = relativeResidual(xs, timesMs, best);
        int n = sizes.length;
        double noise = n > 3 ? Math.max(MIN_NOISE, resid * Math.sqrt(n / (double) (n - 3))) : MIN_NOISE;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double[] moved = timesMs.clone();
            moved[i] *= 1 + MIN_NOISE;
            double db = search(xs, moved)[2] - best[2];
            var += db * db;
        }
        return new PowerFit(best[0], best[1], best[2], Math.sqrt(var) * noise / MIN_NOISE, max, resid);
    }

    /** {fixed, coefficient, exponent} with the least weighted squared error. */
    private static double[] search(double[] xs, double[] ys) {
        // b = 0: a constant, the stage does not grow.
        double sw = 0;
        double swy = 0;
        for (double y : ys) {
            sw += 1 / (y * y);
            swy += 1 / y;
        }
        double[] best = {swy / sw, 0, 0};
        double bestErr = error(xs, ys, best);
        for (double b = STEP; b <= MAX_EXPONENT + 1e-9; b += STEP) {
            double[] c = solve(xs, ys, b);
            if (c == null) {
                continue;
            }
            double err = error(xs, ys, c);
            if (err < bestErr - 1e-12) {
                bestErr = err;
                best = c;
            }
        }
        return best;
    }

    /** Weighted least squares of y = fixed + a z with z = x^b, fixed and a non-negative; null when a would be negative. */
    private static double[] solve(double[] xs, double[] ys, double b) {
        double sw = 0;
        double swz = 0;
        double swzz = 0;
        double swy = 0;
        double swzy = 0;
        for (int i = 0; i < xs.length; i++) {
            double w = 1 / (ys[i] * ys[i]);
            double z = Math.pow(xs[i], b);
            sw += w;
            swz += w * z;
            swzz += w * z * z;
            swy += w * ys[i];
            swzy += w * z * ys[i];
        }
        double d = sw * swzz - swz * swz;
        // Relative test: the weights are 1/time², so d is tiny in absolute terms (1e-19 for times of 30 s).
        boolean singular = Math.abs(d) < 1e-9 * sw * swzz;
        double fixed = singular ? -1 : (swzz * swy - swz * swzy) / d;
        double a = singular ? -1 : (sw * swzy - swz * swy) / d;
        if (fixed < 0) {
            fixed = 0;
            a = swzy / swzz;
        }
        return a <= 0 ? null : new double[] {fixed, a, b};
    }

    private static double error(double[] xs, double[] ys, double[] c) {
        double e = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = (ys[i] - c[0] - c[1] * Math.pow(xs[i], c[2])) / ys[i];
            e += r * r;
        }
        return e;
    }

    private static double relativeResidual(double[] xs, double[] ys, double[] c) {
        return Math.sqrt(error(xs, ys, c) / xs.length);
    }
}
