package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaRecordSinkTest {
    private static Properties properties(Map<String, String> raw) {
        Map<String, String> all = new HashMap<>(raw);
        all.put("bootstrap.servers", "127.0.0.1:9");
        List<String> errors = new ArrayList<>();
        Properties p = KafkaRecordSink.producerProperties(EmitterConfig.parse(all, errors), "pyrometer-test");
        assertThat(errors).isEmpty();
        return p;
    }

    @Test
    void noJmxReporterAndNoClientTelemetryByDefault() {
        Properties p = properties(new HashMap<String, String>());
        assertThat(p.getProperty(KafkaRecordSink.AUTO_INCLUDE_JMX_REPORTER)).isEqualTo("false");
        assertThat(p.getProperty(KafkaRecordSink.ENABLE_METRICS_PUSH)).isEqualTo("false");
        // Both are settings this Kafka client knows (a misspelt key would only be logged as unknown).
        assertThat(ProducerConfig.configNames()).contains(KafkaRecordSink.AUTO_INCLUDE_JMX_REPORTER,
                KafkaRecordSink.ENABLE_METRICS_PUSH);
    }

    @Test
    void theUserCanTurnThemBackOn() {
        Map<String, String> raw = new HashMap<>();
        raw.put("kafka.auto.include.jmx.reporter", "true");
        raw.put("kafka.enable.metrics.push", "true");
        Properties p = properties(raw);
        assertThat(p.getProperty(KafkaRecordSink.AUTO_INCLUDE_JMX_REPORTER)).isEqualTo("true");
        assertThat(p.getProperty(KafkaRecordSink.ENABLE_METRICS_PUSH)).isEqualTo("true");
    }
}
