/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.EmitterConfig;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.testkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained emitter throughput into a real local broker: offers task-end events as fast as the
 * emitter accepts them (waiting, not dropping, when its queue is full) and reports events per
 * second, the CPU each thread of this JVM spent per event, and the peak heap. Run with -Xmx32m
 * to check the heap goal. The payloads are built before the clock starts (a pool of 1,024
 * distinct task ends offered in turn): building an Avro object is the listener's cost, measured
 * by its own benchmark, and on two cores it would otherwise take the CPU the emitter and the
 * broker need. The offering thread sleeps (does not spin) while the queue is full.
 * Usage: EmitterThroughput [events] [rounds]
 */
public final class EmitterThroughput {
    private EmitterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (KafkaBroker broker = KafkaBroker.start()) {
            List<Double> rates = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                rates.add(round(broker.bootstrapServers(), "throughput-" + r, events));
            }
            rates.sort(Double::compare);
            System.out.printf("emitter throughput: median %.0f events/s over %d rounds of %d events (all: %s)%n",
                    rates.get(rates.size() / 2), rounds, events, rates);
            System.out.printf("peak heap used (all pools): %.1f MB with -Xmx %d MB%n",
                    peakHeap() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static double round(String bootstrap, String topic, long events) throws InterruptedException {
        Map<String, String> raw = new HashMap<>();
        raw.put("bootstrap.servers", bootstrap);
        raw.put("topic", topic);
        Emitter e = Emitter.start(EmitterConfig.parse(raw, new ArrayList<>()));
        e.setRun(RunRef.newBuilder().setAppId("app-throughput").build());
        int capacity = EmitterConfig.QUEUE_EVENTS.defaultValue();
        // Warm the topic's metadata so the timed part measures steady state.
        e.offer(RealisticEvents.taskEnd(0));
        while (e.sentCount() < 1) {
            Thread.sleep(10);
        }
        TaskEnd[] pool = new TaskEnd[1024];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = RealisticEvents.taskEnd(i + 1);
        }
        Map<String, Long> cpu0 = threadCpu();
        long t0 = System.nanoTime();
        for (long i = 1; i <= events; i++) {
            if ((i & 63) == 0) {
                while (e.queueDepth() > capacity - 128) {
                    LockSupport.parkNanos(50_000);
                }
            }
            e.offer(pool[(int) (i & 1023)]);
        }
        while (e.sentCount() < events + 1 && e.counters().totalDropped() == 0) {
            Thread.sleep(1);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> cpu1 = threadCpu();
        if (e.counters().totalDropped() != 0) {
            System.out.println("dropped: " + e.counters().droppedSnapshot());
        }
        StringBuilder perThread = new StringBuilder();
        for (Map.Entry<String, Long> t : cpu1.entrySet()) {
            long used = t.getValue() - cpu0.getOrDefault(t.getKey(), 0L);
            if (used > secs * 1e9 / 100) {
                perThread.append(String.format(" %s %.2f µs;", t.getKey(), used / 1e3 / events));
            }
        }
        System.out.printf("  round %s: %.0f events/s; CPU per event:%s%n", topic, events / secs, perThread);
        e.close(5000);
        return events / secs;
    }

    /** CPU nanoseconds of each live thread of this JVM, by name (Kafka's network thread with its client id cut). */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(info.getThreadId());
            String name = info.getThreadName().replaceAll(" \\| pyrometer-.*", "");
            if (ns > 0) {
                out.merge(name, ns, Long::sum);
            }
        }
        return out;
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
