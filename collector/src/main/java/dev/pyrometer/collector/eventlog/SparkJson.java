/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field reads on one event-log JSON object, tolerant of fields an older or newer Spark leaves out. */
final class SparkJson {
    private SparkJson() {
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String text(JsonNode n, String field, String otherwise) {
        String v = text(n, field);
        return v == null ? otherwise : v;
    }

    static long number(JsonNode n, String field, long otherwise) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || !v.canConvertToLong() && !v.isTextual() ? otherwise : v.asLong(otherwise);
    }

    static Long optionalNumber(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || !v.isNumber() ? null : v.asLong();
    }

    static int integer(JsonNode n, String field, int otherwise) {
        return (int) number(n, field, otherwise);
    }

    static boolean bool(JsonNode n, String field, boolean otherwise) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? otherwise : v.asBoolean(otherwise);
    }

    static List<Integer> ints(JsonNode n, String field) {
        List<Integer> out = new ArrayList<>();
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isArray()) {
            v.forEach(x -> out.add(x.asInt()));
        }
        return out;
    }

    /** A JSON object of strings (Spark's mapToJson) as a map; non-text values as their JSON text. */
    static Map<String, String> stringMap(JsonNode n, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isObject()) {
            v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
                    : e.getValue().toString()));
        }
        return out;
    }
}
