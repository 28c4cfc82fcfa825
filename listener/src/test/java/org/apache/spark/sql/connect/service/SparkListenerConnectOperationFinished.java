/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package org.apache.spark.sql.connect.service;

import org.apache.spark.scheduler.SparkListenerEvent;

/** Test stand-in with the name and getters of Spark Connect's event. */
public class SparkListenerConnectOperationFinished implements SparkListenerEvent {
    public String jobTag() {
        return "tag";
    }

    public String operationId() {
        return "op-1";
    }

    public long eventTime() {
        return 1_700_000_000_500L;
    }

    public scala.Option<Object> producedRowCount() {
        return scala.Option.apply((Object) 42L);
    }

    @Override
    public boolean logEvent() {
        return true;
    }
}
