/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.module.TypeMatchers;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class PythonRunnerInstrumentationTest {
    /** Every subclass of BasePythonRunner's writer in Spark 3.5.x and 4.1.x (read from their jars' class files). */
    private static final String[] WRITERS = {
        "org.apache.spark.api.python.PythonRunner$$anon$2",
        "org.apache.spark.sql.execution.python.BasePythonUDFRunner$PythonUDFWriterThread",
        "org.apache.spark.sql.execution.python.BasePythonUDFRunner$$anon$1",
        "org.apache.spark.sql.execution.python.CoGroupedArrowPythonRunner$$anon$1",
        "org.apache.spark.sql.execution.python.GroupedPythonArrowInput$$anon$2",
        "org.apache.spark.sql.execution.python.PythonArrowInput$$anon$1",
        "org.apache.spark.sql.execution.python.PythonUDFRunner$$anon$2",
        "org.apache.spark.sql.execution.python.PythonUDTFRunner$$anon$1",
    };

    @Test
    void everyKnownWriterIsACandidateByName() {
        for (String w : WRITERS) {
            assertThat(PythonRunnerInstrumentation.writerCandidate(w)).as(w).isTrue();
        }
    }

    @Test
    void mostSparkClassesAreNotAskedForTheirHierarchy() {
        assertThat(PythonRunnerInstrumentation.writerCandidate("org.apache.spark.SparkContext")).isFalse();
        assertThat(PythonRunnerInstrumentation.writerCandidate("org.apache.spark.SparkContext$")).isFalse();
        assertThat(PythonRunnerInstrumentation.writerCandidate("org.apache.spark.rdd.RDD$$anon$1")).isFalse();
        assertThat(PythonRunnerInstrumentation.writerCandidate("org.apache.spark.api.python.PythonRDD")).isFalse();
        assertThat(PythonRunnerInstrumentation.writerCandidate("py4j.Gateway$1")).isFalse();
    }

    @Test
    void theTypeMatcherStillFindsTheWriterAndTheReaderOfThisSpark() {
        TypePool pool = TypePool.Default.ofSystemLoader();
        ElementMatcher<TypeDescription> m = TypeMatchers.of(new PythonRunnerInstrumentation());
        assertThat(m.matches(pool.describe("org.apache.spark.api.python.PythonRunner$$anon$2").resolve())).isTrue();
        assertThat(m.matches(pool.describe(PythonRunnerInstrumentation.READER).resolve())).isTrue();
        assertThat(m.matches(pool.describe("org.apache.spark.api.python.PythonRunner").resolve())).isFalse();
        assertThat(m.matches(pool.describe("org.apache.spark.SparkContext").resolve())).isFalse();
    }
}
