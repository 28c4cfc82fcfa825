/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.plugin;

import java.util.Collections;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import scala.Tuple2;

/**
 * Pyrometer as a Spark plugin, for nodes where no {@code -javaagent} file can be placed:
 * {@code --jars pyrometer-agent.jar --conf spark.plugins=dev.pyrometer.plugin.PyrometerPlugin}.
 * On the driver and on every executor it starts the agent (JVM and process-tree sampling, the
 * emitter) from the {@code spark.pyrometer.*} confs, and attaches it to the JVM for the bytecode
 * features where the JVM allows that ({@link SelfAttach}); see docs/platforms.md.
 *
 * <p>Only Spark's Java plugin API (3.0+) is used, so one jar serves Scala 2.12 and 2.13. Neither
 * plugin throws into Spark; the executor's start runs on its own daemon thread.
 */
public class PyrometerPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return new Driver();
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new Executor();
    }

    /** The driver's half: starts the agent before SparkContext creates its listeners (see {@link PluginStart}). */
    static final class Driver implements DriverPlugin {
        @Override
        public Map<String, String> init(SparkContext sc, PluginContext context) {
            PluginStart.start(settings(context), true);
            return Collections.emptyMap();
        }
    }

    /** The executor's half. */
    static final class Executor implements ExecutorPlugin {
        @Override
        public void init(PluginContext context, Map<String, String> extraConf) {
            PluginStart.start(settings(context), false);
        }
    }

    /** The {@code spark.pyrometer.*} confs with the prefix removed; empty if Spark's conf cannot be read. */
    static Map<String, String> settings(PluginContext context) {
        try {
            Map<String, String> out = new java.util.HashMap<>();
            for (Tuple2<String, String> kv : context.conf().getAllWithPrefix(PluginSettings.PREFIX)) {
                out.put(kv._1(), kv._2());
            }
            return out;
        } catch (Throwable t) {
            return Collections.emptyMap();
        }
    }
}
