/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;
    private DuckDbRunStore store;

    @Override
    protected JdbcRunStore store() {
        store = DuckDbRunStore.open(dir.resolve("runs.duckdb"));
        return store;
    }

    private Path existing;

    @Override
    protected void newDatabase() {
        existing = dir.resolve("db-" + System.nanoTime() + ".duckdb");
    }

    @Override
    protected java.sql.Connection connect() throws Exception {
        return java.sql.DriverManager.getConnection("jdbc:duckdb:" + existing);
    }

    @Override
    protected JdbcRunStore openExisting() {
        store = DuckDbRunStore.open(existing);
        return store;
    }

    @Override
    protected String reportedType(SqlType type) {
        return switch (type) {
            case VARCHAR -> "VARCHAR";
            case BIGINT -> "BIGINT";
            case INTEGER -> "INTEGER";
            case BOOLEAN -> "BOOLEAN";
            case FLOAT8 -> "DOUBLE";
            case BLOB -> "BLOB";
        };
    }

    @Override
    protected List<String> indexes(JdbcRunStore s) {
        return s.query("SELECT index_name FROM duckdb_indexes() ORDER BY 1").stream().map(r -> (String) r.get(0)).toList();
    }

    @Override
    protected List<String> expectedIndexes() {
        return List.of();
    }

    @Override
    protected String blobType() {
        return "BLOB";
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aStoreFromBeforeTheScaleColumnGetsItAndStoresTheDeclaredScale() throws Exception {
        Path file = dir.resolve("old.duckdb");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
                java.sql.Statement st = c.createStatement()) {
            String runs = schemaV1("BLOB").get(0);
            st.execute(runs);
        }
        store = DuckDbRunStore.open(file);
        dev.pyrometer.collector.timeline.SyntheticRun run = new dev.pyrometer.collector.timeline.SyntheticRun();
        run.conf.put("spark.pyrometer.scale", "0.25");
        List<dev.pyrometer.event.Event> events = run.build();
        store.append(stored(events, 0), List.of());
        store.saveRun(join(events, dev.pyrometer.collector.timeline.RunStatus.COMPLETE), 0);
        assertThat(store.runs()).singleElement().satisfies(r -> assertThat(r.scale()).isEqualTo(0.25));
    }

    @Test
    void dataSurvivesReopeningTheFile() throws Exception {
        JdbcRunStore s = store();
        s.append(stored(new dev.pyrometer.collector.timeline.SyntheticRun().build(), 0), List.of());
        s.close();
        store = DuckDbRunStore.open(dir.resolve("runs.duckdb"));
        assertThat(store.events("app-20261121-0001")).isNotEmpty();
    }
}
