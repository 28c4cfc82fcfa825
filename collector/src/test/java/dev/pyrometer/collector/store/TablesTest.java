/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void schemaSqlIsTheListingOfTheDeclarations() throws Exception {
        // Tests run in collector/; the listing's path is from the repository root.
        Path file = Paths.get("..").resolve(Tables.SCHEMA_SQL);
        String want = Tables.schemaSql();
        if (Boolean.getBoolean("pyrometer.schema.write")) {
            Files.writeString(file, want);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is generated: rerun with -Dpyrometer.schema.write=true", file).isEqualTo(want);
    }

    @Test
    void everyDerivedTableStartsWithItsRunIdAndIsIndexedByIt() {
        assertThat(Tables.DERIVED).extracting(Table::name).containsExactly("runs", "jobs", "stages", "tasks",
                "executors", "processes", "samples", "py4j_calls", "serializer_stats", "failures", "lost_events",
                "source_loss", "findings", "connect_sessions", "connect_operations", "connect_operation_jobs", "python_udfs",
                "python_worker_tasks");
        for (Table<?> t : Tables.DERIVED) {
            assertThat(t.columns().get(0).name()).as(t.name()).isEqualTo("run_id");
            assertThat(t.columns().get(0).value()).as(t.name()).isNull();
            assertThat(t.columns().subList(1, t.columns().size())).as(t.name()).allSatisfy(c -> assertThat(c.value()).isNotNull());
            List<String> pg = t.indexSql(Dialect.POSTGRES);
            if (t == Tables.RUNS) {
                assertThat(pg).as("runs: its primary key is run_id").isEmpty();
            } else {
                assertThat(pg).containsExactly("CREATE INDEX IF NOT EXISTS " + t.name() + "_run_id ON " + t.name() + " (run_id)");
            }
            assertThat(t.indexSql(Dialect.DUCKDB)).isEmpty();
        }
        Set<String> names = new HashSet<>();
        Tables.ALL.forEach(t -> assertThat(names.add(t.name())).as(t.name()).isTrue());
    }

    @Test
    void ddlOfEachDialect() {
        assertThat(Tables.REJECTED_RECORDS.createSql(Dialect.POSTGRES)).isEqualTo("CREATE TABLE IF NOT EXISTS rejected_records "
                + "(topic VARCHAR, kafka_partition INTEGER, kafka_offset BIGINT, reason VARCHAR, detail VARCHAR, "
                + "record_key VARCHAR, size_bytes INTEGER, body BYTEA, received_ms BIGINT, run_id VARCHAR, "
                + "PRIMARY KEY (topic, kafka_partition, kafka_offset))");
        assertThat(Tables.EVENTS.createSql(Dialect.DUCKDB)).endsWith("duplicate BOOLEAN, body BLOB)");
        assertThat(Tables.RUNS.createSql(Dialect.DUCKDB)).endsWith("updated_ms BIGINT, scale FLOAT8, PRIMARY KEY (run_id))");
        assertThat(Tables.JOBS.insertSql(false)).isEqualTo("INSERT INTO jobs (run_id, job_id, submit_ms, end_ms, succeeded, "
                + "description, call_site, job_group, stage_ids, total_tasks, failure_class, failure_message) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Test
    void aColumnDeclaredTwiceOrAKeyNotDeclaredIsRefused() {
        assertThatThrownBy(() -> Table.<String>table("t").varchar("a", s -> s).varchar("a", s -> s))
                .hasMessage("t.a declared twice");
        assertThatThrownBy(() -> Table.<String>table("t").varchar("a", s -> s).primaryKey("b").build())
                .hasMessage("t: primary key column b not declared");
    }
}
