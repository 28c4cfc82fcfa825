/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.report.Chromium;
import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.StoredEvent;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served pages in a real headless Chromium, and the JSON API. */
class ReportServerIT {
    @TempDir
    Path dir;

    @Test
    void servesTheRunsListTheLiveReportAndTheJsonApi() throws Exception {
        SyntheticRun run = new SyntheticRun();
        run.appName = "<i>served</i>";
        List<Event> events = run.build();
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("s.duckdb"))) {
            List<StoredEvent> stored = new ArrayList<>();
            RunAssembler a = new RunAssembler(run.appId);
            long offset = 0;
            for (Event e : events) {
                a.accept(e, Origin.NONE);
                stored.add(new StoredEvent(run.appId, e.getSource().getInstanceId(), e.getSeq(), e.getTimeMicros(), "x",
                        "pyrometer", 0, offset++, false, EventCodec.get().encode(e)));
            }
            store.append(stored, List.of());
            store.saveRun(a.timeline(RunStatus.RUNNING), 0);
            try (ReportServer server = ReportServer.start(store, "127.0.0.1", 0)) {
                assertThat(server.url()).startsWith("http://127.0.0.1:");
                String list = Chromium.dumpDom(server.url(), dir);
                assertThat(list).contains("href=\"/runs/" + run.appId + "\"").contains("&lt;i&gt;served&lt;/i&gt;");
                String page = Chromium.dumpDom(server.url() + "runs/" + run.appId, dir);
                assertThat(page).contains("data-rendered=\"true\"").doesNotContain("data-render-error=\"");
                assertThat(page).contains("id=\"fact-tasks\">24<", "http-equiv=\"refresh\"");
                HttpClient http = HttpClient.newHttpClient();
                JsonNode runs = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                        URI.create(server.url() + "api/runs")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(runs.get(0).get("tasks").asLong()).isEqualTo(24);
                assertThat(runs.get(0).get("status").asText()).isEqualTo("RUNNING");
                JsonNode timeline = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                        URI.create(server.url() + "api/runs/" + run.appId)).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(timeline.get("failures").size()).isEqualTo(3);
                HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.url() + "runs/nope")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(missing.statusCode()).isEqualTo(404);
            }
        }
    }
}
