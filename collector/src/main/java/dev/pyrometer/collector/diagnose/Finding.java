/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import java.util.List;

/**
 * One answer the diagnosis gives about a run: what is wrong (or notable), why, and what to do.
 *
 * @param id stable within a run (rule and subject), so a re-diagnosis replaces rather than duplicates
 * @param rule the rule family and rule, e.g. {@code failure/ENVIRONMENT}, {@code slowness/skew}
 * @param evidence the numbers and lines behind the finding, one per line, for people to check
 */
public record Finding(String id, Severity severity, String rule, String title, String explanation,
        String nextStep, List<String> evidence) {

    /** How much attention a finding needs; only WARNING and ERROR are alarms. */
    public enum Severity {
        INFO, WARNING, ERROR;

        public boolean isAlarm() {
            return this != INFO;
        }
    }

    public Finding {
        evidence = List.copyOf(evidence);
    }

    /** Explanation, next step and evidence as one text (the database's detail column, the CLI). */
    public String detail() {
        StringBuilder b = new StringBuilder(explanation);
        if (nextStep != null && !nextStep.isEmpty()) {
            b.append("\nNext step: ").append(nextStep);
        }
        for (String e : evidence) {
            b.append("\n  ").append(e);
        }
        return b.toString();
    }
}
