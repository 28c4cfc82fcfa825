/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import dev.pyrometer.collector.timeline.ConnectTimeline;
import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.ConnectTimeline.Session;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.Locale;
import java.util.stream.Collectors;

/** The Spark Connect part of {@code show}: the sessions of a Connect server, or one session in full. */
public final class ConnectText {
    private static final int STATEMENT_CHARS = 160;

    private ConnectText() {
    }

    /** One line per session (empty for a classic application). */
    public static String sessions(RunTimeline t) {
        ConnectTimeline c = t.connect();
        if (!c.isConnect()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Spark Connect server: %d sessions, %d operations (%d failed);"
                        + " no Py4J, the Python clients run elsewhere%n", c.sessions().size(), c.operations().size(),
                c.operations().stream().filter(o -> Operation.FAILED.equals(o.state())).count()));
        for (Session s : c.sessions()) {
            b.append(String.format(Locale.ROOT, "  session %s user %s: %s, %d operations (%d failed), %d jobs,"
                            + " %d tasks, started %s%n", s.sessionId(), orDash(s.userId()), s.state(),
                    s.operations().size(), s.failedOperations(),
                    s.operations().stream().mapToInt(o -> o.jobIds().size()).sum(),
                    s.operations().stream().mapToInt(Operation::tasks).sum(), Html.time(s.startMs())));
        }
        if (!c.untaggedJobs().isEmpty()) {
            b.append("  jobs of no client operation: ").append(c.untaggedJobs().size()).append('\n');
        }
        return b.toString();
    }

    /** One session with each operation: text, state, jobs, time, tasks, bytes, error. */
    public static String session(Session s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-22s %s%n", "session:", s.sessionId()));
        b.append(String.format(Locale.ROOT, "%-22s %s%n", "user:", orDash(s.userId())));
        b.append(String.format(Locale.ROOT, "%-22s %s%n", "state:", s.state()));
        b.append(String.format(Locale.ROOT, "%-22s %s .. %s%n", "time (UTC):", Html.time(s.startMs()),
                s.endMs() < 0 ? "open" : Html.time(s.endMs())));
        b.append(String.format(Locale.ROOT, "%-22s %d (%d failed)%n", "operations:", s.operations().size(),
                s.failedOperations()));
        for (Operation o : s.operations()) {
            b.append(String.format(Locale.ROOT, "operation %s  %s  %s  duration %s  rows %s%n", o.operationId(),
                    o.state(), Html.time(o.startMs()), Html.duration(o.durationMs()),
                    o.rows() == null ? "-" : o.rows().toString()));
            b.append("  statement: ").append(oneLine(o.statement())).append('\n');
            b.append(String.format(Locale.ROOT, "  jobs [%s] (%d failed), tasks %d (%d failed), task time %s,"
                            + " input %s, shuffle read %s, shuffle write %s, spill %s%n",
                    o.jobIds().stream().map(String::valueOf).collect(Collectors.joining(",")), o.failedJobs(),
                    o.tasks(), o.failedTasks(), Html.duration(o.taskTimeMs()), Html.bytes(o.inputBytes()),
                    Html.bytes(o.shuffleReadBytes()), Html.bytes(o.shuffleWriteBytes()), Html.bytes(o.spillBytes())));
            if (o.error() != null) {
                b.append("  error: ").append(oneLine(o.error())).append('\n');
            }
        }
        return b.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** First line, cut, with control characters made visible (a terminal must not interpret them). */
    static String oneLine(String s) {
        if (s == null) {
            return "-";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < flat.length() && out.length() < STATEMENT_CHARS; i++) {
            char ch = flat.charAt(i);
            out.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return flat.length() > STATEMENT_CHARS ? out + "..." : out.toString();
    }
}
