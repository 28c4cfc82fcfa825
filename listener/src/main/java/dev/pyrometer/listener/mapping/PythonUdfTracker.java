/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.PythonUdfMetrics;
import dev.pyrometer.event.SqlMetricValue;
import dev.pyrometer.listener.compat.EventGetters;
import dev.pyrometer.listener.compat.ScalaValues;
import dev.pyrometer.listener.compat.SeqAccessor;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.PythonPlanNodes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.TaskInfo;

/**
 * Which Python functions a task ran, and its share of their SQL metrics. A SQL execution's plan
 * info (at its start, and again at each adaptive re-plan) names its Python nodes, their functions
 * and the accumulator ids of their metrics; a task end carries its updates of accumulators
 * (TaskInfo.accumulables, successful tasks, non-zero updates), and those of a Python node's
 * metrics become the task's {@link PythonUdfMetrics}. Spark's SQL classes are read by name
 * ({@link EventGetters}), never linked.
 *
 * <p>Bounded: the accumulator ids of at most {@link #MAX_ACCUMULATORS} metrics are held, each
 * execution's released at its end; what does not fit is counted
 * ({@link CounterNames#LISTENER_PYTHON_METRICS_NOT_KEPT}). Called on the listener-bus thread
 * only. A task end costs nothing more while no execution with Python nodes is running.
 */
public final class PythonUdfTracker {
    static final int MAX_ACCUMULATORS = 20_000;
    /** Plans deeper than this (generated SQL) are not walked further. */
    private static final int MAX_DEPTH = 400;

    /** One Python node of one execution's plan. */
    private static final class Node {
        final long executionId;
        final String name;
        final boolean arrow;
        final List<String> functions;

        Node(long executionId, String name, List<String> functions) {
            this.executionId = executionId;
            this.name = name;
            this.arrow = PythonPlanNodes.isArrow(name);
            this.functions = functions;
        }
    }

    /** A metric of a Python node, by its accumulator id. */
    private static final class Metric {
        final Node node;
        final String name;
        final String type;

        Metric(Node node, String name, String type) {
            this.node = node;
            this.name = name;
            this.type = type;
        }
    }

    private final EventGetters getters;
    private final LossCounters counters;
    private final Map<Long, Metric> byAccumulator = new HashMap<>();
    private final Map<Long, List<Long>> accumulatorsByExecution = new HashMap<>();
    private SeqAccessor accumulables;

    public PythonUdfTracker(EventGetters getters, LossCounters counters) {
        this.getters = getters;
        this.counters = counters;
    }

    /** A SQL execution's start or adaptive update: its plan info's Python nodes are remembered. */
    public void onPlan(Object event) {
        Long executionId = getters.number(event, "executionId");
        Object plan = getters.get(event, "sparkPlanInfo");
        if (executionId == null || plan == null) {
            return;
        }
        walk(executionId, plan, 0);
    }

    /** A SQL execution's end: its accumulator ids are released. */
    public void onEnd(Object event) {
        Long executionId = getters.number(event, "executionId");
        List<Long> ids = executionId == null ? null : accumulatorsByExecution.remove(executionId);
        if (ids != null) {
            for (Long id : ids) {
                byAccumulator.remove(id);
            }
        }
    }

    /** The Python nodes whose metrics this task updated; empty (and no work) when none is known. */
    public List<PythonUdfMetrics> forTask(TaskInfo info) {
        if (byAccumulator.isEmpty() || info == null) {
            return Collections.emptyList();
        }
        if (accumulables == null) {
            accumulables = SeqAccessor.of(TaskInfo.class, "accumulables");
        }
        Map<Node, PythonUdfMetrics> out = null;
        scala.collection.Iterator<?> it = accumulables.get(info).iterator();
        while (it.hasNext()) {
            AccumulableInfo a = (AccumulableInfo) it.next();
            Metric m = byAccumulator.get(a.id());
            if (m == null) {
                continue;
            }
            Object update = ScalaValues.orNull(a.update());
            if (!(update instanceof Number)) {
                continue;
            }
            if (out == null) {
                out = new LinkedHashMap<>();
            }
            PythonUdfMetrics p = out.get(m.node);
            if (p == null) {
                p = new PythonUdfMetrics(m.node.executionId, m.node.name, m.node.arrow, m.node.functions,
                        new ArrayList<SqlMetricValue>());
                out.put(m.node, p);
            }
            p.getMetrics().add(new SqlMetricValue(m.name, m.type, ((Number) update).longValue()));
        }
        return out == null ? Collections.<PythonUdfMetrics>emptyList() : new ArrayList<>(out.values());
    }

    /** How many accumulator ids are held (for tests and the bound). */
    int held() {
        return byAccumulator.size();
    }

    private void walk(long executionId, Object plan, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        String name = getters.text(plan, "nodeName");
        if (PythonPlanNodes.isPython(name)) {
            Node node = new Node(executionId, name, PythonPlanNodes.functions(getters.text(plan, "simpleString")));
            for (Object info : iterable(getters.get(plan, "metrics"))) {
                Long id = getters.number(info, "accumulatorId");
                if (id == null || byAccumulator.containsKey(id)) {
                    continue;
                }
                if (byAccumulator.size() >= MAX_ACCUMULATORS) {
                    counters.count(CounterNames.LISTENER_PYTHON_METRICS_NOT_KEPT, 1);
                    continue;
                }
                byAccumulator.put(id, new Metric(node, nonNull(getters.text(info, "name")), nonNull(getters.text(info, "metricType"))));
                List<Long> ids = accumulatorsByExecution.get(executionId);
                if (ids == null) {
                    ids = new ArrayList<>();
                    accumulatorsByExecution.put(executionId, ids);
                }
                ids.add(id);
            }
        }
        for (Object child : iterable(getters.get(plan, "children"))) {
            walk(executionId, child, depth + 1);
        }
    }

    private static List<Object> iterable(Object scalaSeq) {
        List<Object> out = new ArrayList<>();
        if (scalaSeq instanceof scala.collection.Iterable) {
            scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) scalaSeq).iterator();
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
