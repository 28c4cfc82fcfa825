/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables of {@code pyrometer spark-ingest} read back as a store. The files are written here
 * by DuckDB in the job's layout (TABLE/day=D/app=A/*.parquet, the envelope's Kafka columns and
 * the record's bytes in value); the job itself runs in e2e-python/test_spark_ingest.py.
 */
class ParquetTablesTest {
    @TempDir
    Path dir;

    /** Writes the events (and extra copies of some) as the job would, one table per payload type. */
    private void write(List<Event> events, List<Event> copies) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE rows (run_id VARCHAR, t VARCHAR, value BLOB, topic VARCHAR, kafka_partition INTEGER, "
                        + "kafka_offset BIGINT, day VARCHAR, app VARCHAR)");
            }
            List<Event> all = new ArrayList<>(events);
            all.addAll(copies);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rows VALUES (?, ?, ?, 'pyrometer.events', 0, ?, '2026-12-07', ?)")) {
                long offset = 0;
                for (Event e : all) {
                    ps.setString(1, RunAssembler.runIdOf(e.getRun()));
                    ps.setString(2, e.getPayload().getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2")
                            .toLowerCase(Locale.ROOT));
                    ps.setBytes(3, EventCodec.get().encode(e));
                    ps.setLong(4, offset++);
                    ps.setString(5, e.getRun().getAppId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (Statement st = c.createStatement()) {
                for (String table : tables(c)) {
                    Files.createDirectories(dir.resolve(table));
                    st.execute("COPY (SELECT run_id, value, topic, kafka_partition, kafka_offset, day, app FROM rows WHERE t = '"
                            + table + "') TO '" + dir.resolve(table) + "' (FORMAT PARQUET, PARTITION_BY (day, app), OVERWRITE_OR_IGNORE)");
                }
            }
        }
    }

    private static List<String> tables(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT DISTINCT t FROM rows")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theTablesReplayIntoTheSameRunAsTheTopic() throws Exception {
        SyntheticRun run = new SyntheticRun();
        List<Event> events = run.build();
        write(events, List.of());
        try (DuckDbRunStore s = ParquetTables.load(dir)) {
            assertThat(s.runs()).singleElement().satisfies(r -> {
                assertThat(r.runId()).isEqualTo(run.appId);
                assertThat(r.status()).isEqualTo("COMPLETE");
                assertThat(r.tasks()).isEqualTo(24);
                assertThat(r.failedTasks()).isEqualTo(1);
                assertThat(r.events()).isEqualTo(events.size());
            });
            assertThat(TimelineLoader.load(s, run.appId)).get().satisfies(t -> {
                assertThat(t.tasks()).hasSize(24);
                assertThat(t.loss().duplicates()).isZero();
            });
            // Read once: the load's timeline is kept, the same a replay of the stored events gives.
            RunTimeline held = TimelineLoader.load(s, run.appId).orElseThrow();
            assertThat(TimelineLoader.load(s, run.appId)).containsSame(held);
            assertThat(RunReplay.of(run.appId, s.events(run.appId)).timeline(RunStatus.COMPLETE)).isEqualTo(held);
        }
    }

    @Test
    void aRecordTheTablesHoldTwiceCountsAsADuplicateAndARunWithoutItsEndIsRunning() throws Exception {
        SyntheticRun run = new SyntheticRun();
        run.withAppEnd = false;
        List<Event> events = run.build();
        write(events, List.of(events.get(5)));
        try (DuckDbRunStore s = ParquetTables.load(dir)) {
            assertThat(s.runs()).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo("RUNNING");
                assertThat(r.events()).isEqualTo(events.size());
            });
            assertThat(TimelineLoader.load(s, run.appId)).get().satisfies(t -> assertThat(t.loss().duplicates()).isEqualTo(1));
        }
    }

    @Test
    void rejectedRecordsAreReadWithTheirPosition() throws Exception {
        write(new SyntheticRun().build(), List.of());
        Path rejects = dir.resolve("rejected_records");
        Files.createDirectories(rejects);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 'pyrometer.events' AS topic, 2 AS kafka_partition, 41::BIGINT AS kafka_offset, "
                    + "'BAD_HEADER' AS reason, 'not Avro' AS detail, 'k' AS record_key, 2 AS size_bytes, '\\x00\\xff'::BLOB AS body, "
                    + "TIMESTAMP '2026-12-07 08:00:00' AS kafka_timestamp, '2026-12-07' AS day) TO '" + rejects
                    + "' (FORMAT PARQUET, PARTITION_BY (day), OVERWRITE_OR_IGNORE)");
        }
        try (DuckDbRunStore s = ParquetTables.load(dir)) {
            assertThat(s.rejects()).singleElement().satisfies(r -> {
                assertThat(r.partition()).isEqualTo(2);
                assertThat(r.offset()).isEqualTo(41);
                assertThat(r.reason()).isEqualTo("BAD_HEADER");
                assertThat(r.sizeBytes()).isEqualTo(2);
            });
        }
    }

    @Test
    void aDirectoryWithoutTablesIsAOneLineError() throws Exception {
        assertThatThrownBy(() -> ParquetTables.load(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spark-ingest");
        Files.createDirectories(dir.resolve("task_end"));
        assertThatThrownBy(() -> ParquetTables.load(dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tables of 'pyrometer spark-ingest'");
    }
}
