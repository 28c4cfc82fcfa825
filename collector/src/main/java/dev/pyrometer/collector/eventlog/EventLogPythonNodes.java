/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.event.PythonUdfMetrics;
import dev.pyrometer.event.SqlMetricValue;
import dev.pyrometer.wire.PythonPlanNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event log's counterpart of the listener's PythonUdfTracker: a SQL execution's plan info (at
 * its start and at each adaptive update) names its Python nodes and their metrics' accumulator
 * ids; a task end's accumulables then give the task's {@link PythonUdfMetrics}, as the listener
 * would have sent them. The log writes SQL metric updates as strings.
 */
final class EventLogPythonNodes {
    private static final int MAX_ACCUMULATORS = 20_000;
    private static final int MAX_DEPTH = 400;

    private record Node(long executionId, String name, List<String> functions) {
    }

    private record Metric(Node node, String name, String type) {
    }

    private final Map<Long, Metric> byAccumulator = new HashMap<>();
    private final Map<Long, List<Long>> byExecution = new HashMap<>();

    void onPlan(JsonNode event) {
        JsonNode id = event.get("executionId");
        JsonNode plan = event.get("sparkPlanInfo");
        if (id != null && id.canConvertToLong() && plan != null) {
            walk(id.asLong(), plan, 0);
        }
    }

    void onEnd(JsonNode event) {
        JsonNode id = event.get("executionId");
        List<Long> ids = id == null ? null : byExecution.remove(id.asLong());
        if (ids != null) {
            ids.forEach(byAccumulator::remove);
        }
    }

    List<PythonUdfMetrics> forTask(JsonNode taskInfo) {
        JsonNode accums = taskInfo == null ? null : taskInfo.get("Accumulables");
        if (byAccumulator.isEmpty() || accums == null || !accums.isArray()) {
            return new ArrayList<>();
        }
        Map<Node, PythonUdfMetrics> out = new LinkedHashMap<>();
        for (JsonNode a : accums) {
            JsonNode id = a.get("ID");
            Metric m = id == null ? null : byAccumulator.get(id.asLong());
            Long update = m == null ? null : number(a.get("Update"));
            if (update == null) {
                continue;
            }
            out.computeIfAbsent(m.node(), n -> new PythonUdfMetrics(n.executionId(), n.name(), PythonPlanNodes.isArrow(n.name()),
                    n.functions(), new ArrayList<>())).getMetrics().add(new SqlMetricValue(m.name(), m.type(), update));
        }
        return new ArrayList<>(out.values());
    }

    private void walk(long executionId, JsonNode plan, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        String name = plan.path("nodeName").asText("");
        if (PythonPlanNodes.isPython(name)) {
            Node node = new Node(executionId, name, PythonPlanNodes.functions(plan.path("simpleString").asText(null)));
            for (JsonNode info : plan.path("metrics")) {
                JsonNode id = info.get("accumulatorId");
                if (id == null || !id.canConvertToLong() || byAccumulator.containsKey(id.asLong())
                        || byAccumulator.size() >= MAX_ACCUMULATORS) {
                    continue;
                }
                byAccumulator.put(id.asLong(), new Metric(node, info.path("name").asText(""), info.path("metricType").asText("")));
                byExecution.computeIfAbsent(executionId, k -> new ArrayList<>()).add(id.asLong());
            }
        }
        for (JsonNode child : plan.path("children")) {
            walk(executionId, child, depth + 1);
        }
    }

    private static Long number(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        try {
            return Long.parseLong(v.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
