/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.config.AgentConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginSettingsTest {

    private static Map<String, String> confs(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void emitterAndKafkaKeysAreSharedAgentKeysTakeAgentPrefixListenerKeysAreLeftOut() {
        PluginSettings s = PluginSettings.from(confs("bootstrap.servers", "a:9092,b:9092", "topic", "t",
                "kafka.sasl.jaas.config", "x required username=\"u\" password=\"p,q=r\";", "agent.sample.interval.ms", "500",
                "series", "nightly", "capture.tasks", "false", "plugin.attach", "false"));
        assertThat(s.agent).containsOnlyKeys("bootstrap.servers", "topic", "kafka.sasl.jaas.config", "sample.interval.ms");
        AgentConfig config = AgentConfig.fromMap(s.agent);
        assertThat(config.errors()).isEmpty();
        assertThat(config.sampleIntervalMs()).isEqualTo(500);
        assertThat(config.emitter().bootstrapServers()).isEqualTo("a:9092,b:9092");
        assertThat(config.emitter().topic()).isEqualTo("t");
        assertThat(s.attach()).isFalse();
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void badPluginKeysAreOneLineEachWithTheirFullNameAndFallBack() {
        PluginSettings s = PluginSettings.from(confs("plugin.attach.timeout.ms", "5", "plugin.nope", "1"));
        assertThat(s.attachTimeoutMs()).isEqualTo(30_000);
        assertThat(s.errors()).hasSize(2);
        assertThat(String.join("\n", s.errors())).contains("'spark.pyrometer.plugin.attach.timeout.ms'")
                .contains("'spark.pyrometer.plugin.nope'");
    }

    @Test
    void aBadAgentKeyIsReportedByTheAgentNotDropped() {
        AgentConfig config = AgentConfig.fromMap(PluginSettings.from(confs("agent.sample.interval.ms", "5")).agent);
        assertThat(config.errors()).singleElement().asString().contains("'sample.interval.ms'");
        assertThat(config.sampleIntervalMs()).isEqualTo(1000);
    }
}
