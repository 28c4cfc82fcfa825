/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.listener.ListenerConfig;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.junit.jupiter.api.Test;
import scala.Option;

class ApplicationMapperTest {
    private static final String SCALE = ListenerConfig.PREFIX + ListenerConfig.SCALE.key();

    private static ApplicationStart start(Map<String, String> confs) {
        ListenerConfig config = ListenerConfig.parse(java.util.Collections.singletonMap("scale", confs.getOrDefault(SCALE, "")));
        // capture.confs selects only spark.app.: the declared scale is recorded all the same.
        ConfRedactor redactor = new ConfRedactor(null, config.redactionPattern(), Arrays.asList("spark.app."),
                new TextLimit(1000, new LossCounters().counting(CounterNames.TRUNCATED_STRINGS)));
        return new ApplicationMapper(confs, redactor, SCALE, config.scale()).start(new SparkListenerApplicationStart("job",
                Option.apply("app-1"), 1L, "alice", Option.empty(), Option.empty(), Option.empty()));
    }

    private static Map<String, String> confs(String name, String scale) {
        Map<String, String> m = new HashMap<>();
        m.put("spark.app.name", name);
        m.put(SCALE, scale);
        return m;
    }

    @Test
    void recordsTheDeclaredScaleWhateverTheCapturedPrefixes() {
        Map<String, String> confs = confs("job", " 0.25 ");
        assertThat(start(confs).getConf()).containsEntry(SCALE, "0.25").containsEntry("spark.app.name", "job");
    }

    @Test
    void leavesAnInvalidScaleOut() {
        Map<String, String> confs = confs("job", "ten percent");
        assertThat(start(confs).getConf()).doesNotContainKey(SCALE);
    }
}
