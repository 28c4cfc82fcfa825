/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** Pyrolite's {@code Pickler.dumps(Object)} and {@code Unpickler.loads(byte[])}: the JVM side of data moved to and from Python. */
public final class PyroliteInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("net.razorvine.pickle.Pickler", "net.razorvine.pickle.Unpickler");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(DumpsAdvice.class).on(named("dumps").and(takesArguments(1))))
                .visit(AdviceClasses.to(LoadsAdvice.class).on(named("loads").and(takesArguments(1)).and(takesArgument(0, byte[].class))));
    }

    /** Times pickling and measures the pickle. */
    public static final class DumpsAdvice {
        private DumpsAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter long start, @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object out,
                @Advice.Thrown Throwable thrown) {
            SerializerSingletons.RECORDER.record(SerializerRecorder.PICKLE, start,
                    out instanceof byte[] ? ((byte[]) out).length : -1, thrown);
        }
    }

    /** Times unpickling of a byte array. */
    public static final class LoadsAdvice {
        private LoadsAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter() {
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter long start, @Advice.Argument(0) byte[] in, @Advice.Thrown Throwable thrown) {
            SerializerSingletons.RECORDER.record(SerializerRecorder.UNPICKLE, start, in == null ? -1 : in.length, thrown);
        }
    }
}
