/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import org.junit.jupiter.api.Test;

class KryoOverflowTest {
    @Test
    void readsTheSizesFromSparksWrappedMessage() {
        Exception spark = new RuntimeException("Kryo serialization failed: Buffer overflow. Available: 1, required: 2400012. "
                + "To avoid this, increase spark.kryoserializer.buffer.max value.");
        KryoOverflow o = KryoOverflow.find(spark);
        assertThat(o.available).isEqualTo(1);
        assertThat(o.required).isEqualTo(2400012);
    }

    @Test
    void findsTheOverflowInACause() {
        Exception kryo = new RuntimeException("Buffer overflow. Available: 0, required: 8");
        KryoOverflow o = KryoOverflow.find(new IllegalStateException("wrapped", kryo));
        assertThat(o.required).isEqualTo(8);
    }

    @Test
    void otherFailuresAreNotOverflows() {
        assertThat(KryoOverflow.find(new RuntimeException("Class is not registered: Foo"))).isNull();
        assertThat(KryoOverflow.find(new RuntimeException((String) null))).isNull();
    }

    @Test
    void recorderAggregatesPerSerializerAndQueuesFailures() {
        LossCounters counters = new LossCounters();
        SerializerRecorder r = new SerializerRecorder(1, () -> counters);
        long t0 = System.nanoTime();
        r.record(SerializerRecorder.KRYO_SERIALIZE, t0, 100, null);
        r.record(SerializerRecorder.KRYO_SERIALIZE, t0, 300, null);
        r.record(SerializerRecorder.KRYO_SERIALIZE, t0, -1, new RuntimeException("a"));
        r.record(SerializerRecorder.PICKLE, t0, 50, new RuntimeException("b"));
        dev.pyrometer.agent.stats.IntervalAccumulator.Snapshot s = new dev.pyrometer.agent.stats.IntervalAccumulator.Snapshot();
        assertThat(r.accumulator(SerializerRecorder.KRYO_SERIALIZE).drainInto(s)).isTrue();
        assertThat(s.count).isEqualTo(3);
        assertThat(s.totalSize).isEqualTo(400);
        assertThat(s.maxSize).isEqualTo(300);
        assertThat(s.errors).isEqualTo(1);
        assertThat(r.failures()).hasSize(1);
        assertThat(counters.dropped("agent.serializer.failure_queue_full")).isEqualTo(1);
    }
}
