/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.wire;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Spark's Python plan nodes read from what a SQL execution's plan info says of them: which node
 * names evaluate Python, whether they exchange Arrow batches or pickled rows, and the Python
 * functions in a node's one-line description. The listener reads them from
 * {@code SparkListenerSQLExecutionStart.sparkPlanInfo}, the collector's event-log import from the
 * same event in the log, so both name a UDF the same way.
 *
 * <p>The description is {@code nodeName + argString}; a Python UDF prints as
 * {@code name(children)#resultId} (PythonUDF's toString), while Spark's own expressions carry no
 * {@code #id} after their parentheses ({@code cast(id#0L as int)}, {@code (a#1 + b#2)}):
 * <pre>
 * BatchEvalPython [pairs_of(id#0L)#8L], [pythonUDF0#12L]
 * ArrowEvalPython [normalize(cast(name#1 as string))#9], [pythonUDF0#13], 200
 * MapInPandas &lt;lambda&gt;(id#0L, v#1L)#7, [id#8L, v#9L], false
 * FlatMapGroupsInPandas [k#1L], center(k#1L, v#2L)#10, [k#11L, v#12L]
 * </pre>
 */
public final class PythonPlanNodes {
    /** At most this many functions are kept per node (a generated plan can chain hundreds). */
    public static final int MAX_FUNCTIONS = 16;
    /** At most this many characters of one function's name. */
    public static final int MAX_NAME_CHARS = 200;

    private PythonPlanNodes() {
    }

    /**
     * Whether a node of this name evaluates Python: BatchEvalPython, ArrowEvalPython, their UDTF
     * forms, MapInPandas, MapInArrow (PythonMapInArrow on 3.3), FlatMapGroupsInPandas and
     * FlatMapCoGroupsInPandas (and their Arrow and state forms), AggregateInPandas,
     * WindowInPandas, ArrowWindowPython.
     */
    public static boolean isPython(String nodeName) {
        if (nodeName == null) {
            return false;
        }
        String n = nodeName.toLowerCase(Locale.ROOT);
        return n.contains("python") || n.contains("pandas") || n.contains("inarrow");
    }

    /** Whether a Python node exchanges Arrow batches; BatchEvalPython and BatchEvalPythonUDTF pickle rows. */
    public static boolean isArrow(String nodeName) {
        return isPython(nodeName) && !nodeName.startsWith("BatchEvalPython");
    }

    /**
     * The Python functions named in a node's description, in order, without repeats, at most
     * {@link #MAX_FUNCTIONS}; empty when it names none (or is null).
     */
    public static List<String> functions(String description) {
        Set<String> out = new LinkedHashSet<>();
        if (description == null) {
            return new ArrayList<>(out);
        }
        int n = description.length();
        for (int open = description.indexOf('('); open >= 0 && out.size() < MAX_FUNCTIONS;
                open = description.indexOf('(', open + 1)) {
            int start = open;
            while (start > 0 && nameChar(description.charAt(start - 1))) {
                start--;
            }
            if (start == open) {
                continue;
            }
            int close = matching(description, open);
            if (close < 0) {
                break;
            }
            // A Python UDF prints its result id right after its arguments: name(...)#8L.
            if (close + 2 < n && description.charAt(close + 1) == '#' && Character.isDigit(description.charAt(close + 2))) {
                String name = description.substring(start, open);
                out.add(name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) : name);
            }
        }
        return new ArrayList<>(out);
    }

    /** A character of a function's name as the plan prints it: Python identifiers, dots, {@code <lambda>}. */
    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '<' || c == '>';
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1 when it is never closed. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
