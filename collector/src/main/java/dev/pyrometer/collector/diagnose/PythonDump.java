/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python fault-handler dump (CPython's {@code faulthandler}): what Spark puts in a task's failure
 * text when a worker crashes with {@code spark.python.worker.faulthandler.enabled=true}
 * ("Python worker exited unexpectedly (crashed): Fatal Python error: Segmentation fault ..."), and
 * what a worker writes when its stack is dumped while it runs. Frames are most recent first.
 *
 * @param fatalError the "Fatal Python error: ..." text, or null for a dump of a live worker
 * @param current the frames of the thread that crashed (or of the dumping thread; else the first)
 * @param threads how many threads the dump shows
 */
public record PythonDump(String fatalError, List<CauseChain.Frame> current, int threads) {

    private static final Pattern FATAL = Pattern.compile("Fatal Python error: ([^\\n]+)");
    private static final Pattern THREAD = Pattern.compile(
            "^(Current thread|Thread) 0x[0-9a-fA-F]+(?: \\[[^\\]]*\\])? \\(most recent call first\\):\\s*$|^Stack \\(most recent call first\\):\\s*$");
    private static final Pattern FRAME = Pattern.compile("^\\s+File \"(.*)\", line (\\d+) in (.*)$");
    private static final List<String> PY_INTERNAL = List.of("pyspark/", "py4j/", "pyspark.zip", "py4j-");

    /** The dump in {@code text}, or null when the text holds none. */
    public static PythonDump find(String text) {
        if (text == null || !text.contains("(most recent call first):")) {
            return null;
        }
        Matcher fatal = FATAL.matcher(text);
        String error = fatal.find() ? fatal.group(1).strip() : null;
        List<CauseChain.Frame> first = null;
        List<CauseChain.Frame> currentFrames = null;
        List<CauseChain.Frame> frames = null;
        int threads = 0;
        for (String raw : text.split("\n")) {
            String line = raw.replace("\r", "");
            Matcher t = THREAD.matcher(line);
            if (t.matches()) {
                threads++;
                frames = new ArrayList<>();
                if (first == null) {
                    first = frames;
                }
                if ("Current thread".equals(t.group(1))) {
                    currentFrames = frames;
                }
                continue;
            }
            Matcher f = FRAME.matcher(line);
            if (frames != null && f.matches()) {
                frames.add(new CauseChain.Frame(f.group(1), Integer.parseInt(f.group(2)), f.group(3).strip(), null));
            } else if (frames != null && !line.isBlank() && !line.strip().startsWith("<")) {
                frames = null; // the dump ended ("Extension modules: ...", a Java frame, ...)
            }
        }
        List<CauseChain.Frame> chosen = currentFrames != null ? currentFrames : first;
        if (chosen == null || chosen.isEmpty()) {
            return null;
        }
        return new PythonDump(error, List.copyOf(chosen), threads);
    }

    /** The most recent frame outside PySpark and Py4J: the user's call that crashed or waits. */
    public CauseChain.Frame userFrame() {
        for (CauseChain.Frame f : current) {
            String file = f.file().replace('\\', '/');
            if (PY_INTERNAL.stream().noneMatch(file::contains)) {
                return f;
            }
        }
        return current.get(0);
    }

    /** At most {@code n} frames, most recent first, as "file:line in function". */
    public List<String> lastFrames(int n) {
        List<String> out = new ArrayList<>();
        for (CauseChain.Frame f : current) {
            if (out.size() == n) {
                out.add("... " + (current.size() - n) + " more");
                break;
            }
            out.add(f.toString());
        }
        return out;
    }
}
