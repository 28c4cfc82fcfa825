/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Pyrometer's few log lines about itself, on standard error, each distinct line at most once
 * per JVM, never carrying secret values. Kafka's own logging is silenced in the shaded jars.
 */
public final class HostLog {
    private static final Set<String> SEEN = Collections.synchronizedSet(new HashSet<String>());
    private static final int MAX_LINES = 100;

    private HostLog() {
    }

    public static void warn(String line) {
        write("WARN", line);
    }

    public static void info(String line) {
        write("INFO", line);
    }

    private static void write(String level, String line) {
        if (SEEN.size() >= MAX_LINES || !SEEN.add(line)) {
            return;
        }
        System.err.println("[pyrometer] " + level + " " + line.replace('\n', ' ').replace('\r', ' '));
    }
}
