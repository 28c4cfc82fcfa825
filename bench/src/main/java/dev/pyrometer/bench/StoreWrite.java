/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.PostgresRunStore;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.StoredEvent;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.event.Event;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The store's own cost, without Kafka: a store holding {@code runs} runs of {@code events} events
 * each ({@link RealisticEvents#run}), then {@code saves} saves of one running run (what the
 * collector does for every live run every few seconds: delete its derived rows by run_id and
 * write them again), {@code saves} reads of one run's events (what a rebuild and every report
 * start with) and {@code saves} rebuilds of its timeline from them ({@link TimelineLoader#load}:
 * read, decode, join, build). Prints the median and the quartiles of the process's CPU time (DuckDB works on
 * threads of its own) and of wall time.
 * Usage: StoreWrite duckdb|duckdb-indexed|jdbc:postgresql://... [runs] [events] [saves]
 * ({@code duckdb-indexed}: the DuckDB file gets the run_id indexes PostgreSQL has, made before
 * the collector opens it).
 */
public final class StoreWrite {
    private StoreWrite() {
    }

    public static void main(String[] args) throws Exception {
        String where = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perRun = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int saves = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        Path dir = Files.createTempDirectory("pyrometer-store-write");
        Path db = dir.resolve("w.duckdb");
        if (where.equals("duckdb-indexed")) {
            indexDuckDb(db);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (RunStore store = where.startsWith("jdbc:") ? PostgresRunStore.open(where, new Properties())
                : DuckDbRunStore.open(db)) {
            List<RunTimeline> timelines = new ArrayList<>();
            long offset = 0;
            for (int r = 0; r < runs; r++) {
                String appId = "app-20261207101010-" + String.format("%04d", r);
                List<Event> events = RealisticEvents.run(appId, perRun);
                RunAssembler a = new RunAssembler(appId);
                List<StoredEvent> stored = new ArrayList<>(events.size());
                for (Event e : events) {
                    Origin o = new Origin("bench", 0, offset++);
                    a.accept(e, o);
                    stored.add(new StoredEvent(appId, e.getSource().getInstanceId(), e.getSeq(), e.getTimeMicros(),
                            e.getPayload().getClass().getSimpleName(), o.topic(), 0, o.offset(), false,
                            EventCodec.get().encode(e)));
                }
                store.append(stored, List.of());
                RunTimeline t = a.timeline(RunStatus.RUNNING);
                store.saveRun(t, 0);
                timelines.add(t);
            }
            RunTimeline live = timelines.get(runs / 2);
            String liveId = live.app().runId();
            long[] saveCpu = new long[saves];
            long[] saveWall = new long[saves];
            long[] readCpu = new long[saves];
            long[] readWall = new long[saves];
            long[] loadCpu = new long[saves];
            long[] loadWall = new long[saves];
            for (int i = 0; i < saves; i++) {
                long c0 = os.getProcessCpuTime();
                long w0 = System.nanoTime();
                store.saveRun(live, 0);
                saveCpu[i] = os.getProcessCpuTime() - c0;
                saveWall[i] = System.nanoTime() - w0;
                c0 = os.getProcessCpuTime();
                w0 = System.nanoTime();
                int n = store.events(liveId).size();
                readCpu[i] = os.getProcessCpuTime() - c0;
                readWall[i] = System.nanoTime() - w0;
                c0 = os.getProcessCpuTime();
                w0 = System.nanoTime();
                TimelineLoader.load(store, liveId).orElseThrow();
                loadCpu[i] = os.getProcessCpuTime() - c0;
                loadWall[i] = System.nanoTime() - w0;
                if (n != perRun && n < perRun * 9 / 10) {
                    throw new IllegalStateException("read " + n + " events");
                }
            }
            System.out.printf("%s: %d runs of %,d events (%,d tasks in the live run); %d saves%n", where, runs, perRun,
                    live.tasks().size(), saves);
            System.out.println("saveRun of the live run, ms: CPU " + quartiles(saveCpu) + "; wall " + quartiles(saveWall));
            System.out.println("events of one run, ms:       CPU " + quartiles(readCpu) + "; wall " + quartiles(readWall));
            System.out.println("TimelineLoader.load, ms:     CPU " + quartiles(loadCpu) + "; wall " + quartiles(loadWall));
        } finally {
            Files.deleteIfExists(db);
            Files.deleteIfExists(dir.resolve("w.duckdb.wal"));
            Files.deleteIfExists(dir);
        }
    }

    /** The run_id indexes PostgreSQL gets, on a DuckDB file made from the collector's schema.sql before it opens it. */
    private static void indexDuckDb(Path db) throws Exception {
        String sql;
        try (var in = DuckDbRunStore.class.getResourceAsStream("schema.sql")) {
            sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            String statements = sql.lines().filter(l -> !l.startsWith("--")).reduce("", (x, y) -> x + "\n" + y);
            for (String stmt : statements.split(";")) {
                if (!stmt.isBlank()) {
                    st.execute(stmt);
                }
            }
            st.execute("INSERT INTO schema_version VALUES (2, 0, 'StoreWrite')");
        }
    }

    private static String quartiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("median %.1f (q1 %.1f, q3 %.1f)", s[s.length / 2] / 1e6, s[s.length / 4] / 1e6,
                s[s.length * 3 / 4] / 1e6);
    }
}
