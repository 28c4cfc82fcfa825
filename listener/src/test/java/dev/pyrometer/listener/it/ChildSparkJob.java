/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import java.nio.file.Paths;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Main class of the child JVM in {@link SparkCompatibilityIT}: runs {@link SampleJobs} with the
 * listener attached from the shaded jar via {@code spark.extraListeners}, writes Spark's own
 * accounting to a file and exits (the JVM exit flushes the emitter).
 *
 * <p>Arguments: bootstrap servers, topic, accounting output file, and {@code stop} or
 * {@code exit}: stop the context, or exit with it running and leave it to Spark's shutdown hook
 * (a PySpark driver whose Python process ends without {@code spark.stop()}, a Connect server
 * sent SIGTERM), which posts the application's end while the emitter's own hook is closing it.
 */
public final class ChildSparkJob {
    private ChildSparkJob() {
    }

    public static void main(String[] args) throws Exception {
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName("listener-compat")
                .set("spark.ui.enabled", "false")
                .set("spark.extraListeners", "dev.pyrometer.listener.PyrometerListener")
                .set("spark.pyrometer.bootstrap.servers", args[0])
                .set("spark.pyrometer.topic", args[1])
                .set("spark.pyrometer.kafka.linger.ms", "5");
        JavaSparkContext jsc = new JavaSparkContext(conf);
        SparkAccounting accounting = SampleJobs.runAll(jsc);
        accounting.write(Paths.get(args[2]));
        if (!"exit".equals(args[3])) {
            jsc.stop();
        }
        System.exit(0);
    }
}
