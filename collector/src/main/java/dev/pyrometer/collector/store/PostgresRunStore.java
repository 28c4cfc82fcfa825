/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * PostgreSQL store: several collectors of one consumer group share one database (each run
 * lives in one partition, so no two collectors ever write the same run). Same tables as DuckDB.
 */
public final class PostgresRunStore extends JdbcRunStore {

    private PostgresRunStore(java.sql.Connection conn) {
        super(conn, Dialect.POSTGRES);
    }

    /**
     * @param jdbcUrl e.g. jdbc:postgresql://db:5432/pyrometer; user and password may be in the URL
     *                or in PGUSER/PGPASSWORD-style properties (never logged)
     */
    public static PostgresRunStore open(String jdbcUrl, Properties props) {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty("reWriteBatchedInserts", "true");
        try {
            return new PostgresRunStore(DriverManager.getConnection(jdbcUrl, p));
        } catch (SQLException e) {
            // The URL may carry a password: name only the host part.
            throw new StoreException("cannot connect to PostgreSQL (" + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }
}
