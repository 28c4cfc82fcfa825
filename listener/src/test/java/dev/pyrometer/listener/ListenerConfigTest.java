package dev.pyrometer.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerConfigTest {
    @Test
    void defaultsWithoutAnySetting() {
        ListenerConfig c = ListenerConfig.parse(new HashMap<>());
        assertThat(c.errors()).isEmpty();
        assertThat(c.series()).isNull();
        assertThat(c.tags()).isEmpty();
        assertThat(c.maxStringChars()).isEqualTo(64 * 1024);
        assertThat(c.heartbeatMinIntervalMs()).isEqualTo(10_000);
        assertThat(c.captureTasks()).isTrue();
        assertThat(c.emitter().topic()).isEqualTo("pyrometer.events");
    }

    @Test
    void readsListenerEmitterAndKafkaKeys() {
        Map<String, String> raw = new HashMap<>();
        raw.put("series", "nightly");
        raw.put("tags", "team=data; size=xl");
        raw.put("max.string.chars", "1k");
        raw.put("topic", "runs");
        raw.put("kafka.security.protocol", "SASL_SSL");
        ListenerConfig c = ListenerConfig.parse(raw);
        assertThat(c.errors()).isEmpty();
        assertThat(c.series()).isEqualTo("nightly");
        assertThat(c.tags()).containsEntry("team", "data").containsEntry("size", "xl");
        assertThat(c.maxStringChars()).isEqualTo(1024);
        assertThat(c.emitter().topic()).isEqualTo("runs");
        assertThat(c.emitter().kafka()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void reportsEachBadKeyOnOneLineByItsFullNameAndKeepsTheDefault() {
        Map<String, String> raw = new HashMap<>();
        raw.put("max.string.chars", "lots");
        raw.put("tags", "novalue");
        raw.put("captur.tasks", "false");
        ListenerConfig c = ListenerConfig.parse(raw);
        assertThat(c.maxStringChars()).isEqualTo(64 * 1024);
        assertThat(c.tags()).isEmpty();
        assertThat(c.errors()).hasSize(3).allSatisfy(e -> assertThat(e).doesNotContain("\n"));
        assertThat(c.errors()).anySatisfy(e -> assertThat(e).contains("'spark.pyrometer.max.string.chars'"))
                .anySatisfy(e -> assertThat(e).contains("'spark.pyrometer.tags'"))
                .anySatisfy(e -> assertThat(e).isEqualTo("unknown key 'spark.pyrometer.captur.tasks'"));
    }

    @Test
    void docsReferenceTableMatchesTheCode() throws IOException {
        Path docs = Paths.get("..", "docs", "listener.md");
        String text = new String(Files.readAllBytes(docs), StandardCharsets.UTF_8);
        assertThat(text).as("docs/listener.md must contain ListenerConfig.markdownTable() verbatim; regenerate it")
                .contains(ListenerConfig.markdownTable());
    }
}
