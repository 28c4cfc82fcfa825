/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.report.FindingsHtml;
import dev.pyrometer.collector.report.HtmlReport;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosisTest {

    @Test
    void aHealthyRunYieldsNoAlarmInAnyFamily() {
        List<Finding> f = Diagnosis.of(RunFixture.healthy(3).timeline());
        assertThat(RunFixture.alarms(f)).isEmpty();
        assertThat(f).extracting(Finding::rule).contains("memory/peaks", "slowness/cost");
    }

    @Test
    void alarmsComeFirst() {
        RunFixture r = RunFixture.healthy(2);
        r.failTask("1", 0, "EXCEPTION", "java.lang.OutOfMemoryError", "Java heap space", RunFixture.text("java-oom.txt"));
        List<Finding> f = Diagnosis.of(r.timeline());
        assertThat(f.get(0).rule()).isEqualTo("failure/TOOLCHAIN");
        assertThat(f.get(f.size() - 1).severity()).isEqualTo(Finding.Severity.INFO);
    }

    @Test
    void reportShowsEscapedFindingsAtTheTopAndTheScaleUpChart() {
        RunFixture r = RunFixture.healthy(1);
        r.failTask("1", 0, "EXCEPTION", "org.apache.spark.api.python.PythonException",
                "ValueError: <script>alert(1)</script>", null);
        RunTimeline t = r.timeline();
        ScaleUp s = ScaleUp.of(List.of(t, RunFixture.healthy(2).timeline()));
        String html = HtmlReport.render(t, FindingsHtml.render(Diagnosis.of(t), s));
        assertThat(html).doesNotContain("<script>alert(1)").contains("ValueError: &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html.indexOf("id=\"findings\"")).isLessThan(html.indexOf("id=\"timeline\"")).isPositive();
        assertThat(html.indexOf("class=\"finding WARNING\"")).isGreaterThan(html.indexOf("id=\"findings\""))
                .isLessThan(html.indexOf("id=\"timeline\""));
        assertThat(html).contains("1 problem found.", "<svg id=\"scale-up-chart\"", "<polyline");
    }

    @Test
    void eachFlaggedStageGetsItsFitChartWithTheNameEscaped() {
        List<RunTimeline> runs = new java.util.ArrayList<>();
        for (int pct : new int[] {1, 2, 4, 8}) {
            RunFixture r = RunFixture.healthy(0);
            r.runId = "run-" + pct;
            r.stage("<b>pairs</b> at job.py:20", RunFixture.repeat(2_000L + 100L * pct * pct, 4),
                    RunFixture.repeat(RunFixture.MIB * pct, 4));
            runs.add(r.timeline());
        }
        ScaleUp s = ScaleUp.of(runs);
        assertThat(s.findings()).hasSize(1);
        String html = FindingsHtml.render(s.findings(), s);
        assertThat(html).contains("<svg id=\"scale-up-fit-1\"", "<polyline class=\"fit\"", "&lt;b&gt;pairs&lt;/b&gt;",
                "Size measured by bytes read by each stage").doesNotContain("<b>pairs");
        // The fitted curve reaches the projection: 10x the largest run's input.
        assertThat(html).contains("at 10 times the largest run (320.0 MiB)").doesNotContain("NaN");
    }
}
