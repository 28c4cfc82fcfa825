/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompletionPolicyTest {
    private final CompletionPolicy policy = new CompletionPolicy(1_000, 10_000);

    @Test
    void completeOnlyAfterTheGracePeriodFollowingApplicationEnd() {
        assertThat(policy.status(5_000, 5_000, 5_999)).isEqualTo(RunStatus.RUNNING);
        assertThat(policy.status(5_000, 5_000, 6_000)).isEqualTo(RunStatus.COMPLETE);
    }

    @Test
    void lateExecutorEventsExtendTheGracePeriod() {
        assertThat(policy.status(5_000, 5_800, 6_500)).isEqualTo(RunStatus.RUNNING);
        assertThat(policy.status(5_000, 5_800, 6_800)).isEqualTo(RunStatus.COMPLETE);
    }

    @Test
    void idleRunWithoutApplicationEndEndsWithoutIt() {
        assertThat(policy.status(-1, 1_000, 10_999)).isEqualTo(RunStatus.RUNNING);
        assertThat(policy.status(-1, 1_000, 11_000)).isEqualTo(RunStatus.ENDED_WITHOUT_APP_END);
    }
}
