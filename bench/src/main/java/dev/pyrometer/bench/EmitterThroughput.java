package dev.pyrometer.bench;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.EmitterConfig;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.testkit.KafkaBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sustained emitter throughput into a real local broker: offers task-end events as fast as the
 * emitter accepts them (waiting, not dropping, when its queue is full) and reports events per
 * second and the peak heap. Run with -Xmx32m to check the heap goal.
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
        long t0 = System.nanoTime();
        for (long i = 1; i <= events; i++) {
            while (e.queueDepth() > capacity - 64) {
                Thread.onSpinWait();
            }
            e.offer(RealisticEvents.taskEnd(i));
        }
        while (e.sentCount() < events + 1 && e.counters().totalDropped() == 0) {
            Thread.sleep(1);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (e.counters().totalDropped() != 0) {
            System.out.println("dropped: " + e.counters().droppedSnapshot());
        }
        e.close(5000);
        return events / secs;
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
