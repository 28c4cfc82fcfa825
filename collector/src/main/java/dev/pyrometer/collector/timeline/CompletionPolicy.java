/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

/**
 * Decides when a run is finished: application end plus a grace period for late executor
 * events, or an idle timeout when the driver died without an end event. Times are the
 * collector's own clock (milliseconds), passed in so the rule is tested without sleeping.
 */
public record CompletionPolicy(long graceMs, long idleTimeoutMs) {
    public CompletionPolicy {
        if (graceMs < 0 || idleTimeoutMs <= 0) {
            throw new IllegalArgumentException("grace must be >= 0 and idle timeout > 0");
        }
    }

    /**
     * @param appEndSeenAtMs collector time the application end arrived, or -1
     * @param lastEventAtMs  collector time of the run's latest event
     */
    public RunStatus status(long appEndSeenAtMs, long lastEventAtMs, long nowMs) {
        if (appEndSeenAtMs >= 0) {
            // Late events extend the wait: executors flush their last samples after the driver ends.
            long quietSince = Math.max(appEndSeenAtMs, lastEventAtMs);
            return nowMs - quietSince >= graceMs ? RunStatus.COMPLETE : RunStatus.RUNNING;
        }
        return nowMs - lastEventAtMs >= idleTimeoutMs ? RunStatus.ENDED_WITHOUT_APP_END : RunStatus.RUNNING;
    }
}
