/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it.child;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A local Spark job with Kryo and spark.kryoserializer.buffer.max=1m: a foldByKey (its zero
 * value is Kryo-serialized on the driver and deserialized in every task), then an aggregate
 * whose 2.4 MB zero value overflows Kryo's buffer, as MLlib's treeAggregate does with wide
 * models. Prints "DONE ..." and waits to be killed.
 */
public final class KryoJobMain {
    private KryoJobMain() {
    }

    public static void main(String[] args) throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("pyrometer-kryo-it")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryoserializer.buffer", "4k")
                .set("spark.kryoserializer.buffer.max", "1m")
                .set("spark.ui.enabled", "false");
        JavaSparkContext sc = new JavaSparkContext(conf);
        System.out.println("APP " + sc.sc().applicationId());
        List<Tuple2<Integer, Integer>> pairs = Arrays.asList(new Tuple2<>(1, 1), new Tuple2<>(2, 2), new Tuple2<>(1, 3));
        long keys = sc.parallelizePairs(pairs, 2).foldByKey(0, Integer::sum).count();
        String overflow;
        try {
            sc.parallelize(Arrays.asList(1, 2, 3), 2).aggregate(new double[300_000], (acc, x) -> acc, (a, b) -> a);
            overflow = "none";
        } catch (Exception e) {
            overflow = String.valueOf(e.getMessage()).contains("Buffer overflow") ? "kryo" : e.toString();
        }
        System.out.println("DONE keys=" + keys + " overflow=" + overflow);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
