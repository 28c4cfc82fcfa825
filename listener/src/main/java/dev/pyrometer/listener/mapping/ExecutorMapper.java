/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.ExecutorMetricsUpdate;
import dev.pyrometer.event.ExecutorRemoved;
import dev.pyrometer.listener.compat.ScalaValues;
import dev.pyrometer.listener.compat.SeqAccessor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.cluster.ExecutorInfo;

/**
 * Maps executor lifecycle events and rate-limits heartbeat metric updates to one per executor
 * per interval (heartbeats arrive every 10 s per executor by default, and far more often in
 * local mode's tests).
 */
public final class ExecutorMapper {
    private static final SeqAccessor ACCUM_UPDATES = SeqAccessor.of(SparkListenerExecutorMetricsUpdate.class, "accumUpdates");
    /** A Map, whose declared interface is also Scala-line specific: walked as an Iterable of pairs. */
    private static final SeqAccessor EXECUTOR_UPDATES = SeqAccessor.of(SparkListenerExecutorMetricsUpdate.class, "executorUpdates");

    private final ExecutorMetricReader metrics;
    private final long minIntervalMs;
    /** Last heartbeat event time per live executor; entries go when the executor is removed. */
    private final Map<String, Long> lastHeartbeat = new HashMap<>();

    public ExecutorMapper(ExecutorMetricReader metrics, long minIntervalMs) {
        this.metrics = metrics;
        this.minIntervalMs = minIntervalMs;
    }

    public ExecutorAdded added(SparkListenerExecutorAdded e) {
        ExecutorInfo info = e.executorInfo();
        Map<String, String> resources = new LinkedHashMap<>();
        scala.collection.Iterator<?> it = ScalaValues.pairs(info.resourcesInfo());
        while (it.hasNext()) {
            scala.Tuple2<?, ?> kv = (scala.Tuple2<?, ?>) it.next();
            ResourceInformation r = (ResourceInformation) kv._2();
            resources.put(String.valueOf(kv._1()), String.join(",", r.addresses()));
        }
        return ExecutorAdded.newBuilder()
                .setExecutorId(e.executorId())
                .setTimeMs(e.time())
                .setHost(info.executorHost())
                .setTotalCores(info.totalCores())
                .setResources(resources)
                .setLogUrls(ScalaValues.stringMap(info.logUrlMap()))
                .setResourceProfileId(info.resourceProfileId())
                .build();
    }

    public ExecutorRemoved removed(SparkListenerExecutorRemoved e) {
        lastHeartbeat.remove(e.executorId());
        return ExecutorRemoved.newBuilder()
                .setExecutorId(e.executorId())
                .setTimeMs(e.time())
                .setReason(e.reason() == null ? "" : e.reason())
                .build();
    }

    /** The heartbeat's metrics, or null when this executor had one within the interval. */
    public ExecutorMetricsUpdate metricsUpdate(SparkListenerExecutorMetricsUpdate e, long nowMs) {
        String id = e.execId();
        Long last = lastHeartbeat.get(id);
        if (last != null && nowMs - last < minIntervalMs) {
            return null;
        }
        if (last != null || lastHeartbeat.size() < 100_000) {
            lastHeartbeat.put(id, nowMs);
        }
        Map<String, Long> values = new HashMap<>();
        scala.collection.Iterator<?> it = EXECUTOR_UPDATES.get(e).iterator();
        while (it.hasNext()) {
            scala.Tuple2<?, ?> kv = (scala.Tuple2<?, ?>) it.next();
            metrics.maxInto((ExecutorMetrics) kv._2(), values);
        }
        return ExecutorMetricsUpdate.newBuilder()
                .setExecutorId(id)
                .setMetrics(values)
                .setActiveTasks(ACCUM_UPDATES.count(e))
                .build();
    }
}
