/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kryo's "Buffer overflow. Available: X, required: Y" (from {@code Output.require}), found in an
 * exception's message or any cause's; Spark wraps it in a SparkException naming
 * spark.kryoserializer.buffer.max.
 */
public final class KryoOverflow {
    private static final Pattern MESSAGE = Pattern.compile("Buffer overflow\\. Available: (\\d+), required: (\\d+)");

    public final long available;
    public final long required;

    private KryoOverflow(long available, long required) {
        this.available = available;
        this.required = required;
    }

    /** The overflow sizes, or null when no message in the cause chain is a Kryo overflow. */
    public static KryoOverflow find(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            KryoOverflow o = parse(t.getMessage());
            if (o != null) {
                return o;
            }
        }
        return null;
    }

    static KryoOverflow parse(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = MESSAGE.matcher(message);
        if (!m.find()) {
            return null;
        }
        try {
            return new KryoOverflow(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
