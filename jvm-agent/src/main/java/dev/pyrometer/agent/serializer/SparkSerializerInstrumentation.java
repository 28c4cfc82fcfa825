/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code serialize(T, ClassTag)}, both {@code deserialize(ByteBuffer, ...)}, {@code serializeStream}
 * and {@code deserializeStream} (shuffle, spill, broadcast and cache blocks) of one of Spark's
 * serializer instances (Kryo or Java). The kind offsets are passed as constants baked into
 * the advice, so one advice class serves both.
 */
public final class SparkSerializerInstrumentation implements TypeInstrumentation {
    private final String typeName;
    private final int serializeKind;
    private final int serializeStreamKind;

    private SparkSerializerInstrumentation(String typeName, int serializeKind, int serializeStreamKind) {
        this.typeName = typeName;
        this.serializeKind = serializeKind;
        this.serializeStreamKind = serializeStreamKind;
    }

    public static SparkSerializerInstrumentation kryo() {
        return new SparkSerializerInstrumentation("org.apache.spark.serializer.KryoSerializerInstance", SerializerRecorder.KRYO_SERIALIZE,
                SerializerRecorder.KRYO_SERIALIZE_STREAM);
    }

    public static SparkSerializerInstrumentation java() {
        return new SparkSerializerInstrumentation("org.apache.spark.serializer.JavaSerializerInstance", SerializerRecorder.JAVA_SERIALIZE,
                SerializerRecorder.JAVA_SERIALIZE_STREAM);
    }

    @Override
    public TypeNames targets() {
        return TypeNames.of(typeName);
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        int ser = serializeKind;
        int streamKind = serializeStreamKind;
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(Advice.withCustomMapping().bind(Kind.class, ser), SerializeAdvice.class)
                        .on(named("serialize").and(takesArguments(2)).and(returns(ByteBuffer.class))))
                .visit(AdviceClasses.to(Advice.withCustomMapping().bind(Kind.class, ser + 1), DeserializeAdvice.class)
                        .on(named("deserialize").and(takesArgument(0, ByteBuffer.class))))
                .visit(AdviceClasses.to(Advice.withCustomMapping().bind(Kind.class, streamKind), SerializeStreamAdvice.class)
                        .on(named("serializeStream").and(takesArguments(1)).and(takesArgument(0, OutputStream.class))))
                .visit(AdviceClasses.to(Advice.withCustomMapping().bind(Kind.class, streamKind + 1), DeserializeStreamAdvice.class)
                        .on(named("deserializeStream").and(takesArguments(1)).and(takesArgument(0, InputStream.class))));
    }

    /** Binds the (serializer, operation) index as a constant. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    public @interface Kind {
    }

    /** Times serialize and measures the produced buffer. */
    public static final class SerializeAdvice {
        private SerializeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Kind int kind, @Advice.Enter long start, @Advice.Return ByteBuffer out,
                @Advice.Thrown Throwable thrown) {
            SerializerSingletons.RECORDER.record(kind, start, out == null ? -1 : out.remaining(), thrown);
        }
    }

    /** Times deserialize; the input size is read before Spark consumes the buffer. */
    public static final class DeserializeAdvice {
        private DeserializeAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Argument(0) ByteBuffer in, @Advice.Local("bytes") long bytes) {
            bytes = in == null ? -1 : in.remaining();
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Kind int kind, @Advice.Enter long start, @Advice.Local("bytes") long bytes,
                @Advice.Thrown Throwable thrown) {
            SerializerSingletons.RECORDER.record(kind, start, bytes, thrown);
        }
    }

    /**
     * Hands serializeStream a measured stream over the caller's: one allocation per stream (not
     * per record); bytes and time are reported when Spark closes the serialization stream.
     */
    public static final class SerializeStreamAdvice {
        private SerializeStreamAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Kind int kind, @Advice.Argument(value = 0, readOnly = false) OutputStream out) {
            if (out != null && !(out instanceof MeasuredOutputStream)) {
                out = new MeasuredOutputStream(out, SerializerSingletons.RECORDER.sink(kind));
            }
        }
    }

    /** Hands deserializeStream a measured stream; reported when closed or read to its end. */
    public static final class DeserializeStreamAdvice {
        private DeserializeStreamAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Kind int kind, @Advice.Argument(value = 0, readOnly = false) InputStream in) {
            if (in != null && !(in instanceof MeasuredInputStream)) {
                in = new MeasuredInputStream(in, SerializerSingletons.RECORDER.sink(kind));
            }
        }
    }
}
