/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.apache.spark.sql.connect.service;

import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * Test stand-in with the name and getters of Spark Connect's event (the real class is only on a
 * Connect server's classpath; e2e-python/test_connect.py runs against the real one).
 */
public class SparkListenerConnectOperationStarted implements SparkListenerEvent {
    private final String statementText;
    private final String userId;

    public SparkListenerConnectOperationStarted(String statementText, String userId) {
        this.statementText = statementText;
        this.userId = userId;
    }

    public String jobTag() {
        return "SparkConnect_OperationTag_User_" + userId + "_Session_s-1_Operation_op-1";
    }

    public String operationId() {
        return "op-1";
    }

    public long eventTime() {
        return 1_700_000_000_000L;
    }

    public String sessionId() {
        return "s-1";
    }

    public String userId() {
        return userId;
    }

    public String userName() {
        return null;
    }

    public String statementText() {
        return statementText;
    }

    /** The real one returns a Scala immutable Set; the mapper walks any Scala Iterable. */
    public scala.collection.Iterable<String> sparkSessionTags() {
        return scala.collection.JavaConverters.asScalaBufferConverter(java.util.Arrays.asList("etl", "nightly")).asScala();
    }

    @Override
    public boolean logEvent() {
        return true;
    }
}
