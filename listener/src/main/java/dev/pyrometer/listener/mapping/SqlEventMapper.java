/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.event.SqlExecutionEnd;
import dev.pyrometer.event.SqlExecutionStart;
import dev.pyrometer.listener.compat.EventGetters;
import dev.pyrometer.listener.compat.ScalaValues;
import dev.pyrometer.wire.TextLimit;

/**
 * Maps spark-sql's execution start and end events, which reach a listener through
 * {@code onOtherEvent}. They are recognised by class name and read through handles resolved
 * once per class ({@link EventGetters}), so the listener never links against spark-sql (a core-only application never
 * loads it) and fields that only newer Spark versions have are simply absent on older ones.
 */
public final class SqlEventMapper {
    public static final String START = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart";
    public static final String END = "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd";
    /** Adaptive execution's re-plan: a new plan info, with the metrics of the nodes it made. */
    public static final String ADAPTIVE_UPDATE = "org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate";
    private static final int PLAN_LINES = 40;

    private final TextLimit limit;
    private final EventGetters getters = new EventGetters();

    public SqlEventMapper(TextLimit limit) {
        this.limit = limit;
    }

    /** The getters this mapper reads SQL events with, shared with the {@link PythonUdfTracker}. */
    public EventGetters getters() {
        return getters;
    }

    /** Whether {@code event} is one of the SQL events this mapper understands. */
    public static boolean handles(Object event) {
        String n = event.getClass().getName();
        return n.equals(START) || n.equals(END);
    }

    /** The Avro record for a SQL start or end event, or null for any other event. */
    public Object map(Object event) {
        String n = event.getClass().getName();
        if (n.equals(START)) {
            return start(event);
        }
        if (n.equals(END)) {
            return end(event);
        }
        return null;
    }

    private SqlExecutionStart start(Object e) {
        return SqlExecutionStart.newBuilder()
                .setExecutionId(number(get(e, "executionId"), 0L))
                .setTimeMs(number(get(e, "time"), 0L))
                .setDescription(orEmpty(limit.cut(text(get(e, "description")))))
                .setDetails(orEmpty(limit.cut(text(get(e, "details")))))
                .setPhysicalPlan(orEmpty(limit.cut(firstLines(text(get(e, "physicalPlanDescription")), PLAN_LINES))))
                .setRootExecutionId(optionalLong(get(e, "rootExecutionId")))
                .build();
    }

    private SqlExecutionEnd end(Object e) {
        return SqlExecutionEnd.newBuilder()
                .setExecutionId(number(get(e, "executionId"), 0L))
                .setTimeMs(number(get(e, "time"), 0L))
                .setError(limit.cut(blankToNull(optionalText(get(e, "errorMessage")))))
                .build();
    }

    private Object get(Object target, String getter) {
        return getters.get(target, getter);
    }

    private static long number(Object v, long otherwise) {
        return v instanceof Number ? ((Number) v).longValue() : otherwise;
    }

    private static Long optionalLong(Object v) {
        if (v instanceof scala.Option) {
            return ScalaValues.longOrNull((scala.Option<?>) v);
        }
        return v instanceof Number ? ((Number) v).longValue() : null;
    }

    private static String optionalText(Object v) {
        if (v instanceof scala.Option) {
            return ScalaValues.stringOrNull((scala.Option<?>) v);
        }
        return v == null ? null : v.toString();
    }

    /** Spark reports some successful executions with an empty error message; only text means failure. */
    private static String blankToNull(String s) {
        return s == null || s.trim().isEmpty() ? null : s;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String firstLines(String s, int lines) {
        if (s == null) {
            return null;
        }
        int at = -1;
        for (int i = 0; i < lines; i++) {
            at = s.indexOf('\n', at + 1);
            if (at < 0) {
                return s;
            }
        }
        return s.substring(0, at);
    }
}
