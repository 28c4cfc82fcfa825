/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static dev.pyrometer.agent.processes.CommandRedactor.REDACTED;
import static dev.pyrometer.agent.processes.CommandRedactor.redact;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandRedactorTest {
    @Test
    void theAgentsOwnSaslArgumentsLoseTheirSecrets() {
        String cmd = "/usr/bin/java -cp /opt/spark/jars/* -javaagent:/opt/pyrometer-agent.jar=bootstrap.servers=k:9093,"
                + "kafka.security.protocol=SASL_SSL,kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"alice\" password=\"s3cr3t-pw\";,kafka.ssl.truststore.password=trust-pw,topic=t"
                + " org.apache.spark.deploy.SparkSubmit app.py";
        String out = redact(cmd);
        assertThat(out).doesNotContain("s3cr3t-pw").doesNotContain("trust-pw")
                .contains("bootstrap.servers=k:9093").contains("topic=t").contains("username=\"alice\"")
                .contains("password=" + REDACTED).contains("org.apache.spark.deploy.SparkSubmit app.py");
    }

    @Test
    void sparkConfsSystemPropertiesFlagsAndUrlPasswordsAreHidden() {
        String out = redact("spark-submit --conf spark.hadoop.fs.s3a.secret.key=AKIAxyz --conf spark.app.name=demo"
                + " -Djavax.net.ssl.keyStorePassword=ks-pw --password hunter2 --token 'tok en' --verbose"
                + " --jars https://bob:pa55@repo.example/x.jar app.py");
        assertThat(out).doesNotContain("AKIAxyz").doesNotContain("ks-pw").doesNotContain("hunter2")
                .doesNotContain("pa55").doesNotContain("'tok")
                .contains("spark.app.name=demo").contains("--verbose").contains("https://bob:" + REDACTED + "@repo.example/x.jar")
                .contains("app.py");
    }

    @Test
    void aValueCutBeforeItsClosingQuoteIsStillHidden() {
        assertThat(redact("java -javaagent:a.jar=kafka.sasl.jaas.config=x password=\"abcdef"))
                .doesNotContain("abcdef");
    }

    @Test
    void commandsWithoutSecretsAreReturnedAsTheyAre() {
        String cmd = "python3 -m pyspark.daemon --key=value";
        assertThat(redact(cmd)).isSameAs(cmd);
        assertThat(redact("")).isEmpty();
        assertThat(redact(null)).isNull();
        // A flag followed by another flag hides nothing.
        assertThat(redact("tool --password --verbose")).isEqualTo("tool --password --verbose");
    }
}
