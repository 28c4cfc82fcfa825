/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.SyntheticRun;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    static RunTimeline timeline(SyntheticRun run) {
        RunAssembler a = new RunAssembler(run.appId);
        run.build().forEach(e -> a.accept(e, Origin.NONE));
        return a.timeline(RunStatus.COMPLETE);
    }

    @Test
    void scriptTagsFromTheApplicationAreShownAsText() {
        SyntheticRun run = new SyntheticRun();
        run.appName = "<b>bold</b> app";
        run.failureMessage = "boom <script>alert('x')</script> </script><img src=x onerror=alert(1)>";
        String html = HtmlReport.render(timeline(run), null);
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>bold</b>");
        assertThat(html).contains("boom &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(html).contains("&lt;b&gt;bold&lt;/b&gt; app");
        // the embedded data cannot close its script element
        int data = html.indexOf("id=\"report-data\">");
        String json = html.substring(data, html.indexOf("</script>", data));
        assertThat(json).doesNotContain("<");
    }

    @Test
    void sourcesThatEndedWithoutTheirFinalReportAreShownInTheLossSectionEscaped() {
        SyntheticRun run = new SyntheticRun();
        run.finalReports = false;
        run.driverDropped = 3;
        run.workerHost = "<i>host</i>\u0007";
        RunAssembler a = new RunAssembler(run.appId);
        run.build().forEach(e -> a.accept(e, Origin.NONE));
        String html = HtmlReport.render(a.timeline(RunStatus.ENDED_WITHOUT_APP_END), null);
        int loss = html.indexOf("<section id=\"loss\">");
        String section = html.substring(loss, html.indexOf("</section>", loss));
        assertThat(section).contains("ended without its final report: last event seq", "id=\"loss-gaps\">3<",
                "id=\"loss-counted\">3<", "id=\"loss-unaccounted\">0<");
        assertThat(section).doesNotContain("<i>host").contains("&lt;i&gt;host&lt;/i&gt;");
        assertThat(section).doesNotContain("\u0007");
        String text = TextSummary.of(a.timeline(RunStatus.ENDED_WITHOUT_APP_END));
        assertThat(text).contains("sequence gaps 3 = 3 counted by the emitters + 0 unaccounted", "ended without its final report");
    }

    @Test
    void isSelfContained() {
        String html = HtmlReport.render(timeline(new SyntheticRun()), null);
        // nothing to fetch: no external scripts, styles, images or fonts (the SVG namespace URI is only a name)
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://", "src=", "href=",
                "<link", "url(", "@import");
        assertThat(html).contains("id=\"findings\"", "id=\"fact-tasks\">24<", "id=\"fact-failed-tasks\">1<",
                "id=\"failures-count\">3<");
    }

    @Test
    void manyTasksAreAggregatedAndTheFileStaysSmall() {
        SyntheticRun run = new SyntheticRun();
        run.stages = 10;
        run.tasksPerStage = 2_000;
        run.taskMs = 20;
        RunTimeline t = timeline(run);
        String html = HtmlReport.render(t, null);
        assertThat(html).contains("shown as average running tasks");
        assertThat(html.length()).isLessThan(1_000_000);
    }

    @Test
    void chromeTraceHasOneCompleteEventPerTask() throws Exception {
        RunTimeline t = timeline(new SyntheticRun());
        JsonNode root = new ObjectMapper().readTree(ChromeTrace.of(t));
        int tasks = 0;
        for (JsonNode e : root.get("traceEvents")) {
            if ("X".equals(e.get("ph").asText()) && "task".equals(e.get("cat").asText())) {
                tasks++;
                assertThat(e.get("dur").asLong()).isEqualTo(400_000);
            }
        }
        assertThat(tasks).isEqualTo(24);
    }
}
