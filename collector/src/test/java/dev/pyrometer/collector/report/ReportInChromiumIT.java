/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a person sees it: loaded in a real headless Chromium, scripts run. */
class ReportInChromiumIT {
    @TempDir
    Path dir;

    static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The part of the DOM inside the element with this id (first closing tag of the same name). */
    static String element(String dom, String tag, String id) {
        int start = dom.indexOf("<" + tag + " id=\"" + id + "\"");
        assertThat(start).as("element " + id).isNotNegative();
        return dom.substring(start, dom.indexOf("</" + tag + ">", start));
    }

    static void assertRenderedWithoutErrors(String dom) {
        assertThat(dom).contains("data-rendered=\"true\"").doesNotContain("data-render-error=\"");
    }

    @Test
    void reportRendersEverySectionWithTheRightNumbers() throws Exception {
        SyntheticRun run = new SyntheticRun();
        run.failureMessage = "KeyError: <script>document.title='pwned'</script>";
        RunTimeline t = HtmlReportTest.timeline(run);
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render(t, null), StandardCharsets.UTF_8);
        String dom = Chromium.dumpDom(html.toUri().toString(), dir);
        assertRenderedWithoutErrors(dom);
        String lanes = element(dom, "svg", "lanes");
        assertThat(count(lanes, "<rect[^>]*class=\"task s0\"")).isEqualTo(23);
        assertThat(count(lanes, "<rect[^>]*class=\"task s1\"")).isEqualTo(1);
        String gantt = element(dom, "svg", "gantt");
        assertThat(count(gantt, "class=\"job ok\"")).isEqualTo(2);
        assertThat(count(gantt, "class=\"job failed\"")).isEqualTo(1);
        assertThat(count(gantt, "class=\"stage ")).isEqualTo(3);
        for (String kind : new String[] {"mem-JVM", "mem-PYTHON_DAEMON", "mem-PYTHON_WORKER", "mem-heap"}) {
            assertThat(count(element(dom, "svg", kind), "<path[^>]*class=\"series")).as(kind).isEqualTo(2);
        }
        assertThat(element(dom, "svg", "mem-PYTHON_WORKER")).contains("peak 102.0 MiB");
        assertThat(dom).contains("id=\"fact-tasks\">24<", "id=\"failures-count\">3<");
        // the exception's script was shown as text, never run
        assertThat(dom).contains("KeyError: &lt;script&gt;document.title='pwned'&lt;/script&gt;");
        assertThat(dom).doesNotContain("<title>pwned");
        Path png = Paths.get("target", "chromium", "report.png");
        Files.createDirectories(png.getParent());
        Chromium.screenshot(html.toUri().toString(), png, dir);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    void aLargeRunRendersAsOccupancy() throws Exception {
        SyntheticRun run = new SyntheticRun();
        run.stages = 20;
        run.tasksPerStage = 1_000;
        run.taskMs = 30;
        RunTimeline t = HtmlReportTest.timeline(run);
        Path html = dir.resolve("large.html");
        String text = HtmlReport.render(t, null);
        Files.writeString(html, text, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        String dom = Chromium.dumpDom(html.toUri().toString(), dir);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertRenderedWithoutErrors(dom);
        assertThat(count(element(dom, "svg", "lanes"), "class=\"occ")).isGreaterThan(100);
        assertThat(dom).contains("id=\"fact-tasks\">20000<");
        System.out.println("20,000-task report: " + text.length() / 1024 + " KiB, chromium load+render+dump " + ms + " ms");
    }
}
