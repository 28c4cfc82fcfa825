/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The container's memory limit and usage from cgroup v2 ({@code memory.max}, {@code memory.current})
 * or v1 ({@code memory.limit_in_bytes}, {@code memory.usage_in_bytes}). The files are located once
 * from {@code /proc/self/cgroup}; values are read per sample. "No limit" is reported as null.
 */
public final class CgroupMemory {
    /** cgroup v1 reports "no limit" as a page-rounded Long.MAX_VALUE. */
    private static final long V1_UNLIMITED = 1L << 62;

    private final Path limitFile;
    private final Path usageFile;

    CgroupMemory(Path limitFile, Path usageFile) {
        this.limitFile = limitFile;
        this.usageFile = usageFile;
    }

    public static CgroupMemory system() {
        return locate(Paths.get("/"), ProcFs.readFile(Paths.get("/proc/self/cgroup")));
    }

    /** Finds the files under {@code root} (a fixture in tests) for the given /proc/self/cgroup text. */
    static CgroupMemory locate(Path root, String procSelfCgroup) {
        Path cg = root.resolve("sys/fs/cgroup");
        String v2Path = null;
        String v1Path = null;
        if (procSelfCgroup != null) {
            for (String line : procSelfCgroup.split("\n")) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                if (f[0].equals("0") && f[1].isEmpty()) {
                    v2Path = f[2];
                } else {
                    for (String c : f[1].split(",")) {
                        if (c.equals("memory")) {
                            v1Path = f[2];
                        }
                    }
                }
            }
        }
        if (v1Path != null) {
            Path dir = first(cg.resolve("memory"), v1Path, "memory.limit_in_bytes");
            if (dir != null) {
                return new CgroupMemory(dir.resolve("memory.limit_in_bytes"), dir.resolve("memory.usage_in_bytes"));
            }
        }
        if (v2Path != null) {
            Path dir = first(cg, v2Path, "memory.current");
            if (dir != null) {
                return new CgroupMemory(dir.resolve("memory.max"), dir.resolve("memory.current"));
            }
        }
        return new CgroupMemory(null, null);
    }

    /** The process's own cgroup directory, or the mount root when the path is namespaced away. */
    private static Path first(Path mount, String relative, String probe) {
        String rel = relative.startsWith("/") ? relative.substring(1) : relative;
        Path own = rel.isEmpty() ? mount : mount.resolve(rel);
        if (Files.isReadable(own.resolve(probe))) {
            return own;
        }
        return Files.isReadable(mount.resolve(probe)) ? mount : null;
    }

    /** Limit in bytes, null when there is none or no cgroup. */
    public Long limit() {
        Long v = read(limitFile);
        return v == null || v >= V1_UNLIMITED ? null : v;
    }

    /** Usage in bytes, null when unknown. */
    public Long usage() {
        return read(usageFile);
    }

    private static Long read(Path p) {
        if (p == null) {
            return null;
        }
        String s = ProcFs.readFile(p);
        if (s == null) {
            return null;
        }
        s = s.trim();
        if (s.equals("max")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
