/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.event.JvmSample;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Samples the JVM through its MXBeans, plus its RSS from /proc and its container's memory from cgroups. */
public final class JvmSampler {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final ProcFs proc;
    private final long selfPid;
    private final CgroupMemory cgroup;

    JvmSampler(ProcFs proc, long selfPid, CgroupMemory cgroup) {
        this.proc = proc;
        this.selfPid = selfPid;
        this.cgroup = cgroup;
    }

    public static JvmSampler forThisJvm(long selfPid) {
        return new JvmSampler(ProcFs.system(), selfPid, CgroupMemory.system());
    }

    public JvmSample sample() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        JvmSample.Builder b = JvmSample.newBuilder()
                .setHeapUsed(heap.getUsed()).setHeapCommitted(heap.getCommitted()).setHeapMax(heap.getMax())
                .setNonHeapUsed(nonHeap.getUsed()).setNonHeapCommitted(nonHeap.getCommitted());
        for (BufferPoolMXBean p : pools) {
            if (p.getName().equals("direct")) {
                b.setDirectBufferBytes(p.getMemoryUsed()).setDirectBufferCount(p.getCount());
            } else if (p.getName().equals("mapped")) {
                b.setMappedBufferBytes(p.getMemoryUsed());
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> times = new TreeMap<>();
        for (GarbageCollectorMXBean gc : gcs) {
            counts.put(gc.getName(), gc.getCollectionCount());
            times.put(gc.getName(), gc.getCollectionTime());
        }
        b.setGcCount(counts).setGcTimeMs(times)
                .setThreadCount(ManagementFactory.getThreadMXBean().getThreadCount())
                .setProcessCpuNanos(processCpuNanos())
                .setRssBytes(proc.statusRss(selfPid))
                .setCgroupMemoryLimit(cgroup.limit())
                .setCgroupMemoryUsage(cgroup.usage());
        return b.build();
    }

    private long processCpuNanos() {
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            long v = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
            if (v >= 0) {
                return v;
            }
        }
        ProcStat s = proc.stat(selfPid);
        return s == null ? -1 : s.cpuTicks * ProcFs.NANOS_PER_TICK;
    }
}
