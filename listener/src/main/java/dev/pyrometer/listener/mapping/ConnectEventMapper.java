/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.event.ConnectOperation;
import dev.pyrometer.event.ConnectOperationPhase;
import dev.pyrometer.event.ConnectSession;
import dev.pyrometer.event.ConnectSessionPhase;
import dev.pyrometer.listener.compat.EventGetters;
import dev.pyrometer.wire.TextLimit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the Spark Connect server's listener events (Spark 3.5+,
 * {@code org.apache.spark.sql.connect.service.SparkListenerConnect*}), which reach a listener
 * through {@code onOtherEvent}. Those classes exist only on a Connect server's classpath, so
 * they are recognised by name and read through {@link EventGetters}; the listener never links
 * against them. Statement text and error messages are client text: redacted, then cut.
 */
public final class ConnectEventMapper {
    /** The package of every Connect listener event. */
    public static final String PACKAGE = "org.apache.spark.sql.connect.service.";
    static final int MAX_SESSION_TAGS = 32;
    private static final Map<String, ConnectOperationPhase> OPERATION_PHASES = new HashMap<>();

    static {
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationStarted", ConnectOperationPhase.STARTED);
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationAnalyzed", ConnectOperationPhase.ANALYZED);
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationReadyForExecution",
                ConnectOperationPhase.READY_FOR_EXECUTION);
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationFinished", ConnectOperationPhase.FINISHED);
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationFailed", ConnectOperationPhase.FAILED);
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationCanceled", ConnectOperationPhase.CANCELED);
        OPERATION_PHASES.put(PACKAGE + "SparkListenerConnectOperationClosed", ConnectOperationPhase.CLOSED);
    }

    private static final String SESSION_STARTED = PACKAGE + "SparkListenerConnectSessionStarted";
    private static final String SESSION_CLOSED = PACKAGE + "SparkListenerConnectSessionClosed";

    private final TextLimit limit;
    private final TextRedactor redactor;
    private final EventGetters getters = new EventGetters();

    public ConnectEventMapper(TextLimit limit, TextRedactor redactor) {
        this.limit = limit;
        this.redactor = redactor;
    }

    /** Whether {@code event} is a Connect event this mapper understands (cheap: one name lookup). */
    public static boolean handles(Object event) {
        String n = event.getClass().getName();
        return n.startsWith(PACKAGE) && (OPERATION_PHASES.containsKey(n) || n.equals(SESSION_STARTED)
                || n.equals(SESSION_CLOSED));
    }

    /** The Avro record for a Connect operation or session event, or null for any other event. */
    public Object map(Object event) {
        String n = event.getClass().getName();
        if (!n.startsWith(PACKAGE)) {
            return null;
        }
        ConnectOperationPhase phase = OPERATION_PHASES.get(n);
        if (phase != null) {
            return operation(event, phase);
        }
        if (n.equals(SESSION_STARTED)) {
            return session(event, ConnectSessionPhase.STARTED);
        }
        if (n.equals(SESSION_CLOSED)) {
            return session(event, ConnectSessionPhase.CLOSED);
        }
        return null;
    }

    private ConnectOperation operation(Object e, ConnectOperationPhase phase) {
        ConnectOperation.Builder b = ConnectOperation.newBuilder()
                .setPhase(phase)
                .setOperationId(orEmpty(limit.cut(getters.text(e, "operationId"))))
                .setJobTag(orEmpty(limit.cut(getters.text(e, "jobTag"))))
                .setEventTimeMs(orZero(getters.number(e, "eventTime")));
        if (phase == ConnectOperationPhase.STARTED) {
            b.setSessionId(limit.cut(getters.text(e, "sessionId")))
                    .setUserId(limit.cut(getters.text(e, "userId")))
                    .setUserName(limit.cut(getters.text(e, "userName")))
                    .setStatementText(limit.cut(redactor.redact(getters.text(e, "statementText"))))
                    .setSparkSessionTags(tags(getters.get(e, "sparkSessionTags")));
        } else if (phase == ConnectOperationPhase.FINISHED) {
            b.setProducedRowCount(getters.number(e, "producedRowCount"));
        } else if (phase == ConnectOperationPhase.FAILED) {
            b.setErrorMessage(limit.cut(redactor.redact(getters.text(e, "errorMessage"))));
        }
        return b.build();
    }

    private ConnectSession session(Object e, ConnectSessionPhase phase) {
        return ConnectSession.newBuilder()
                .setPhase(phase)
                .setSessionId(orEmpty(limit.cut(getters.text(e, "sessionId"))))
                .setUserId(limit.cut(getters.text(e, "userId")))
                .setEventTimeMs(orZero(getters.number(e, "eventTime")))
                .build();
    }

    /** A Scala Set of strings (walked as {@code scala.collection.Iterable}: same on 2.12 and 2.13). */
    private List<String> tags(Object scalaSet) {
        List<String> out = new ArrayList<>();
        if (!(scalaSet instanceof scala.collection.Iterable)) {
            return out;
        }
        scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) scalaSet).iterator();
        while (it.hasNext() && out.size() < MAX_SESSION_TAGS) {
            out.add(limit.cut(String.valueOf(it.next())));
        }
        return out;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
