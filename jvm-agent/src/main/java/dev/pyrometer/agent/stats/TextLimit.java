/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.stats;

import dev.pyrometer.event.ExceptionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Cuts strings from user code (command lines, exception messages, stack traces) to a limit with
 * a visible '...[truncated N chars]' marker, and turns a Throwable into an {@link ExceptionInfo}.
 * Only used on the agent's own threads.
 */
public final class TextLimit {
    private final int maxChars;

    public TextLimit(int maxChars) {
        this.maxChars = maxChars;
    }

    public String cut(String s) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        return s.substring(0, maxChars) + "...[truncated " + (s.length() - maxChars) + " chars]";
    }

    public boolean exceeds(String s) {
        return s != null && s.length() > maxChars;
    }

    public ExceptionInfo exception(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        String message = t.getMessage();
        String trace = sw.toString();
        return ExceptionInfo.newBuilder()
                .setClassName(t.getClass().getName())
                .setMessage(cut(message))
                .setStackTrace(cut(trace))
                .setTruncated(exceeds(message) || exceeds(trace))
                .build();
    }
}
