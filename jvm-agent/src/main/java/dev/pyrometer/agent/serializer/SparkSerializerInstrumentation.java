package dev.pyrometer.agent.serializer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.init.AdviceClasses;
import dev.pyrometer.agent.init.TypeInstrumentation;
import java.nio.ByteBuffer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code serialize(T, ClassTag)} and both {@code deserialize(ByteBuffer, ...)} of one of Spark's
 * serializer instances (Kryo or Java). The kind offsets are passed as constants baked into
 * the advice, so one advice class serves both.
 */
public final class SparkSerializerInstrumentation implements TypeInstrumentation {
    private final String typeName;
    private final int serializeKind;

    private SparkSerializerInstrumentation(String typeName, int serializeKind) {
        this.typeName = typeName;
        this.serializeKind = serializeKind;
    }

    public static SparkSerializerInstrumentation kryo() {
        return new SparkSerializerInstrumentation("org.apache.spark.serializer.KryoSerializerInstance", SerializerRecorder.KRYO_SERIALIZE);
    }

    public static SparkSerializerInstrumentation java() {
        return new SparkSerializerInstrumentation("org.apache.spark.serializer.JavaSerializerInstance", SerializerRecorder.JAVA_SERIALIZE);
    }

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named(typeName);
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        int ser = serializeKind;
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(Advice.withCustomMapping().bind(Kind.class, ser), SerializeAdvice.class)
                        .on(named("serialize").and(takesArguments(2)).and(returns(ByteBuffer.class))))
                .visit(AdviceClasses.to(Advice.withCustomMapping().bind(Kind.class, ser + 1), DeserializeAdvice.class)
                        .on(named("deserialize").and(takesArgument(0, ByteBuffer.class))));
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
}
