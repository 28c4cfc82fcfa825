/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The default store: one embedded DuckDB file that users can open with the duckdb CLI or any
 * DuckDB client (while no collector holds it: DuckDB allows one writing process per file).
 * Bulk rows go through DuckDB's appender, an order of magnitude faster than batched inserts.
 */
public final class DuckDbRunStore extends JdbcRunStore {

    private DuckDbRunStore(DuckDBConnection conn) {
        super(conn, "BLOB");
    }

    /** Opens (and creates when missing) the database file. */
    public static DuckDbRunStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new DuckDbRunStore((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath()));
        } catch (SQLException | java.io.IOException e) {
            throw new StoreException("cannot open DuckDB file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A store that lives in memory only (the Parquet tables of {@link ParquetTables}, read once). */
    public static DuckDbRunStore inMemory() {
        try {
            return new DuckDbRunStore((DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:"));
        } catch (SQLException e) {
            throw new StoreException("cannot open an in-memory DuckDB: " + e.getMessage(), e);
        }
    }

    /** This store's connection, for reading files with DuckDB's table functions. */
    java.sql.Connection connection() {
        return conn;
    }

    @Override
    protected void insert(String table, String[] columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (DuckDBAppender app = ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (Object[] row : rows) {
                app.beginRow();
                for (Object v : row) {
                    appendValue(app, v);
                }
                app.endRow();
            }
            app.flush();
        }
    }

    private static void appendValue(DuckDBAppender app, Object v) throws SQLException {
        if (v == null) {
            app.appendNull();
        } else if (v instanceof String s) {
            app.append(s);
        } else if (v instanceof Long l) {
            app.append(l.longValue());
        } else if (v instanceof Integer i) {
            app.append(i.intValue());
        } else if (v instanceof Boolean b) {
            app.append(b.booleanValue());
        } else if (v instanceof Double d) {
            app.append(d.doubleValue());
        } else if (v instanceof byte[] bytes) {
            app.append(bytes);
        } else {
            app.append(v.toString());
        }
    }
}
