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

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
