/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

/** Why a task, stage or job failed, in the terms a person debugging PySpark acts on. */
public enum FailureCategory {
    USER_CODE_DATA("The user's code met data it does not handle (a value it did not expect, such as a None)."),
    ENVIRONMENT("The executors' environment differs from the driver's: a module, jar or version the code needs "
            + "is missing or different there."),
    TOOLCHAIN("Spark, Py4J or a Python worker broke down (out of memory, a buffer too small, a crashed worker, "
            + "a stopped SparkContext); the user's code is usually not wrong, its resource settings are."),
    INFRASTRUCTURE("The cluster or a service failed under the job: lost executors, failed shuffle fetches, "
            + "expired credentials, reset connections or timeouts."),
    UNCLASSIFIED("No known pattern matched; the innermost cause below is the place to start.");

    private final String explanation;

    FailureCategory(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }
}
