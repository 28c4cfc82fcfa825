/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.DropReasons;
import org.junit.jupiter.api.Test;

class Py4jExporterTest {

    /**
     * The export thread of a JVM that serves no Py4J command (every executor) has no recorder to
     * export and builds none. The only test here that touches the singleton's state, which lives as
     * long as this JVM: a recorder built after the final export (a first command during shutdown)
     * starts sealed, so its calls are counted, not recorded for an export that never comes.
     */
    @Test
    void theSingletonsExporterBuildsNoRecorderAndOneBuiltAfterItsFinalExportCountsItsCalls() {
        Py4jExporter exporter = Py4jExporter.forSingleton(null, null); // nothing to send: the emitter is never used
        exporter.exportInterval(0, 1);
        exporter.exportOutliers();
        exporter.exportFinal(1, 2);

        LossCounters counters = new LossCounters();
        Py4jRecorder late = new Py4jRecorder(4, 16, 2, 1000, 1_000_000_000L, () -> counters);
        Py4jExporter.singletonBuilt(late);
        late.commandStart();
        late.invoked(null, "t", "length", false, null);
        late.response("!yi1");
        late.commandEnd();

        assertThat(counters.dropped(DropReasons.AGENT_PY4J_AFTER_FINAL_EXPORT)).isEqualTo(1);
        assertThat(counters.totalSuppressed()).isZero();
    }
}
