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
 * The exceptions inside one failure text (a Java stack trace with its {@code Caused by:} levels,
 * possibly carrying a Python traceback in a PythonException message), outermost first, and the
 * first frame that belongs to the user rather than to Python, the JDK, Scala, Spark or Py4J.
 */
public record CauseChain(List<Level> levels, Frame userFrame) {

    /** One exception: its class (Java or Python) and the first line of its message. */
    public record Level(String className, String message, boolean python) {
        public String text() {
            return message == null || message.isEmpty() ? className : className + ": " + message;
        }
    }

    /** A stack frame; {@code source} is the Python source line when the traceback shows it. */
    public record Frame(String file, int line, String function, String source) {
        @Override
        public String toString() {
            return file + ":" + line + " in " + function;
        }
    }

    private static final String TRACEBACK = "Traceback (most recent call last):";
    private static final Pattern JAVA_HEAD = Pattern.compile(
            "^(?:Caused by: )?((?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable|Failure|Panic)?)(?::\\s?(.*))?$");
    private static final Pattern JAVA_FRAME = Pattern.compile("^\\s+at ([\\w$.<>/]+)\\.([\\w$<>]+)\\((.*?)(?::(\\d+))?\\)$");
    private static final Pattern PY_FRAME = Pattern.compile("^\\s*File \"(.*)\", line (\\d+), in (.*)$");
    private static final Pattern PY_EXCEPTION = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
    private static final List<String> JVM_INTERNAL = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "scala.",
            "org.apache.spark.", "py4j.");
    private static final List<String> PY_INTERNAL = List.of("pyspark/", "py4j/", "pyspark.zip", "py4j-");
    private static final List<String> PY_LIBRARY = List.of("site-packages/", "dist-packages/", "/lib/python");

    /** The exception the failure started from: for a Python traceback its first (root) exception. */
    public Level innermost() {
        return levels.isEmpty() ? new Level("(unknown)", "", false) : levels.get(levels.size() - 1);
    }

    /** The exception the user's code raised last (the outermost Python one), or null without Python. */
    public Level pythonRaised() {
        for (Level l : levels) {
            if (l.python()) {
                return l;
            }
        }
        return null;
    }

    /**
     * Parses a failure. {@code className} and {@code message} describe the outermost exception when
     * known separately; {@code text} is whatever else was reported (stack trace, failure reason).
     */
    public static CauseChain parse(String className, String message, String text) {
        StringBuilder all = new StringBuilder();
        if (className != null && !className.isEmpty() && (text == null || !text.startsWith(className))) {
            all.append(className);
            if (message != null) {
                all.append(": ").append(message);
            }
            all.append('\n');
        }
        if (text != null) {
            all.append(text);
        }
        String s = all.toString();
        int tb = s.indexOf(TRACEBACK);
        List<Level> levels = new ArrayList<>(javaLevels(tb < 0 ? s : s.substring(0, tb) + stackAfterTraceback(s, tb)));
        Frame user = null;
        if (tb >= 0) {
            PythonTrace py = PythonTrace.parse(s.substring(tb));
            levels.addAll(py.exceptions());
            user = py.userFrame();
        }
        if (tb < 0 && !levels.isEmpty() && levels.get(levels.size() - 1).className().endsWith("PythonException")) {
            // A PythonException cut to its last line still names the Python exception.
            Matcher m = PY_EXCEPTION.matcher(levels.get(levels.size() - 1).message());
            if (m.matches() && m.group(1).matches(".*[A-Z]\\w*(Error|Exception|Exit|Interrupt)")) {
                levels.add(new Level(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), true));
            }
        }
        if (user == null) {
            user = firstJavaUserFrame(s);
        }
        if (levels.isEmpty() && message != null) {
            levels.add(new Level(className == null ? "(unknown)" : className, firstLine(message), false));
        }
        return new CauseChain(List.copyOf(levels), user);
    }

    /** The Java part after a traceback embedded in a message: its "Caused by:" levels still count. */
    private static String stackAfterTraceback(String s, int tb) {
        int at = s.indexOf("\n\tat ", tb);
        return at < 0 ? "" : s.substring(at);
    }

    private static List<Level> javaLevels(String s) {
        List<Level> out = new ArrayList<>();
        boolean first = true;
        for (String line : s.split("\n")) {
            String l = line.strip();
            boolean causedBy = l.startsWith("Caused by: ");
            if (!causedBy && !first) {
                continue;
            }
            // A failure reason such as "Job aborted due to stage failure: ... (executor 1): java.io.IOException: x"
            // names the exception in the middle of the line.
            Matcher m = JAVA_HEAD.matcher(causedBy ? l : embeddedException(l));
            if (m.matches() && m.group(1).contains(".")) {
                out.add(new Level(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), false));
                first = false;
            }
        }
        return out;
    }

    private static final Pattern EMBEDDED = Pattern.compile("((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::.*)?)$");

    private static String embeddedException(String line) {
        Matcher m = EMBEDDED.matcher(line);
        return m.find() ? m.group(1) : line;
    }

    private static Frame firstJavaUserFrame(String s) {
        for (String line : s.split("\n")) {
            Matcher m = JAVA_FRAME.matcher(line);
            if (m.matches() && JVM_INTERNAL.stream().noneMatch(m.group(1)::startsWith)) {
                return new Frame(m.group(1) + "." + m.group(2) + " (" + m.group(3) + ")",
                        m.group(4) == null ? -1 : Integer.parseInt(m.group(4)), m.group(2), null);
            }
        }
        return null;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** One Python traceback text, possibly several chained tracebacks. */
    record PythonTrace(List<Level> exceptions, Frame userFrame) {

        /**
         * Python prints a chain root first: the exception "above" "The above exception was the direct
         * cause of the following exception" (or "During handling of the above exception ...") is the
         * cause. The result lists the outermost (last printed) first and the root last, like Java.
         */
        static PythonTrace parse(String text) {
            List<Level> printed = new ArrayList<>();
            List<List<Frame>> framesPerException = new ArrayList<>();
            List<Frame> frames = new ArrayList<>();
            String[] lines = text.split("\n");
            boolean inTrace = false;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].replace("\r", "");
                if (line.startsWith(TRACEBACK) || line.endsWith(TRACEBACK)) {
                    inTrace = true;
                    frames = new ArrayList<>();
                    continue;
                }
                if (!inTrace) {
                    continue;
                }
                Matcher f = PY_FRAME.matcher(line);
                if (f.matches()) {
                    String src = i + 1 < lines.length && lines[i + 1].startsWith("    ")
                            && !PY_FRAME.matcher(lines[i + 1]).matches() ? lines[i + 1].strip() : null;
                    frames.add(new Frame(f.group(1), Integer.parseInt(f.group(2)), f.group(3).strip(), src));
                    continue;
                }
                if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                    continue;
                }
                Matcher e = PY_EXCEPTION.matcher(line.strip());
                if (e.matches()) {
                    printed.add(new Level(e.group(1), e.group(2) == null ? "" : e.group(2).strip(), true));
                    framesPerException.add(frames);
                    inTrace = false;
                }
            }
            List<Level> outermostFirst = new ArrayList<>(printed);
            java.util.Collections.reverse(outermostFirst);
            return new PythonTrace(outermostFirst, userFrame(framesPerException));
        }

        /**
         * The user's frame: the deepest frame outside PySpark and Py4J, preferring the user's own
         * files over installed libraries, in the first printed traceback (the innermost cause's, so
         * the line shown is where that cause was raised), later ones when it has none (a cause raised
         * inside a library, caught and re-raised by the user's code).
         */
        private static Frame userFrame(List<List<Frame>> perException) {
            for (boolean skipLibraries : new boolean[] {true, false}) {
                for (int i = 0; i < perException.size(); i++) {
                    List<Frame> fs = perException.get(i);
                    for (int j = fs.size() - 1; j >= 0; j--) {
                        Frame f = fs.get(j);
                        String file = f.file().replace('\\', '/');
                        if (PY_INTERNAL.stream().anyMatch(file::contains)) {
                            continue;
                        }
                        if (skipLibraries && PY_LIBRARY.stream().anyMatch(file::contains)) {
                            continue;
                        }
                        return f;
                    }
                }
            }
            return null;
        }
    }
}
