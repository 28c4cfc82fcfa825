/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import java.io.File;
import java.lang.management.ManagementFactory;

/** Facts about the local host and process, read once, off the host's threads. */
public final class HostFacts {
    private static volatile String hostName;
    private static volatile long pid = -1;

    private HostFacts() {
    }

    /** This JVM's pid: /proc/self on Linux, else the runtime MXBean name. */
    public static long pid() {
        if (pid < 0) {
            long p = -1;
            try {
                p = Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
            } catch (Exception e) {
                String name = ManagementFactory.getRuntimeMXBean().getName();
                int at = name.indexOf('@');
                try {
                    p = Long.parseLong(at > 0 ? name.substring(0, at) : name);
                } catch (NumberFormatException ignored) {
                    p = -1;
                }
            }
            pid = p;
        }
        return pid;
    }

    /** Host name; may do a DNS lookup, so only call it from Pyrometer's own threads. */
    public static String hostName() {
        if (hostName == null) {
            String h = System.getenv("SPARK_LOCAL_HOSTNAME");
            if (h == null || h.isEmpty()) {
                try {
                    h = java.net.InetAddress.getLocalHost().getHostName();
                } catch (Exception e) {
                    h = "unknown";
                }
            }
            hostName = h;
        }
        return hostName;
    }
}
