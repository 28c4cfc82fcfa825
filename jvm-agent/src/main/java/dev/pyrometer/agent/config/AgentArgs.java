/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits the {@code -javaagent:jar=key=value,key=value} argument string. A comma-separated
 * token without '=' continues the previous value, so {@code bootstrap.servers=a:9092,b:9092}
 * keeps both hosts. Keys are trimmed; values keep inner '=' (e.g. JAAS configs).
 */
public final class AgentArgs {
    private AgentArgs() {
    }

    public static Map<String, String> split(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return out;
        }
        String lastKey = null;
        for (String token : args.split(",", -1)) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                if (lastKey != null) {
                    out.put(lastKey, out.get(lastKey) + "," + token);
                } else if (!token.trim().isEmpty()) {
                    // A bare word before any key is reported by Settings as an unknown key.
                    out.put(token.trim(), "");
                }
                continue;
            }
            lastKey = token.substring(0, eq).trim();
            out.put(lastKey, token.substring(eq + 1));
        }
        return out;
    }
}
