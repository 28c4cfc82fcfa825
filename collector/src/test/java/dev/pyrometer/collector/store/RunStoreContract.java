/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.SyntheticConnectRun;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.TaskEnd;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The assertions every store must pass; DuckDB and PostgreSQL run the same ones. */
abstract class RunStoreContract {

    /** A fresh, empty store. */
    protected abstract JdbcRunStore store();

    /** Makes a new empty database, which {@link #connect()} and {@link #openExisting()} then use. */
    protected abstract void newDatabase() throws Exception;

    /** A plain connection (autocommit) to the database of {@link #newDatabase()}, as an older or newer collector would have. */
    protected abstract Connection connect() throws Exception;

    /** Opens the store on the database of {@link #newDatabase()}. */
    protected abstract JdbcRunStore openExisting();

    /** How information_schema.columns names the type this store stores a column of this type as. */
    protected abstract String reportedType(SqlType type);

    /** The names of the store's secondary indexes, sorted. */
    protected abstract List<String> indexes(JdbcRunStore s);

    /** The indexes this store should have. */
    protected abstract List<String> expectedIndexes();

    /** The DDL of the collector before schema versions (test resource schema-v1.sql: schema.sql of main at f887a0b). */
    static List<String> schemaV1(String blobType) throws Exception {
        try (InputStream in = RunStoreContract.class.getResourceAsStream("schema-v1.sql")) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${BLOB}", blobType);
            return Arrays.stream(sql.split(";")).filter(x -> !x.isBlank()).map(String::trim).toList();
        }
    }

    protected abstract String blobType();

    void assertTablesAreTheDeclaredOnes(JdbcRunStore s) {
        for (Table<?> t : Tables.ALL) {
            List<List<Object>> want = t.columns().stream()
                    .map(c -> List.<Object>of(c.name(), reportedType(c.type()))).toList();
            assertThat(s.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = "
                    + "current_schema() AND table_name = '" + t.name() + "' ORDER BY ordinal_position"))
                    .as(t.name()).isEqualTo(want);
        }
        assertThat(s.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))
                .extracting(r -> r.get(0))
                .containsExactlyInAnyOrderElementsOf(Tables.ALL.stream().map(Table::name).toList());
        assertThat(indexes(s)).isEqualTo(expectedIndexes());
    }

    @Test
    void theDeclaredTablesAreWhatTheStoreCreates() {
        JdbcRunStore s = store();
        assertTablesAreTheDeclaredOnes(s);
        assertThat(s.query("SELECT version, description FROM schema_version")).containsExactly(List.of((long) StoreSchema.VERSION, "created"));
    }

    @Test
    void aStoreOfTheCollectorBeforeSchemaVersionsIsUpgradedAndKeepsItsData() throws Exception {
        List<Event> events = new SyntheticRun().build();
        String runId = "app-20261121-0001";
        newDatabase();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String ddl : schemaV1(blobType())) {
                st.execute(ddl);
            }
            // Rows as that collector wrote them: the events, the run's row, a derived row, a reject.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (StoredEvent e : stored(events, 0)) {
                    ps.setString(1, e.runId());
                    ps.setString(2, e.instanceId());
                    ps.setLong(3, e.seq());
                    ps.setLong(4, e.timeMicros());
                    ps.setString(5, e.payloadType());
                    ps.setString(6, e.topic());
                    ps.setInt(7, e.partition());
                    ps.setLong(8, e.offset());
                    ps.setBoolean(9, e.duplicate());
                    ps.setBytes(10, e.body());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("INSERT INTO runs (run_id, app_name, status, start_ms, duration_ms, tasks, failed_tasks, "
                    + "peak_python_rss, lost_events, events) VALUES ('" + runId + "', 'old', 'COMPLETE', 5, 7, 24, 1, 0, 0, "
                    + events.size() + ")");
            st.execute("INSERT INTO tasks (run_id, task_id, status) VALUES ('" + runId + "', 1, 'SUCCESS')");
            st.execute("INSERT INTO rejected_records (topic, kafka_partition, kafka_offset, reason) VALUES ('pyrometer', 0, 999, 'BAD_HEADER')");
        }
        JdbcRunStore s = openExisting();
        assertThat(s.query("SELECT version, description FROM schema_version"))
                .containsExactly(List.of((long) StoreSchema.VERSION, "upgraded from version 1"));
        assertTablesAreTheDeclaredOnes(s);
        assertThat(s.events(runId)).hasSize(events.size());
        assertThat(s.runs()).singleElement().satisfies(r -> {
            assertThat(r.appName()).isEqualTo("old");
            assertThat(r.events()).isEqualTo(events.size());
            assertThat(r.scale()).isNull();
        });
        assertThat(count(s, "SELECT count(*) FROM tasks")).isEqualTo(1);
        assertThat(s.rejects()).singleElement().satisfies(r -> assertThat(r.offset()).isEqualTo(999));
        assertThat(s.maxStoredOffset("pyrometer", 0)).isEqualTo(999);
        assertThat(TimelineLoader.load(s, runId)).hasValue(join(events, RunStatus.COMPLETE));
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        assertThat(count(s, "SELECT count(*) FROM tasks")).isEqualTo(24);
        assertThat(s.runs().get(0).appName()).isNotEqualTo("old");
    }

    @Test
    void aStoreOfVersionTwoGainsThePythonTablesAndKeepsItsRuns() throws Exception {
        List<Event> events = new SyntheticRun().build();
        newDatabase();
        JdbcRunStore v3 = openExisting();
        v3.saveRun(join(events, RunStatus.COMPLETE), 0);
        v3.close();
        // What the collector of schema version 2 left: no Python tables, version 2 recorded.
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE python_udfs");
            st.execute("DROP TABLE python_worker_tasks");
            st.execute("DELETE FROM schema_version");
            st.execute("INSERT INTO schema_version (version, description) VALUES (2, 'created')");
        }
        JdbcRunStore s = openExisting();
        assertTablesAreTheDeclaredOnes(s);
        assertThat(s.query("SELECT version, description FROM schema_version ORDER BY version")).containsExactly(
                List.of(2L, "created"), List.of((long) StoreSchema.VERSION, "upgraded from version 2"));
        assertThat(s.runs()).hasSize(1);
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        assertThat(count(s, "SELECT count(*) FROM python_worker_tasks")).isEqualTo(24);
    }

    @Test
    void aStoreOfANewerSchemaVersionIsRefusedAndLeftAsItWas() throws Exception {
        newDatabase();
        openExisting().close();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version VALUES (" + (StoreSchema.VERSION + 1) + ", 1, 'a newer collector')");
            st.execute("ALTER TABLE runs ADD COLUMN newer INTEGER");
        }
        assertThatThrownBy(this::openExisting).isInstanceOf(StoreException.class)
                .hasMessage("this store has schema version " + (StoreSchema.VERSION + 1) + ", written by a newer Pyrometer "
                        + "collector; this one knows versions up to " + StoreSchema.VERSION + ": open it with that collector or "
                        + "a newer one (the store was not changed)");
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM schema_version ORDER BY 1")) {
            assertThat(rs.next() && rs.getInt(1) == StoreSchema.VERSION && rs.next() && rs.getInt(1) == StoreSchema.VERSION + 1
                    && !rs.next()).isTrue();
        }
    }

    @Test
    void aStoreWhoseTablesDoNotMatchIsNotUpgraded() throws Exception {
        newDatabase();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String ddl : schemaV1(blobType())) {
                st.execute(ddl);
            }
            // A column of its own: the declared rows no longer fit (DuckDB's appender writes by position).
            st.execute("ALTER TABLE findings ADD COLUMN mine INTEGER");
        }
        assertThatThrownBy(this::openExisting).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot upgrade this store from schema version 1 to " + StoreSchema.VERSION
                        + ": table findings has (run_id "
                        + reportedType(SqlType.VARCHAR))
                .hasMessageContaining("created_ms " + reportedType(SqlType.BIGINT) + ", mine " + reportedType(SqlType.INTEGER) + ")")
                .hasMessageEndingWith("(the store was not changed)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                        + "current_schema() AND table_name = 'schema_version'")) {
            assertThat(rs.next() && rs.getLong(1) == 0).as("no schema_version table: the upgrade was rolled back").isTrue();
        }
    }

    static List<StoredEvent> stored(List<Event> events, int partition) throws Exception {
        List<StoredEvent> out = new ArrayList<>();
        long offset = 0;
        for (Event e : events) {
            out.add(new StoredEvent(RunAssembler.runIdOf(e.getRun()), e.getSource().getInstanceId(), e.getSeq(),
                    e.getTimeMicros(), e.getPayload().getClass().getSimpleName(), "pyrometer", partition, offset++,
                    false, EventCodec.get().encode(e)));
        }
        return out;
    }

    static RunTimeline join(List<Event> events, RunStatus status) {
        RunAssembler a = new RunAssembler(RunAssembler.runIdOf(events.get(0).getRun()));
        long offset = 0;
        for (Event e : events) {
            a.accept(e, new Origin("pyrometer", 0, offset++));
        }
        return a.timeline(status);
    }

    static long count(JdbcRunStore s, String sql) {
        return (Long) s.query(sql).get(0).get(0);
    }

    @Test
    void derivedTablesHoldTheTimeline() throws Exception {
        JdbcRunStore s = store();
        SyntheticRun run = new SyntheticRun();
        run.driverDropped = 4;
        List<Event> events = run.build();
        s.append(stored(events, 0), List.of());
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        assertThat(count(s, "SELECT count(*) FROM tasks")).isEqualTo(24);
        assertThat(count(s, "SELECT count(*) FROM tasks WHERE status = 'FAILED'")).isEqualTo(1);
        assertThat(count(s, "SELECT count(*) FROM jobs")).isEqualTo(3);
        assertThat(count(s, "SELECT count(*) FROM stages")).isEqualTo(3);
        assertThat(count(s, "SELECT count(*) FROM executors")).isEqualTo(3);
        assertThat(count(s, "SELECT count(*) FROM processes")).isEqualTo(6);
        assertThat(count(s, "SELECT count(*) FROM samples WHERE origin = 'process'")).isEqualTo(72);
        assertThat(count(s, "SELECT count(*) FROM samples WHERE origin = 'jvm'")).isEqualTo(24);
        assertThat(count(s, "SELECT count(*) FROM py4j_calls")).isEqualTo(4);
        assertThat(count(s, "SELECT count(*) FROM serializer_stats")).isEqualTo(6);
        assertThat(count(s, "SELECT count(*) FROM failures")).isEqualTo(3);
        assertThat(count(s, "SELECT sum(count) FROM lost_events")).isEqualTo(4);
        assertThat(count(s, "SELECT count(*) FROM source_loss")).isEqualTo(3);
        assertThat(count(s, "SELECT sum(missing) FROM source_loss")).isEqualTo(4);
        assertThat(count(s, "SELECT sum(counted_drops) FROM source_loss")).isEqualTo(4);
        assertThat(count(s, "SELECT sum(unaccounted) FROM source_loss")).isZero();
        assertThat(count(s, "SELECT count(*) FROM source_loss WHERE final_report AND verdict = 'final report received'"))
                .isEqualTo(3);
        assertThat(count(s, "SELECT count(*) FROM findings WHERE category = 'failure/USER_CODE_DATA' AND severity = 'ERROR'")).isEqualTo(1);
        assertThat(s.runs()).singleElement().satisfies(r -> {
            assertThat(r.runId()).isEqualTo(run.appId);
            assertThat(r.status()).isEqualTo("COMPLETE");
            assertThat(r.tasks()).isEqualTo(24);
            assertThat(r.failedTasks()).isEqualTo(1);
            assertThat(r.lostEvents()).isEqualTo(4);
            assertThat(r.peakPythonRss()).isEqualTo(107_000_000L);
            assertThat(r.events()).isEqualTo(events.size());
            assertThat(r.scale()).as("no scale declared").isNull();
        });
    }

    @Test
    void sourcesThatEndedWithoutTheirFinalReportAreStoredWithTheirLastSequenceNumber() throws Exception {
        JdbcRunStore s = store();
        SyntheticRun run = new SyntheticRun();
        run.finalReports = false;
        run.driverDropped = 2;
        List<Event> events = new ArrayList<>(run.build());
        // one executor event lost on the way, nobody counted it
        Event lost = events.stream().filter(e -> e.getSource().getRole() == dev.pyrometer.event.Role.EXECUTOR)
                .skip(3).findFirst().orElseThrow();
        events.remove(lost);
        s.append(stored(events, 0), List.of());
        s.saveRun(join(events, RunStatus.ENDED_WITHOUT_APP_END), 0);
        assertThat(count(s, "SELECT count(*) FROM source_loss WHERE NOT final_report AND verdict = 'ended without its final report'"))
                .isEqualTo(3);
        assertThat(count(s, "SELECT sum(missing) FROM source_loss")).isEqualTo(3);
        assertThat(count(s, "SELECT sum(counted_drops) FROM source_loss")).isEqualTo(2);
        assertThat(count(s, "SELECT sum(unaccounted) FROM source_loss")).isEqualTo(1);
        assertThat(count(s, "SELECT last_seq FROM source_loss WHERE source_instance = '" + lost.getSource().getInstanceId() + "'"))
                .isPositive();
        assertThat(count(s, "SELECT count(*) FROM source_loss WHERE last_event_ms > 0")).isEqualTo(3);
        assertThat(count(s, "SELECT sum(count) FROM lost_events WHERE counter = 'seq_gap.unaccounted'")).isEqualTo(1);
        assertThat(s.runs().get(0).lostEvents()).isEqualTo(3);
    }

    @Test
    void storedEventsRebuildTheSameTimeline() throws Exception {
        JdbcRunStore s = store();
        List<Event> events = new SyntheticRun().build();
        s.append(stored(events, 0), List.of());
        List<Event> back = new ArrayList<>();
        for (StoredEvent e : s.events("app-20261121-0001")) {
            back.add(EventCodec.get().decode(e.body()));
        }
        assertThat(back).hasSize(events.size());
        RunAssembler a = new RunAssembler("app-20261121-0001");
        back.forEach(e -> a.accept(e, Origin.NONE));
        RunAssembler b = new RunAssembler("app-20261121-0001");
        events.forEach(e -> b.accept(e, Origin.NONE));
        assertThat(a.timeline(RunStatus.COMPLETE)).isEqualTo(b.timeline(RunStatus.COMPLETE));
    }

    @Test
    void connectSessionsAndOperationsAreStoredWithTheirJobs() throws Exception {
        JdbcRunStore s = store();
        List<Event> events = SyntheticConnectRun.twoSessions().events();
        s.append(stored(events, 0), List.of());
        s.saveRun(join(events, RunStatus.RUNNING), 0);
        assertThat(s.query("SELECT session_id, user_id, state, operations, failed_operations, jobs, tasks"
                + " FROM connect_sessions ORDER BY start_ms")).containsExactly(
                List.of(SyntheticConnectRun.S1, "alice", "CLOSED", 1L, 0L, 2L, 6L),
                List.of(SyntheticConnectRun.S2, "bob", "OPEN", 1L, 1L, 1L, 3L));
        assertThat(s.query("SELECT operation_id, state, rows_produced, jobs, failed_tasks, input_bytes, error"
                + " FROM connect_operations ORDER BY start_ms")).containsExactly(
                java.util.Arrays.asList("op-a1", "FINISHED", 7L, 2L, 0L, 6000L, null),
                java.util.Arrays.asList("op-b1", "FAILED", null, 1L, 1L, 3000L, "boom in op-b1"));
        assertThat(s.query("SELECT j.job_id, c.operation_id FROM jobs j LEFT JOIN connect_operation_jobs c"
                + " ON c.run_id = j.run_id AND c.job_id = j.job_id ORDER BY j.job_id")).containsExactly(
                List.of(0L, "op-a1"), List.of(1L, "op-a1"), List.of(2L, "op-b1"), java.util.Arrays.asList(3L, null));
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        assertThat(count(s, "SELECT count(*) FROM connect_operation_jobs")).isEqualTo(3);
        assertThat(count(s, "SELECT count(*) FROM connect_sessions WHERE state = 'SERVER_ENDED'")).isEqualTo(1);
    }

    @Test
    void savingARunAgainReplacesItsRows() throws Exception {
        JdbcRunStore s = store();
        List<Event> events = new SyntheticRun().build();
        s.saveRun(join(events.subList(0, 30), RunStatus.RUNNING), 0);
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        assertThat(count(s, "SELECT count(*) FROM tasks")).isEqualTo(24);
        assertThat(count(s, "SELECT count(*) FROM runs")).isEqualTo(1);
        assertThat(s.runs().get(0).status()).isEqualTo("COMPLETE");
    }

    @Test
    void rejectsAreKeptOnceWithTheirPosition() {
        JdbcRunStore s = store();
        RejectedRecord r = new RejectedRecord("pyrometer", 2, 17, "BAD_HEADER", "not Avro", "k", 3,
                new byte[] {1, 2, 3}, 5, null);
        s.append(List.of(), List.of(r));
        s.append(List.of(), List.of(r));
        assertThat(s.rejects()).singleElement().satisfies(x -> {
            assertThat(x.partition()).isEqualTo(2);
            assertThat(x.offset()).isEqualTo(17);
            assertThat(x.body()).containsExactly(1, 2, 3);
        });
    }

    @Test
    void inconsistentEventsAreFlaggedWithTheirOffset() throws Exception {
        JdbcRunStore s = store();
        List<Event> events = new ArrayList<>(new SyntheticRun().build());
        Event end = events.stream().filter(e -> e.getPayload() instanceof TaskEnd).findFirst().orElseThrow();
        events.add(Event.newBuilder(end).setSeq(9_999)
                .setPayload(TaskEnd.newBuilder((TaskEnd) end.getPayload()).setTaskId(555).setStageId(42).build()).build());
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        s.saveRun(join(events, RunStatus.COMPLETE), 0);
        assertThat(s.rejects()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo("INCONSISTENT:TASK_FOR_UNKNOWN_STAGE");
            assertThat(x.offset()).isEqualTo(events.size() - 1);
            assertThat(x.runId()).isEqualTo("app-20261121-0001");
        });
    }

    @Test
    void openRunsAreThoseOfTheGivenPartitionsNotYetFinished() throws Exception {
        JdbcRunStore s = store();
        SyntheticRun a = new SyntheticRun();
        a.appId = "app-a";
        SyntheticRun b = new SyntheticRun();
        b.appId = "app-b";
        SyntheticRun c = new SyntheticRun();
        c.appId = "app-c";
        List<Event> ea = a.build();
        s.append(stored(ea, 0), List.of());
        s.append(stored(b.build(), 0), List.of());
        s.append(stored(c.build(), 1), List.of());
        s.saveRun(join(ea, RunStatus.COMPLETE), 0);
        assertThat(s.openRuns(Set.of(0))).containsExactly("app-b");
        assertThat(s.openRuns(Set.of(0, 1))).containsExactly("app-b", "app-c");
    }
}
