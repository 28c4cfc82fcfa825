/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.emitter.SharedEmitter;
import dev.pyrometer.listener.PyrometerListener;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.DropReasons;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Kafka unreachable (bootstrap at a closed port) and a wrong setting: the application runs and
 * stops as it would without the listener, quickly; the listener's losses are counted as drops,
 * nothing is thrown into Spark, and Spark's own listener bus drops nothing.
 */
class BrokerDownIT {

    @Test
    void applicationFinishesNormallyAndCountsDropsWhenKafkaIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(originalErr, err), true));
        long started = System.nanoTime();
        long stopMillis;
        long count;
        try {
            SparkSession spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("broker-down")
                    .config("spark.ui.enabled", "false")
                    .config("spark.extraListeners", PyrometerListener.class.getName())
                    .config("spark.pyrometer.bootstrap.servers", "127.0.0.1:" + closedPort)
                    .config("spark.pyrometer.queue.events", "16")
                    .config("spark.pyrometer.heartbeat.min.interval.ms", "not-a-number")
                    .getOrCreate();
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                numbers.add(i);
            }
            count = jsc.parallelize(numbers, 200).map(x -> x + 1).filter(x -> x % 2 == 0).count();
            long stopStart = System.nanoTime();
            spark.stop();
            stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
        } finally {
            System.setErr(originalErr);
        }
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("broker down: run " + totalMillis + " ms, stop " + stopMillis + " ms");

        assertThat(count).isEqualTo(1000);
        assertThat(stopMillis).as("spark.stop() with Kafka down").isLessThan(10_000);
        Emitter emitter = SharedEmitter.current();
        LossCounters c = emitter.counters();
        assertThat(c.dropped(DropReasons.QUEUE_FULL)).as("drops counted: %s", c.droppedSnapshot()).isPositive();
        assertThat(c.suppressedSnapshot()).isEmpty();
        assertThat(c.counter(CounterNames.LISTENER_CONFIG_REJECTED)).as("the one rejected conf, counted").isEqualTo(1);
        Map<String, Long> counters = c.countersSnapshot();
        assertThat(counters).containsKey(CounterNames.LISTENER_BUS_DROPPED_PREFIX + "shared");
        counters.forEach((k, v) -> {
            if (k.startsWith(CounterNames.LISTENER_BUS_DROPPED_PREFIX)) {
                assertThat(v).as("Spark's own drops, %s", k).isZero();
            }
        });
        String log = new String(err.toByteArray(), StandardCharsets.UTF_8);
        assertThat(log).contains("[pyrometer] WARN listener config: invalid value 'not-a-number' for 'spark.pyrometer.heartbeat.min.interval.ms'");
        assertThat(log.split("\\[pyrometer\\] WARN listener config", -1)).hasSize(2);
    }

    /** Copies what Spark and Pyrometer write to standard error, to assert on Pyrometer's lines. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
