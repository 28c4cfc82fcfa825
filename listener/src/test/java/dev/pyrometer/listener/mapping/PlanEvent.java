/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import org.apache.spark.sql.execution.SparkPlanInfo;

/**
 * What {@link PythonUdfTracker} reads of SparkListenerSQLExecutionStart, its adaptive update and
 * its end (by name, through EventGetters): the execution id and the plan info. For tests and the
 * task-end benchmark.
 */
public final class PlanEvent {
    private final long executionId;
    private final SparkPlanInfo plan;

    public PlanEvent(long executionId, SparkPlanInfo plan) {
        this.executionId = executionId;
        this.plan = plan;
    }

    public long executionId() {
        return executionId;
    }

    public SparkPlanInfo sparkPlanInfo() {
        return plan;
    }
}
