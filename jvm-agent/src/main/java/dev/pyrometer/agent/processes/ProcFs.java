/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code /proc} (or a fixture directory laid out the same way) directly: no processes are
 * started. Every read returns null when the file is gone or unreadable, which is normal for
 * processes that exit while being read.
 */
final class ProcFs {
    /** USER_HZ is 100 on every Linux architecture Spark runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;
    static final long PAGE_SIZE = 4096L;

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    static ProcFs system() {
        return new ProcFs(Paths.get("/proc"));
    }

    boolean available() {
        return Files.isReadable(root.resolve("self").resolve("stat")) || Files.isDirectory(root.resolve("1"));
    }

    List<Long> pids() {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    try {
                        out.add(Long.parseLong(name));
                    } catch (NumberFormatException ignored) {
                        // not a pid directory
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /**
     * The pids of the children of every thread of this process, from
     * {@code /proc/<pid>/task/<tid>/children}; empty when the process is gone. Only meaningful
     * where {@link #hasChildrenFiles} holds (kernels built with CONFIG_PROC_CHILDREN); elsewhere
     * only a scan of every pid finds the children. A thread that exits while being read is skipped.
     */
    List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(root.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String s = readFile(task.resolve("children"));
                if (s != null) {
                    parsePids(s, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out; // the process is gone
        }
        return out;
    }

    /** Whether this kernel gives {@code /proc/<pid>/task/<tid>/children} (read for the process's main thread). */
    boolean hasChildrenFiles(long pid) {
        String p = Long.toString(pid);
        return Files.isReadable(root.resolve(p).resolve("task").resolve(p).resolve("children"));
    }

    private static void parsePids(String s, List<Long> out) {
        long v = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                v = (v < 0 ? 0 : v * 10) + (c - '0');
            } else if (v >= 0) {
                out.add(v);
                v = -1;
            }
        }
        if (v >= 0) {
            out.add(v);
        }
    }

    ProcStat stat(long pid) {
        return ProcStat.parse(read(pid, "stat"));
    }

    /** The command line with NULs as spaces, or the empty string (kernel threads, zombies). */
    String cmdline(long pid) {
        String raw = read(pid, "cmdline");
        if (raw == null) {
            return "";
        }
        return raw.replace('\0', ' ').trim();
    }

    SmapsRollup smapsRollup(long pid) {
        return SmapsRollup.parse(read(pid, "smaps_rollup"));
    }

    /** VmRSS from status in bytes, -1 when unknown. */
    long statusRss(long pid) {
        String s = read(pid, "status");
        if (s == null) {
            return -1;
        }
        for (String line : s.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return SmapsRollup.kilobytes(line.substring(6));
            }
        }
        return -1;
    }

    /** Boot time in epoch seconds from the btime line of /proc/stat, -1 when unknown. */
    long bootTimeSeconds() {
        String s = readFile(root.resolve("stat"));
        if (s == null) {
            return -1;
        }
        for (String line : s.split("\n")) {
            if (line.startsWith("btime ")) {
                try {
                    return Long.parseLong(line.substring(6).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private String read(long pid, String file) {
        return readFile(root.resolve(Long.toString(pid)).resolve(file));
    }

    static String readFile(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
