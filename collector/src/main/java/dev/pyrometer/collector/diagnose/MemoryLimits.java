/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import java.util.Locale;
import java.util.Map;

/**
 * The memory limits one Spark process runs under, from the application's configuration: heap
 * ({@code spark.executor.memory}), overhead ({@code spark.executor.memoryOverhead}, default 10% but
 * at least 384 MiB), Python ({@code spark.executor.pyspark.memory}); -1 where not configured.
 */
record MemoryLimits(long heapBytes, long overheadBytes, long pysparkBytes, boolean containerized) {

    static MemoryLimits of(Map<String, String> conf, boolean driver) {
        Map<String, String> c = conf == null ? Map.of() : conf;
        String role = driver ? "driver" : "executor";
        long heap = bytes(c.get("spark." + role + ".memory"));
        long overhead = bytes(c.get("spark." + role + ".memoryOverhead"));
        if (overhead < 0 && heap > 0) {
            double factor = 0.10;
            try {
                factor = Double.parseDouble(c.getOrDefault("spark." + role + ".memoryOverheadFactor", "0.10"));
            } catch (NumberFormatException e) {
                // keep Spark's default
            }
            overhead = Math.max(384L << 20, (long) (heap * factor));
        }
        long py = driver ? -1 : bytes(c.get("spark.executor.pyspark.memory"));
        String master = c.getOrDefault("spark.master", "");
        // Only YARN and Kubernetes enforce a container size; the driver runs in one only in cluster mode.
        boolean managed = master.startsWith("yarn") || master.startsWith("k8s");
        boolean containerized = managed && (!driver || "cluster".equals(c.get("spark.submit.deployMode")));
        return new MemoryLimits(heap, overhead, py, containerized);
    }

    /** What a cluster manager enforces on the container: heap + overhead + Python memory. */
    long containerBytes() {
        if (!containerized || heapBytes < 0) {
            return -1;
        }
        return heapBytes + Math.max(0, overheadBytes) + Math.max(0, pysparkBytes);
    }

    /** Spark's size syntax: 512m, 4g, 1024k, plain bytes (b), case-insensitive. */
    static long bytes(String v) {
        if (v == null || v.isBlank()) {
            return -1;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("b") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) {
            s = s.substring(0, s.length() - 1);
        }
        long mult = 1L << 20; // Spark reads a bare number of memory settings as MiB
        char u = s.charAt(s.length() - 1);
        if (Character.isLetter(u)) {
            mult = switch (u) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                case 'b' -> 1L;
                default -> -1;
            };
            s = s.substring(0, s.length() - 1);
        }
        try {
            return mult < 0 ? -1 : (long) (Double.parseDouble(s) * mult);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
