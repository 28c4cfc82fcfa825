/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.bench;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.emitter.SharedEmitter;
import dev.pyrometer.listener.mapping.ListenerBusDrops;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One run of {@link TinyTasksComparison}: a job of N tiny tasks in local[2], with or without the
 * listener. Prints one result line: wall time of the job, Spark's listener-bus drops, and the
 * emitter's offered/sent/dropped counts after it flushed.
 *
 * <p>Arguments: tasks, "on"|"off", bootstrap servers, topic.
 */
public final class TinyTasksJob {
    private TinyTasksJob() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        boolean on = args[1].equals("on");
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("tiny-tasks-" + args[1])
                .set("spark.ui.enabled", "false");
        if (on) {
            conf.set("spark.extraListeners", "dev.pyrometer.listener.PyrometerListener")
                .set("spark.pyrometer.bootstrap.servers", args[2])
                .set("spark.pyrometer.topic", args[3])
                .set("spark.pyrometer.flush.timeout.ms", "60000");
        }
        JavaSparkContext jsc = new JavaSparkContext(conf);
        List<Integer> one = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            one.add(i);
        }
        jsc.parallelize(one, 2).count(); // warm up the executor path
        long start = System.nanoTime();
        long n = jsc.parallelize(one, tasks).map(x -> x + 1).count();
        long jobMs = (System.nanoTime() - start) / 1_000_000;
        LossCounters busCounters = new LossCounters();
        ListenerBusDrops drops = new ListenerBusDrops(busCounters);
        drops.report();
        jsc.stop();
        String emitted = "";
        Emitter e = SharedEmitter.current();
        if (e != null) {
            e.close(60_000);
            emitted = " offered=" + e.offeredCount() + " sent=" + e.sentCount() + " emitterDropped=" + e.counters().droppedSnapshot()
                    + " suppressed=" + e.counters().suppressedSnapshot();
        }
        System.out.println("RESULT listener=" + args[1] + " tasks=" + n + " jobMs=" + jobMs
                + " sparkBusDrops=" + busCounters.countersSnapshot() + emitted);
        System.exit(0);
    }
}
