/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.StoredEvent;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnoseCommandTest {
    @TempDir
    Path dir;
    Path db;

    @BeforeEach
    void twoRunsOfOneSeries() throws Exception {
        db = dir.resolve("p.duckdb");
        List<SyntheticRun> runs = new ArrayList<>();
        for (int tasks : new int[] {8, 32}) {
            SyntheticRun run = new SyntheticRun();
            run.appId = "app-" + tasks;
            run.tasksPerStage = tasks;
            runs.add(run);
        }
        store(db, runs);
        try (DuckDbRunStore s = DuckDbRunStore.open(db)) {
            assertThat(s.query("SELECT count(*) FROM findings WHERE run_id = 'app-8' AND category LIKE 'failure/%'")
                    .get(0).get(0)).isEqualTo(1L);
        }
    }

    /** Stores each run's events and its timeline, as the collector's ingest does. */
    private static void store(Path db, List<SyntheticRun> runs) throws Exception {
        try (DuckDbRunStore s = DuckDbRunStore.open(db)) {
            int n = 0;
            for (SyntheticRun run : runs) {
                List<Event> events = run.build();
                List<StoredEvent> stored = new ArrayList<>();
                RunAssembler a = new RunAssembler(RunAssembler.runIdOf(events.get(0).getRun()));
                long offset = 0;
                for (Event e : events) {
                    stored.add(new StoredEvent(RunAssembler.runIdOf(e.getRun()), e.getSource().getInstanceId(), e.getSeq(),
                            e.getTimeMicros(), e.getPayload().getClass().getSimpleName(), "pyrometer", n, offset,
                            false, EventCodec.get().encode(e)));
                    a.accept(e, new Origin("pyrometer", n, offset++));
                }
                s.append(stored, List.of());
                s.saveRun(a.timeline(RunStatus.COMPLETE), n++);
            }
        }
    }

    /**
     * A healthy run of a series whose stages grow with the square of the data: its own report and
     * diagnosis lead with the series' finding, not with "No problems found.".
     */
    @Test
    void aHealthyRunOfAGrowingSeriesCarriesTheSeriesFinding() throws Exception {
        Path grow = dir.resolve("grow.duckdb");
        List<SyntheticRun> runs = new ArrayList<>();
        double[] scales = {0.1, 0.2, 0.4};
        for (int i = 0; i < scales.length; i++) {
            SyntheticRun run = new SyntheticRun();
            run.appId = "app-grow-" + i;
            run.failOneTask = false;
            run.taskMs = 1_000L << (2 * i);
            run.conf.put("spark.pyrometer.scale", Double.toString(scales[i]));
            runs.add(run);
        }
        store(grow, runs);
        MainTest.Result d = MainTest.run("diagnose", "app-grow-0", "--store", grow.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).doesNotContain("No problems found.").contains("[scale-up/superlinear]", "at scale 1.0");
        Path out = dir.resolve("grow.html");
        MainTest.Result r = MainTest.run("report", "app-grow-0", "--store", grow.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out);
        assertThat(html).doesNotContain("No problems found.").contains("data-rule=\"scale-up/superlinear\"", "id=\"scale-up\"");
    }

    @Test
    void diagnosePrintsTheFailureWithItsCategory() {
        MainTest.Result r = MainTest.run("diagnose", "app-8", "--store", db.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 problems found.", "ERROR [failure/USER_CODE_DATA] USER_CODE_DATA: ValueError: bad record",
                "Next step:");
    }

    @Test
    void seriesAndCompareShowTheStageTableAndWriteTheChart() throws Exception {
        MainTest.Result s = MainTest.run("series", "demo", "--store", db.toString(), "-o", dir.resolve("s.html").toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("Scale-up across runs app-8, app-32", "stage 0 #1");
        assertThat(Files.readString(dir.resolve("s.html"))).contains("<svg id=\"scale-up-chart\"");
        MainTest.Result c = MainTest.run("compare", "app-32", "app-8", "--store", db.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("Scale-up across runs app-8, app-32");
    }

    @Test
    void reportCarriesTheFindings() throws Exception {
        Path out = dir.resolve("r.html");
        MainTest.Result r = MainTest.run("report", "app-8", "--store", db.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(out)).contains("class=\"finding ERROR\"", "id=\"scale-up\"");
    }

    @Test
    void aSeriesOfOneRunIsAClearError() {
        MainTest.Result r = MainTest.run("series", "nothing", "--store", db.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("series 'nothing' has 0 run(s)");
    }
}
