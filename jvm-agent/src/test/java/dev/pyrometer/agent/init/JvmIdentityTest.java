/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Role;
import org.junit.jupiter.api.Test;

class JvmIdentityTest {
    @Test
    void executorsReadTheirIdsFromTheBackendArguments() {
        JvmIdentity id = JvmIdentity.of("org.apache.spark.executor.YarnCoarseGrainedExecutorBackend --driver-url "
                + "spark://CoarseGrainedScheduler@10.0.0.1:40000 --executor-id 7 --hostname w3 --cores 4 "
                + "--app-id application_1700000000000_0042 --resourceProfileId 0", true);
        assertThat(id.role).isEqualTo(Role.EXECUTOR);
        assertThat(id.executorId).isEqualTo("7");
        assertThat(id.appId).isEqualTo("application_1700000000000_0042");
    }

    @Test
    void sparkSubmitIsTheDriverAndWaitsForItsApplicationId() {
        JvmIdentity id = JvmIdentity.of("org.apache.spark.deploy.SparkSubmit --conf spark.master=local[2] pyspark-shell", true);
        assertThat(id.role).isEqualTo(Role.DRIVER);
        assertThat(id.executorId).isEqualTo("driver");
        assertThat(id.appId).isNull();
    }

    @Test
    void anApplicationWithSparkOnItsClassPathMayBecomeADriver() {
        assertThat(JvmIdentity.of("com.example.Job arg", true).role).isEqualTo(Role.DRIVER);
    }

    @Test
    void aJvmWithoutSparkIsOther() {
        assertThat(JvmIdentity.of("com.example.Service", false).role).isEqualTo(Role.OTHER);
        assertThat(JvmIdentity.of(null, false).role).isEqualTo(Role.OTHER);
    }
}
