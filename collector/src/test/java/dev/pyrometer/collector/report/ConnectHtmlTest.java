/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.SyntheticConnectRun;
import dev.pyrometer.collector.timeline.SyntheticRun;
import dev.pyrometer.event.ConnectOperationPhase;
import dev.pyrometer.event.ConnectSessionPhase;
import org.junit.jupiter.api.Test;

class ConnectHtmlTest {
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @Test
    void showsEachSessionAndOperationWithEveryClientStringEscaped() {
        SyntheticConnectRun run = SyntheticConnectRun.twoSessions();
        run.session(ConnectSessionPhase.STARTED, "s-" + HOSTILE, HOSTILE, SyntheticConnectRun.T0 + 300);
        run.op(ConnectOperationPhase.STARTED, "op-" + HOSTILE, "s-" + HOSTILE, HOSTILE, SyntheticConnectRun.T0 + 310);
        RunTimeline t = run.timeline(RunStatus.RUNNING);
        String html = HtmlReport.render(t, null);
        assertThat(html).contains("<section id=\"connect\">", "data-session=\"" + SyntheticConnectRun.S1 + "\"",
                "data-operation=\"op-a1\"", "boom in op-b1", "SELECT op-a1", ConnectHtml.NO_PY4J.substring(0, 40));
        assertThat(html).doesNotContain(HOSTILE).contains("&lt;img src=x onerror=alert(1)&gt;");
        String text = ConnectText.session(t.connect().session("s-<img"));
        assertThat(text).contains("op-" + HOSTILE, "state:                 OPEN");
        assertThat(ConnectText.sessions(t)).contains("3 sessions, 3 operations (1 failed)");
    }

    @Test
    void thePerfettoExportHasASessionTrackWithItsOperations() {
        String trace = ChromeTrace.of(SyntheticConnectRun.twoSessions().timeline(RunStatus.COMPLETE));
        assertThat(trace).contains("\"session " + SyntheticConnectRun.S1 + " (alice)\"", "\"operation FAILED\"",
                "\"operation\":\"op-b1\"", "\"error\":\"boom in op-b1\"");
    }

    @Test
    void aClassicRunHasNoConnectSection() {
        RunTimeline t = assemble();
        String html = HtmlReport.render(t, null);
        assertThat(html).doesNotContain("id=\"connect\"", ConnectHtml.NO_PY4J);
        assertThat(ConnectText.sessions(t)).isEmpty();
    }

    private static RunTimeline assemble() {
        dev.pyrometer.collector.timeline.RunAssembler a = new dev.pyrometer.collector.timeline.RunAssembler("r");
        new SyntheticRun().build().forEach(e -> a.accept(e, dev.pyrometer.collector.timeline.Origin.NONE));
        return a.timeline(RunStatus.COMPLETE);
    }
}
