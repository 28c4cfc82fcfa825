/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.apache.spark.sql.connect.service;

import org.apache.spark.scheduler.SparkListenerEvent;

/** Test stand-in with the name and getters of Spark Connect's event; its eventTime throws. */
public class SparkListenerConnectSessionClosed implements SparkListenerEvent {
    public String sessionId() {
        return "s-1";
    }

    public String userId() {
        return "alice";
    }

    public long eventTime() {
        throw new IllegalStateException("hostile getter");
    }

    @Override
    public boolean logEvent() {
        return true;
    }
}
