/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.consume;

import dev.pyrometer.collector.store.DuckDbRunStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every derived row of a store, sorted, without the wall-clock columns: for equality checks. */
public final class StoreDump {
    private static final String[] TABLES = {"jobs", "stages", "tasks", "executors", "processes", "samples",
        "py4j_calls", "serializer_stats", "failures", "lost_events"};

    private StoreDump() {
    }

    public static Map<String, List<String>> of(DuckDbRunStore store) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put("runs", rows(store, "SELECT * EXCLUDE (updated_ms) FROM runs"));
        for (String t : TABLES) {
            out.put(t, rows(store, "SELECT * FROM " + t));
        }
        out.put("events", rows(store, "SELECT run_id, instance_id, seq, kafka_partition, kafka_offset, md5(body) FROM events"));
        out.put("rejected_records", rows(store,
                "SELECT topic, kafka_partition, kafka_offset, reason, record_key, size_bytes, run_id FROM rejected_records"));
        return out;
    }

    private static List<String> rows(DuckDbRunStore store, String sql) {
        List<String> out = new ArrayList<>();
        for (List<Object> row : store.query(sql)) {
            out.add(row.toString());
        }
        out.sort(null);
        return out;
    }
}
