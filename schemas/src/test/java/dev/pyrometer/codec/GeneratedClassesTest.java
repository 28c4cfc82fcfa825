/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.event.Event;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.RunRef;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The classes our template (schemas/src/main/avro-templates/record.vm) generates keep Avro's
 * contract where producers and the collector rely on it: the fingerprint constant is the
 * schema's, the Builder's defaults are the schema's, and encoding needs no schema at all.
 */
class GeneratedClassesTest {

    @Test
    void fingerprintConstantIsTheSchemasCanonicalFingerprint() {
        assertThat(Event.FINGERPRINT).isEqualTo(SchemaNormalization.parsingFingerprint64(Event.getClassSchema()));
        assertThat(RunRef.FINGERPRINT).isEqualTo(SchemaNormalization.parsingFingerprint64(RunRef.getClassSchema()));
        assertThat(EventCodec.currentFingerprint()).isEqualTo(Event.FINGERPRINT);
    }

    /**
     * For every record type: a builder copied from a random instance, with every defaulted field
     * cleared, builds a record whose defaulted fields hold Avro's defaults for the schema and
     * whose other fields hold the instance's values.
     */
    @Test
    void builderDefaultsAreTheSchemaDefaultsForEveryRecordType() throws Exception {
        Map<Class<?>, SpecificRecord> samples = new IdentityHashMap<>();
        for (Event e : SampleEvents.random(400, 7L)) {
            collect(e, samples);
        }
        assertThat(samples.size()).isGreaterThan(25);
        int defaulted = 0;
        for (SpecificRecord sample : samples.values()) {
            Class<?> c = sample.getClass();
            Object builder = c.getMethod("newBuilder", c).invoke(null, sample);
            Schema schema = sample.getSchema();
            for (Schema.Field f : schema.getFields()) {
                if (f.hasDefaultValue()) {
                    builder.getClass().getMethod("clear" + capitalized(f.name())).invoke(builder);
                    assertThat((Boolean) builder.getClass().getMethod("has" + capitalized(f.name())).invoke(builder)).isFalse();
                }
            }
            SpecificRecord built = (SpecificRecord) builder.getClass().getMethod("build").invoke(builder);
            for (Schema.Field f : schema.getFields()) {
                Object expected = f.hasDefaultValue() ? SpecificData.get().getDefaultValue(f) : sample.get(f.pos());
                if (f.hasDefaultValue()) {
                    defaulted++;
                }
                assertThat(built.get(f.pos())).as(c.getSimpleName() + "." + f.name()).isEqualTo(expected);
            }
        }
        assertThat(defaulted).isGreaterThan(100);
    }

    @Test
    void aRequiredFieldLeftUnsetOrSetToNullIsRefusedByName() {
        assertThatThrownBy(() -> Event.newBuilder().build())
                .isInstanceOf(AvroRuntimeException.class).hasMessageContaining("Field run").hasMessageContaining("no default");
        assertThatThrownBy(() -> Event.newBuilder().setRun(null))
                .isInstanceOf(AvroRuntimeException.class).hasMessageContaining("does not accept null");
        // An optional field takes null.
        assertThat(ProcessInfo.newBuilder().setPssBytes(null).getPssBytes()).isNull();
    }

    @Test
    void aCopiedBuilderDoesNotShareContainersWithItsSource() throws Exception {
        Event e = SampleEvents.taskEnd("app-1", 3);
        Event copy = Event.newBuilder(e).setSeq(4).build();
        assertThat(copy.getSeq()).isEqualTo(4);
        assertThat(copy.getRun()).isEqualTo(e.getRun()).isNotSameAs(e.getRun());
        assertThat(Event.newBuilder(e).build()).isEqualTo(e).hasSameHashCodeAs(e);
    }

    /** The child JVM's class loading is the evidence: no Schema, no Jackson on the encode path. */
    @Test
    void encodingLoadsNeitherAvrosSchemaNorJackson() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
                EncodeOnly.class.getName()).redirectErrorStream(true);
        Process p = pb.start();
        List<String> loaded = new ArrayList<>();
        boolean encoded = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("encoded ")) {
                    encoded = true;
                } else if (line.contains("org.apache.avro.") || line.contains("com.fasterxml.")) {
                    loaded.add(line);
                }
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(encoded).isTrue();
        assertThat(loaded).noneMatch(l -> l.contains("com.fasterxml."));
        assertThat(loaded).noneMatch(l -> l.contains("org.apache.avro.Schema ") || l.contains("org.apache.avro.Schema$"));
        assertThat(loaded).noneMatch(l -> l.contains("org.apache.avro.specific.SpecificData "));
        // Avro's binary encoder is still what writes the bytes.
        assertThat(loaded).anyMatch(l -> l.contains("org.apache.avro.io.BinaryEncoder"));
    }

    private static void collect(Object value, Map<Class<?>, SpecificRecord> out) {
        if (value instanceof SpecificRecord) {
            SpecificRecord r = (SpecificRecord) value;
            out.putIfAbsent(r.getClass(), r);
            for (Schema.Field f : r.getSchema().getFields()) {
                collect(r.get(f.pos()), out);
            }
        } else if (value instanceof List) {
            for (Object o : (List<?>) value) {
                collect(o, out);
            }
        } else if (value instanceof Map) {
            for (Object o : ((Map<?, ?>) value).values()) {
                collect(o, out);
            }
        }
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
