/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.agent.processes.ProcessTreeSampler;
import dev.pyrometer.emitter.LossCounters;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU time (not wall time, which a loaded machine inflates) of one process-tree sampler tick
 * over this JVM and 64 {@code sleep} children: 20 warm-up ticks, then 30 measured 100 ms apart.
 * At the default 1 s interval, the median in ms is the share of one core in tenths of a percent.
 * An optional argument starts that many extra idle threads first (a Spark driver has 100-200):
 * where the kernel lists children per thread, the sampler reads one file per JVM thread.
 *
 * <pre>java -cp "$CP" dev.pyrometer.bench.SamplerTickCpu [THREADS]</pre>
 */
public final class SamplerTickCpu {
    private SamplerTickCpu() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // exit
                }
            }, "idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < ProcessTreeSamplerBenchmark.CHILDREN; i++) {
                children.add(new ProcessBuilder("sleep", "600").start());
            }
            ProcessTreeSampler sampler = ProcessTreeSampler.forThisJvm(ProcessHandle.current().pid(), false, 256, 200, new LossCounters());
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            int seen = 0;
            for (int i = 0; i < 20; i++) {
                seen = sampler.sample(System.currentTimeMillis() * 1000).getProcesses().size();
            }
            int n = 30;
            long[] cpu = new long[n];
            long[] wall = new long[n];
            for (int i = 0; i < n; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                sampler.sample(System.currentTimeMillis() * 1000);
                cpu[i] = mx.getCurrentThreadCpuTime() - c0;
                wall[i] = System.nanoTime() - w0;
                Thread.sleep(100);
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            String[] pids = new File("/proc").list((d, f) -> f.chars().allMatch(Character::isDigit));
            System.out.printf("threads %d, processes sampled %d, pids on the host %d: tick CPU median %.2f ms (p10 %.2f, p90 %.2f), wall median %.2f ms%n",
                    Thread.activeCount(), seen, pids == null ? -1 : pids.length, cpu[n / 2] / 1e6, cpu[n / 10] / 1e6, cpu[n * 9 / 10] / 1e6, wall[n / 2] / 1e6);
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
            }
        }
    }
}
