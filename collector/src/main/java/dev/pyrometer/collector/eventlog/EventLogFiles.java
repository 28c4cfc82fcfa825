/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One application's event log as files to read in order. Spark writes either a single file
 * ({@code <appId>[_<attempt>][.<codec>][.inprogress]}) or, with {@code spark.eventLog.rolling.enabled},
 * a directory {@code eventlog_v2_<appId>[_<attempt>]} holding {@code events_<N>_<appId>...} parts
 * and an {@code appstatus_...} marker (empty; {@code .inprogress} while the application runs).
 * Compacted parts ({@code .compact}) hold a summary of the earlier parts' live state and are
 * read like the others; parts they replaced are already deleted by Spark.
 *
 * @param name       what the user knows the log by (the path as given)
 * @param files      the parts, in the order Spark wrote them
 * @param inProgress whether Spark had not finished the log (the application may still run)
 */
public record EventLogFiles(String name, List<Path> files, boolean inProgress) {
    static final String ROLLING_DIR_PREFIX = "eventlog_v2_";
    private static final Pattern ROLLING_PART = Pattern.compile("^events_(\\d+)_.*");

    /**
     * The logs at {@code path}: a file is one log, a rolling directory is one log, any other
     * directory holds logs (its files and rolling directories, one level down, sorted by name).
     */
    public static List<EventLogFiles> at(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("no such file or directory: " + path);
        }
        if (Files.isRegularFile(path)) {
            return List.of(single(path));
        }
        if (isRolling(path)) {
            return List.of(rolling(path));
        }
        List<EventLogFiles> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(path)) {
            for (Path p : children.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p) && isRolling(p)) {
                    out.add(rolling(p));
                } else if (Files.isRegularFile(p)) {
                    out.add(single(p));
                }
            }
        }
        return out;
    }

    private static EventLogFiles single(Path p) {
        return new EventLogFiles(p.toString(), List.of(p), p.getFileName().toString().endsWith(".inprogress"));
    }

    static boolean isRolling(Path dir) {
        return Files.isDirectory(dir) && dir.getFileName().toString().startsWith(ROLLING_DIR_PREFIX);
    }

    private static EventLogFiles rolling(Path dir) throws IOException {
        List<Path> parts = new ArrayList<>();
        boolean inProgress = false;
        boolean sawStatus = false;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("appstatus_")) {
                    sawStatus = true;
                    inProgress |= n.endsWith(".inprogress");
                } else if (ROLLING_PART.matcher(n).matches()) {
                    parts.add(p);
                }
            }
        }
        parts.sort(Comparator.comparingLong(EventLogFiles::partIndex).thenComparing(Path::toString));
        return new EventLogFiles(dir.toString(), parts, inProgress || !sawStatus);
    }

    /** The N of {@code events_N_...}. */
    static long partIndex(Path p) {
        Matcher m = ROLLING_PART.matcher(p.getFileName().toString());
        if (!m.matches()) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
