/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code CallCommand.execute} and {@code ConstructorCommand.execute}: the whole command as Python
 * waits for it (read arguments, invoke, write the response), in both ClientServer and
 * GatewayServer modes; its end is where a call is aggregated.
 */
public final class CommandInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("py4j.commands.CallCommand", "py4j.commands.ConstructorCommand");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(ExecuteAdvice.class).on(named("execute").and(takesArguments(3))));
    }

    /** Brackets the command. */
    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter() {
            Py4jSingletons.RECORDER.commandStart();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit() {
            Py4jSingletons.RECORDER.commandEnd();
        }
    }
}
