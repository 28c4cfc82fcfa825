/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

/** Where a measured stream reports, once, what went through it. */
public interface StreamSink {
    void streamDone(long bytes, long nanos, long maxNanos);
}
