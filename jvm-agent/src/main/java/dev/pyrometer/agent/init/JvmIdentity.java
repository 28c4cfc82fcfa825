/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.event.Role;

/**
 * Who this JVM is, from its command line ({@code sun.java.command}): an executor knows its
 * executor and application ids from the backend's arguments; SparkSubmit and YARN's
 * ApplicationMaster are drivers; any other JVM with Spark on its class path may become a driver
 * (an application creating its SparkSession in-process); the rest are OTHER.
 */
public final class JvmIdentity {
    public final Role role;
    public final String executorId;
    /** The application id when the command line carries it (executors), else null. */
    public final String appId;

    private JvmIdentity(Role role, String executorId, String appId) {
        this.role = role;
        this.executorId = executorId;
        this.appId = appId;
    }

    public static JvmIdentity of(String command, boolean sparkOnClassPath) {
        String[] tokens = command == null ? new String[0] : command.trim().split("\\s+");
        String main = tokens.length == 0 ? "" : tokens[0];
        if (main.endsWith("CoarseGrainedExecutorBackend")) {
            return new JvmIdentity(Role.EXECUTOR, argument(tokens, "--executor-id"), argument(tokens, "--app-id"));
        }
        if (main.equals("org.apache.spark.deploy.SparkSubmit") || main.equals("org.apache.spark.deploy.yarn.ApplicationMaster")
                || sparkOnClassPath) {
            return new JvmIdentity(Role.DRIVER, "driver", null);
        }
        return new JvmIdentity(Role.OTHER, null, null);
    }

    private static String argument(String[] tokens, String name) {
        for (int i = 0; i + 1 < tokens.length; i++) {
            if (tokens[i].equals(name)) {
                return tokens[i + 1];
            }
        }
        return null;
    }
}
