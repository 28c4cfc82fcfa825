/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** {@code py4j.Protocol.getOutputCommand(ReturnObject)}: its result is exactly what is written back to Python. */
public final class ProtocolInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("py4j.Protocol");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(OutputAdvice.class).on(named("getOutputCommand").and(isStatic())));
    }

    /** Records the response length. */
    public static final class OutputAdvice {
        private OutputAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Return String output) {
            Py4jSingletons.RECORDER.response(output);
        }
    }
}
