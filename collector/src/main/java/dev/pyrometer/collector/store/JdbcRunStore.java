/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL both stores share. One connection, used under this object's lock: the consumer
 * writes and the HTTP server reads through the same store.
 */
abstract class JdbcRunStore implements RunStore {
    private static final String[] EVENT_COLUMNS = {"run_id", "instance_id", "seq", "time_us", "payload_type", "topic",
        "kafka_partition", "kafka_offset", "duplicate", "body"};

    protected final Connection conn;

    protected JdbcRunStore(Connection conn, String blobType) {
        this.conn = conn;
        try {
            conn.setAutoCommit(true);
            try (Statement st = conn.createStatement()) {
                for (String ddl : schema(blobType)) {
                    st.execute(ddl);
                }
            }
            conn.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StoreException("cannot create the Pyrometer tables: " + e.getMessage(), e);
        }
    }

    static List<String> schema(String blobType) {
        try (InputStream in = JdbcRunStore.class.getResourceAsStream("schema.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${BLOB}", blobType);
            List<String> out = new ArrayList<>();
            for (String s : sql.split(";")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new StoreException("schema.sql missing from the collector jar", e);
        }
    }

    /** Inserts rows in the given column order; DuckDB overrides this with its appender. */
    protected void insert(String table, String[] columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + table + " (" + String.join(",", columns) + ") VALUES ("
                + String.join(",", java.util.Collections.nCopies(columns.length, "?")) + ")";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int n = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    ps.setObject(i + 1, row[i]);
                }
                ps.addBatch();
                if (++n % 5_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    @Override
    public synchronized void append(List<StoredEvent> events, List<RejectedRecord> rejects) {
        if (events.isEmpty() && rejects.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            List<Object[]> rows = new ArrayList<>(events.size());
            for (StoredEvent e : events) {
                rows.add(new Object[] {e.runId(), e.instanceId(), e.seq(), e.timeMicros(), e.payloadType(), e.topic(),
                    e.partition(), e.offset(), e.duplicate(), e.body()});
            }
            insert("events", EVENT_COLUMNS, rows);
            insertRejects(rejects);
        });
    }

    private void insertRejects(List<RejectedRecord> rejects) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        // A reject seen again after a restart (stored, offset not yet committed) is the same record.
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO rejected_records (topic, kafka_partition, "
                + "kafka_offset, reason, detail, record_key, size_bytes, body, received_ms, run_id) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
            for (RejectedRecord r : rejects) {
                ps.setString(1, r.topic());
                ps.setInt(2, r.partition());
                ps.setLong(3, r.offset());
                ps.setString(4, r.reason());
                ps.setString(5, r.detail());
                ps.setString(6, r.recordKey());
                ps.setInt(7, r.sizeBytes());
                ps.setBytes(8, r.body());
                ps.setLong(9, r.receivedMs());
                ps.setString(10, r.runId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public synchronized List<StoredEvent> events(String runId) {
        List<StoredEvent> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT instance_id, seq, time_us, payload_type, topic, "
                + "kafka_partition, kafka_offset, duplicate, body FROM events WHERE run_id = ? ORDER BY kafka_partition, kafka_offset")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEvent(runId, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getBoolean(8), rs.getBytes(9)));
                }
            }
            conn.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot read events of run " + runId + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void saveRun(RunTimeline t, int partition) {
        String runId = t.app().runId();
        Map<String, List<Object[]>> rows = DerivedRows.of(t, partition, System.currentTimeMillis());
        inTransaction(() -> {
            for (String table : DerivedRows.COLUMNS.keySet()) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                    ps.setString(1, runId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "DELETE FROM rejected_records WHERE run_id = ? AND reason LIKE 'INCONSISTENT%'")) {
                ps.setString(1, runId);
                ps.executeUpdate();
            }
            for (Map.Entry<String, List<Object[]>> e : rows.entrySet()) {
                insert(e.getKey(), DerivedRows.COLUMNS.get(e.getKey()), e.getValue());
            }
            List<RejectedRecord> flagged = new ArrayList<>();
            for (RunTimeline.Inconsistency i : t.inconsistencies()) {
                flagged.add(new RejectedRecord(i.origin().topic(), i.origin().partition(), i.origin().offset(),
                        "INCONSISTENT:" + i.kind(), i.detail(), t.app().appId(), 0, null, System.currentTimeMillis(),
                        runId));
            }
            insertRejects(flagged);
        });
    }

    @Override
    public synchronized List<String> openRuns(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        String in = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<String> out = new ArrayList<>();
        // A run may have events but no runs row yet (stopped before its first save).
        String sql = "SELECT DISTINCT e.run_id FROM events e LEFT JOIN runs r ON r.run_id = e.run_id "
                + "WHERE e.kafka_partition IN (" + in + ") AND (r.status IS NULL OR r.status = 'RUNNING') ORDER BY 1";
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            conn.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot list open runs: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized long maxStoredOffset(String topic, int partition) {
        String sql = "SELECT max(o) FROM (SELECT max(kafka_offset) AS o FROM events WHERE topic = ? AND kafka_partition = ? "
                + "UNION ALL SELECT max(kafka_offset) AS o FROM rejected_records WHERE topic = ? AND kafka_partition = ?) x";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, topic);
            ps.setInt(2, partition);
            ps.setString(3, topic);
            ps.setInt(4, partition);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                long out = rs.wasNull() ? -1 : v;
                conn.commit();
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read stored offsets: " + e.getMessage(), e);
        }
    }

    private static final String SUMMARY = "SELECT run_id, app_name, series, status, start_ms, duration_ms, tasks, "
            + "failed_tasks, peak_python_rss, lost_events, events, scale FROM runs";

    @Override
    public synchronized List<RunSummary> runs() {
        return summaries(SUMMARY + " ORDER BY start_ms DESC, run_id", null);
    }

    @Override
    public synchronized Optional<RunSummary> run(String runId) {
        return summaries(SUMMARY + " WHERE run_id = ?", runId).stream().findFirst();
    }

    private List<RunSummary> summaries(String sql, String arg) {
        List<RunSummary> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            rs.getLong(11), rs.getObject(12) == null ? null : rs.getDouble(12)));
                }
            }
            conn.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot list runs: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<RejectedRecord> rejects() {
        List<RejectedRecord> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT topic, kafka_partition, "
                + "kafka_offset, reason, detail, record_key, size_bytes, body, received_ms, run_id FROM rejected_records "
                + "ORDER BY kafka_partition, kafka_offset")) {
            while (rs.next()) {
                out.add(new RejectedRecord(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getBytes(8), rs.getLong(9), rs.getString(10)));
            }
            conn.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot list rejected records: " + e.getMessage(), e);
        }
        return out;
    }

    /** Runs a query for tests and the CLI: rows as lists of values. */
    public synchronized List<List<Object>> query(String sql) {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number num && !(v instanceof Double) ? (Object) num.longValue() : v);
                }
                out.add(row);
            }
            conn.commit();
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage(), e);
        }
        return out;
    }

    /** Work that must be all-or-nothing. */
    protected interface SqlWork {
        void run() throws SQLException;
    }

    protected void inTransaction(SqlWork work) {
        try {
            work.run();
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StoreException("store write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + e.getMessage(), e);
        }
    }
}
