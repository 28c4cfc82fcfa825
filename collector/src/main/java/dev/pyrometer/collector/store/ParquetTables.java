/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables {@code pyrometer spark-ingest} writes (docs/analytics.md), read back as a store:
 * every record's bytes are kept in its table's {@code value} column, so the runs are replayed
 * once ({@link RunReplay}, the loop the collector rebuilds runs with) into an in-memory DuckDB
 * store that every reading command (runs, show, report, export, diagnose, series) works on
 * unchanged; the store keeps the timelines, which those commands then read without a second replay.
 */
public final class ParquetTables {
    /** A payload table's files: TABLE/day=D/app=A/part-*.parquet (the staging and checkpoint are deeper or hold none). */
    static final String EVENTS_GLOB = "/*/day=*/app=*/*.parquet";
    static final String REJECTS_GLOB = "/rejected_records/day=*/*.parquet";

    private ParquetTables() {
    }

    /** Loads every run under root (a directory spark-ingest wrote) into a new in-memory store. */
    public static DuckDbRunStore load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no directory " + root + " (--parquet names the --output of 'pyrometer spark-ingest')");
        }
        DuckDbRunStore store = DuckDbRunStore.inMemory();
        try {
            RunReplay replay = RunReplay.ofRecords();
            Map<String, Integer> partitions = new LinkedHashMap<>();
            List<StoredEvent> events = new ArrayList<>();
            String dir = root.toAbsolutePath().toString();
            boolean any = hasFiles(store, dir + EVENTS_GLOB);
            if (any) {
                try (Statement st = store.connection().createStatement();
                     ResultSet rs = st.executeQuery("SELECT value, topic, kafka_partition, kafka_offset FROM read_parquet("
                             + literal(dir + EVENTS_GLOB) + ", hive_partitioning = true, union_by_name = true) "
                             + "ORDER BY kafka_partition, kafka_offset")) {
                    while (rs.next()) {
                        StoredEvent e = replay.add(rs.getBytes(1), new Origin(rs.getString(2), rs.getInt(3), rs.getLong(4)));
                        partitions.putIfAbsent(e.runId(), e.partition());
                        events.add(e);
                    }
                }
            }
            List<RejectedRecord> rejects = hasFiles(store, dir + REJECTS_GLOB) ? rejects(store, dir) : List.of();
            if (!any && rejects.isEmpty()) {
                throw new IllegalArgumentException("no tables of 'pyrometer spark-ingest' under " + root
                        + " (expected TABLE/day=.../app=.../*.parquet)");
            }
            store.append(events, rejects);
            for (Map.Entry<String, RunAssembler> r : replay.runs().entrySet()) {
                // A table is a snapshot: a run without its application end may still be running.
                RunStatus status = r.getValue().applicationEndSeen() ? RunStatus.COMPLETE : RunStatus.RUNNING;
                // Kept: reports, exports and the diagnosis read it without decoding every record again.
                store.saveAndHold(r.getValue().timeline(status), partitions.get(r.getKey()));
            }
            return store;
        } catch (SQLException e) {
            store.close();
            throw new StoreException("cannot read the Parquet tables under " + root + ": " + e.getMessage(), e);
        } catch (DecodeException e) {
            store.close();
            throw new StoreException("a record in the Parquet tables under " + root + " does not decode: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static List<RejectedRecord> rejects(DuckDbRunStore store, String dir) throws SQLException {
        List<RejectedRecord> out = new ArrayList<>();
        try (Statement st = store.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT topic, kafka_partition, kafka_offset, reason, detail, record_key, "
                     + "size_bytes, body, kafka_timestamp FROM read_parquet(" + literal(dir + REJECTS_GLOB)
                     + ", hive_partitioning = true, union_by_name = true) ORDER BY kafka_partition, kafka_offset")) {
            while (rs.next()) {
                Timestamp ts = rs.getTimestamp(9);
                out.add(new RejectedRecord(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getBytes(8), ts == null ? 0 : ts.getTime(), null));
            }
        }
        return out;
    }

    private static boolean hasFiles(DuckDbRunStore store, String glob) throws SQLException {
        try (Statement st = store.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM glob(" + literal(glob) + ")")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
