/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.FailureKind;
import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.collector.timeline.RunTimeline.LossVerdict;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessKind;
import dev.pyrometer.collector.timeline.RunTimeline.TaskStatus;
import dev.pyrometer.collector.timeline.SyntheticRun;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON export's values: the typed timeline writes the strings readers (e2e tests, scripts) already match. */
class TimelineJsonTest {
    private static JsonNode export() throws Exception {
        return new ObjectMapper().readTree(Json.write(HtmlReportTest.timeline(new SyntheticRun())));
    }

    private static Set<String> values(JsonNode array, String field) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void startsWithTheSchemaVersion() throws Exception {
        JsonNode j = export();
        assertThat(j.fieldNames().next()).isEqualTo("schemaVersion");
        assertThat(j.get("schemaVersion").asInt()).isEqualTo(RunTimeline.SCHEMA_VERSION);
    }

    @Test
    void writesTheValuesTheStringsHad() throws Exception {
        JsonNode j = export();
        assertThat(values(j.get("tasks"), "status")).containsExactlyInAnyOrder("SUCCESS", "FAILED");
        assertThat(values(j.get("processes"), "kind")).contains("JVM", "PYTHON_DAEMON", "PYTHON_WORKER");
        assertThat(values(j.get("failures"), "scope")).containsExactlyInAnyOrder("task", "stage", "job");
        assertThat(values(j.get("failures"), "kind")).contains("EXCEPTION", "STAGE_FAILED", "JOB_FAILED");
        assertThat(values(j.get("loss").get("sources"), "verdict")).containsOnly("final report received");
    }

    @Test
    void readsTheWrittenValuesBackAndToleratesUnknownOnes() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readValue("\"task\"", FailureScope.class)).isEqualTo(FailureScope.TASK);
        assertThat(m.readValue("\"ended without its final report\"", LossVerdict.class))
                .isEqualTo(LossVerdict.ENDED_WITHOUT_FINAL_REPORT);
        assertThat(m.readValue("\"PYTHON_WORKER\"", ProcessKind.class)).isEqualTo(ProcessKind.PYTHON_WORKER);
        assertThat(ProcessKind.of("SOMETHING_NEW")).isEqualTo(ProcessKind.OTHER);
        assertThat(TaskStatus.of("SOMETHING_NEW")).isEqualTo(TaskStatus.UNKNOWN);
        assertThat(FailureKind.of("SOMETHING_NEW")).isEqualTo(FailureKind.UNKNOWN);
        assertThat(ProcessKind.PYTHON_WORKER.isPython()).isTrue();
        assertThat(ProcessKind.JVM.isPython()).isFalse();
        assertThat(ProcessKind.PYTHON_DRIVER.isDriver()).isTrue();
    }
}
