/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.ConnectTimeline;
import dev.pyrometer.collector.timeline.ConnectTimeline.Operation;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * On a Spark Connect server, names the client operation and session each finding concerns: the
 * operations whose jobs the finding's stages (its id, {@code skew-12.0}) or evidence
 * ({@code stages: 12.0}, {@code failed jobs: 7}, {@code also seen in: operation ID}) name get an
 * evidence line each, and the title says which session when there is one.
 */
final class ConnectAttribution {
    private static final Pattern STAGE_ID = Pattern.compile("^[a-z]+-(\\d+)\\.\\d+$");
    private static final Pattern STAGE_LIST = Pattern.compile("^stages: (.*)$");
    private static final Pattern JOB_LIST = Pattern.compile("^failed jobs: (.*)$");
    private static final Pattern OPERATION = Pattern.compile("operation (\\S+)");
    private static final int MAX_NAMED = 5;
    private static final int STATEMENT_CHARS = 120;

    private ConnectAttribution() {
    }

    static List<Finding> annotate(RunTimeline t, List<Finding> findings) {
        ConnectTimeline c = t.connect();
        if (!c.isConnect()) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Set<Operation> ops = operations(t, f);
            if (ops.isEmpty()) {
                out.add(f);
                continue;
            }
            List<String> ev = new ArrayList<>(f.evidence());
            int n = 0;
            for (Operation o : ops) {
                if (n++ == MAX_NAMED) {
                    ev.add("Spark Connect: " + (ops.size() - MAX_NAMED) + " more operations");
                    break;
                }
                ev.add("Spark Connect: operation " + o.operationId() + " of session " + o.sessionId() + " (user "
                        + (o.userId() == null ? "-" : o.userId()) + ", " + o.state() + "): " + statement(o.statement()));
            }
            Set<String> sessions = new LinkedHashSet<>();
            ops.forEach(o -> sessions.add(o.sessionId()));
            String title = f.title() + (sessions.size() == 1 ? " [Connect session " + sessions.iterator().next() + "]"
                    : " [" + sessions.size() + " Connect sessions]");
            out.add(new Finding(f.id(), f.severity(), f.rule(), title, f.explanation(), f.nextStep(), ev));
        }
        return out;
    }

    private static Set<Operation> operations(RunTimeline t, Finding f) {
        Set<Operation> out = new LinkedHashSet<>();
        ConnectTimeline c = t.connect();
        Matcher id = STAGE_ID.matcher(f.id());
        if (id.matches()) {
            addStage(t, Integer.parseInt(id.group(1)), out);
        }
        for (String line : f.evidence()) {
            Matcher stages = STAGE_LIST.matcher(line);
            if (stages.matches()) {
                for (String s : stages.group(1).split(",\\s*")) {
                    String stage = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
                    if (stage.matches("\\d+")) {
                        addStage(t, Integer.parseInt(stage), out);
                    }
                }
            }
            Matcher jobs = JOB_LIST.matcher(line);
            if (jobs.matches()) {
                for (String j : jobs.group(1).split(",\\s*")) {
                    if (j.matches("\\d+")) {
                        addIfPresent(c.operationOfJob(Integer.parseInt(j)), out);
                    }
                }
            }
            if (line.startsWith("also seen in: ")) {
                Matcher op = OPERATION.matcher(line);
                while (op.find()) {
                    String opId = op.group(1).replaceAll(",$", "");
                    c.operations().stream().filter(o -> o.operationId().equals(opId)).findFirst()
                            .ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private static void addStage(RunTimeline t, int stageId, Set<Operation> out) {
        t.stages().stream().filter(s -> s.stageId() == stageId && s.jobId() != null).findFirst()
                .ifPresent(s -> addIfPresent(t.connect().operationOfJob(s.jobId()), out));
    }

    private static void addIfPresent(Operation o, Set<Operation> out) {
        if (o != null) {
            out.add(o);
        }
    }

    private static String statement(String s) {
        if (s == null) {
            return "(no statement captured)";
        }
        String flat = s.replaceAll("\\s+", " ").trim();
        return flat.length() > STATEMENT_CHARS ? flat.substring(0, STATEMENT_CHARS) + "..." : flat;
    }
}
