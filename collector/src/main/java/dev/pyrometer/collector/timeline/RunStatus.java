/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

/** Lifecycle of a run as the collector sees it. */
public enum RunStatus {
    /** Events are still expected. */
    RUNNING,
    /** The application end arrived and the grace period for late executor events has passed. */
    COMPLETE,
    /** No application end arrived before the idle timeout: the driver probably died. */
    ENDED_WITHOUT_APP_END
}
