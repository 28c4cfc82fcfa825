package dev.pyrometer.collector.store;

/** One accepted event as kept in the store: its identity, its place on the topic and its encoded bytes. */
public record StoredEvent(String runId, String instanceId, long seq, long timeMicros, String payloadType,
        String topic, int partition, long offset, byte[] body) {
}
