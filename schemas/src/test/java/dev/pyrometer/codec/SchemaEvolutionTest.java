/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.event.Event;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

/** Fails the build when today's reader cannot read what any released version wrote. */
class SchemaEvolutionTest {

    @Test
    void historyHoldsAtLeastOneReleasedVersion() {
        assertThat(EventCodec.get().history()).isNotEmpty();
    }

    @Test
    void todaysSchemaIsReleased() {
        // Changing an .avsc without recording the new version would make other readers fail on our data.
        long current = SchemaNormalization.parsingFingerprint64(Event.getClassSchema());
        assertThat(EventCodec.get().history())
                .as("today's envelope schema must be in schemas/src/main/avro/history (run schemas/update-history.sh)")
                .anySatisfy(s -> assertThat(SchemaNormalization.parsingFingerprint64(s)).isEqualTo(current));
    }

    @Test
    void todaysReaderIsCompatibleWithEveryReleasedWriter() {
        for (Schema writer : EventCodec.get().history()) {
            SchemaCompatibility.SchemaPairCompatibility c =
                    SchemaCompatibility.checkReaderWriterCompatibility(Event.getClassSchema(), writer);
            assertThat(c.getType())
                    .as("reading data written with %s: %s", SchemaNormalization.parsingFingerprint64(writer), c.getDescription())
                    .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void dataWrittenWithEveryReleasedVersionDecodes() throws Exception {
        for (Schema writer : EventCodec.get().history()) {
            BinaryMessageEncoder<GenericRecord> enc = new BinaryMessageEncoder<>(GenericData.get(), writer);
            for (Object o : new RandomData(writer, 300, 11L)) {
                Event e = EventCodec.get().decode(EventCodecTest.toArray(enc.encode((GenericRecord) o)));
                assertThat(e.getPayload()).isNotNull();
                assertThat(e.getRun()).isNotNull();
            }
        }
    }
}
