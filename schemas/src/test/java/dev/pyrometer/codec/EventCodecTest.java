/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.event.Event;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final Schema CURRENT = Event.getClassSchema();

    @Test
    void everyPayloadTypeRoundTripsByteForByte() throws Exception {
        BinaryMessageEncoder<GenericRecord> generic = new BinaryMessageEncoder<>(GenericData.get(), CURRENT);
        Set<String> seen = new HashSet<>();
        for (Object o : new RandomData(CURRENT, 600, 42L)) {
            byte[] written = toArray(generic.encode((GenericRecord) o));
            Event decoded = EventCodec.get().decode(written);
            seen.add(decoded.getPayload().getClass().getSimpleName());
            assertThat(EventCodec.get().encode(decoded)).isEqualTo(written);
        }
        Set<String> all = new HashSet<>();
        for (Schema branch : CURRENT.getField("payload").schema().getTypes()) {
            all.add(branch.getName());
        }
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void writesAvroSingleObjectHeaderWithTodaysFingerprint() throws Exception {
        byte[] bytes = EventCodec.get().encode(SampleEvents.taskEnd("app-1", 7));
        assertThat(bytes[0] & 0xff).isEqualTo(0xC3);
        assertThat(bytes[1] & 0xff).isEqualTo(0x01);
        long fp = ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fp).isEqualTo(EventCodec.currentFingerprint());
    }

    @Test
    void garbageIsABadHeader() {
        byte[] garbage = "this is not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventCodec.get().decode(garbage))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.BAD_HEADER));
        assertThatThrownBy(() -> EventCodec.get().decode(new byte[3]))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.BAD_HEADER));
        assertThatThrownBy(() -> EventCodec.get().decode(null))
                .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.BAD_HEADER));
    }

    @Test
    void unknownFingerprintIsTypedAndNamesTheFingerprint() throws Exception {
        byte[] bytes = EventCodec.get().encode(SampleEvents.taskEnd("app-1", 1));
        bytes[5] ^= 0x5a;
        assertThatThrownBy(() -> EventCodec.get().decode(bytes))
                .isInstanceOfSatisfying(DecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DecodeException.Reason.UNKNOWN_SCHEMA);
                    assertThat(e.getMessage()).contains(EventCodec.fingerprintHex(bytes));
                });
    }

    @Test
    void truncatedBodyIsCorruptNotACrash() throws Exception {
        byte[] bytes = EventCodec.get().encode(SampleEvents.taskEnd("app-1", 1));
        for (int cut = 10; cut < bytes.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> EventCodec.get().decode(truncated))
                    .isInstanceOfSatisfying(DecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.CORRUPT_BODY));
        }
    }

    @Test
    void randomlyCorruptedBodiesNeverEscapeAsAnythingButDecodeException() throws Exception {
        byte[] bytes = EventCodec.get().encode(SampleEvents.taskEnd("app-1", 1));
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            byte[] copy = bytes.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                copy[10 + rnd.nextInt(copy.length - 10)] = (byte) rnd.nextInt(256);
            }
            try {
                EventCodec.get().decode(copy);
            } catch (DecodeException expected) {
                assertThat(expected.reason()).isEqualTo(DecodeException.Reason.CORRUPT_BODY);
            }
        }
    }

    static byte[] toArray(ByteBuffer buf) {
        return SampleEvents.toArray(buf);
    }
}
