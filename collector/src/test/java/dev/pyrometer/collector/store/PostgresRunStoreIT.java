/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real PostgreSQL server, one fresh database per test. */
class PostgresRunStoreIT extends RunStoreContract {
    private static PostgresServer server;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private PostgresRunStore store;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected JdbcRunStore store() {
        try {
            store = PostgresRunStore.open(server.createDatabase("contract_" + DATABASES.incrementAndGet()), new Properties());
            return store;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String existing;

    @Override
    protected void newDatabase() throws Exception {
        existing = server.createDatabase("existing_" + DATABASES.incrementAndGet());
    }

    @Override
    protected java.sql.Connection connect() throws Exception {
        return java.sql.DriverManager.getConnection(existing);
    }

    @Override
    protected JdbcRunStore openExisting() {
        store = PostgresRunStore.open(existing, new Properties());
        return store;
    }

    @Override
    protected String reportedType(SqlType type) {
        return switch (type) {
            case VARCHAR -> "character varying";
            case BIGINT -> "bigint";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case FLOAT8 -> "double precision";
            case BLOB -> "bytea";
        };
    }

    @Override
    protected java.util.List<String> indexes(JdbcRunStore s) {
        return s.query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE "
                + "'%_pkey' ORDER BY 1").stream().map(r -> (String) r.get(0)).toList();
    }

    @Override
    protected java.util.List<String> expectedIndexes() {
        return java.util.List.of("connect_operation_jobs_run_id", "connect_operations_run_id", "connect_sessions_run_id",
                "events_run_id", "executors_run_id", "failures_run_id", "findings_run_id", "jobs_run_id",
                "lost_events_run_id", "processes_run_id", "py4j_calls_run_id", "python_udfs_run_id",
                "python_worker_tasks_run_id", "samples_run_id",
                "serializer_stats_run_id", "source_loss_run_id", "stages_run_id", "tasks_run_id");
    }

    @Override
    protected String blobType() {
        return "BYTEA";
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
