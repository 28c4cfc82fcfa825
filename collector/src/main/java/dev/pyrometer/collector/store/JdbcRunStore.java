/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import dev.pyrometer.collector.timeline.RunTimeline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL both stores share. One connection, used under this object's lock: the consumer
 * writes and the HTTP server reads through the same store.
 */
abstract class JdbcRunStore implements RunStore {
    protected final Connection conn;

    protected JdbcRunStore(Connection conn, Dialect dialect) {
        this.conn = conn;
        try {
            StoreSchema.open(conn, dialect);
            conn.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            try {
                conn.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("cannot create the Pyrometer tables: " + e.getMessage(), e);
        }
    }

    /** Writes rows of a table (runId fills a derived table's run_id); DuckDB overrides this with its appender. */
    protected <R> void insert(Table<R> table, String runId, List<R> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = conn.prepareStatement(table.insertSql(false))) {
            int n = 0;
            for (R row : rows) {
                bind(ps, table, runId, row);
                ps.addBatch();
                if (++n % 5_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** Sets every column of one row, each with the setter of its declared type. */
    static <R> void bind(PreparedStatement ps, Table<R> table, String runId, R row) throws SQLException {
        List<Table.Column<R>> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            Object v = table.value(i, row, runId);
            SqlType type = columns.get(i).type();
            if (v == null) {
                ps.setNull(i + 1, type.jdbc);
                continue;
            }
            switch (type) {
                case VARCHAR -> ps.setString(i + 1, (String) v);
                case BIGINT -> ps.setLong(i + 1, (Long) v);
                case INTEGER -> ps.setInt(i + 1, (Integer) v);
                case BOOLEAN -> ps.setBoolean(i + 1, (Boolean) v);
                case FLOAT8 -> ps.setDouble(i + 1, (Double) v);
                case BLOB -> ps.setBytes(i + 1, (byte[]) v);
            }
        }
    }

    @Override
    public synchronized void append(List<StoredEvent> events, List<RejectedRecord> rejects) {
        if (events.isEmpty() && rejects.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            insert(Tables.EVENTS, null, events);
            insertRejects(rejects);
        });
    }

    private void insertRejects(List<RejectedRecord> rejects) throws SQLException {
        if (rejects.isEmpty()) {
            return;
        }
        // A reject seen again after a restart (stored, offset not yet committed) is the same record.
        try (PreparedStatement ps = conn.prepareStatement(Tables.REJECTED_RECORDS.insertSql(true))) {
            for (RejectedRecord r : rejects) {
                bind(ps, Tables.REJECTED_RECORDS, null, r);
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
        SavedRun run = new SavedRun(t, partition, System.currentTimeMillis());
        String runId = run.runId();
        // Rows first (the diagnosis is the costly part), so the transaction only writes.
        Map<Table<?>, List<?>> rows = new LinkedHashMap<>();
        for (Table<?> table : Tables.DERIVED) {
            rows.put(table, table.rowsOf(run));
        }
        inTransaction(() -> {
            for (Table<?> table : Tables.DERIVED) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table.name() + " WHERE run_id = ?")) {
                    ps.setString(1, runId);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "DELETE FROM rejected_records WHERE run_id = ? AND reason LIKE 'INCONSISTENT%'")) {
                ps.setString(1, runId);
                ps.executeUpdate();
            }
            for (Map.Entry<Table<?>, List<?>> e : rows.entrySet()) {
                insertRows(e.getKey(), runId, e.getValue());
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

    @SuppressWarnings("unchecked")
    private <R> void insertRows(Table<R> table, String runId, List<?> rows) throws SQLException {
        // The rows came from this table's own declaration (rowsOf), so they are of its row type.
        insert(table, runId, (List<R>) rows);
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
