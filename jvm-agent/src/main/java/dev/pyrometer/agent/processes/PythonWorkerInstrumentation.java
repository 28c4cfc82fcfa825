/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Spark's {@code PythonWorkerFactory}: which task each Python worker serves, for the process-tree sample. */
public final class PythonWorkerInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("org.apache.spark.api.python.PythonWorkerFactory");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(CreateAdvice.class).on(named("create").and(takesArguments(0))))
                .visit(AdviceClasses.to(ReleaseAdvice.class).on(named("releaseWorker").and(takesArguments(1))))
                .visit(AdviceClasses.to(StopAdvice.class).on(named("stopWorker").and(takesArguments(1))));
    }

    /** A worker was handed to the task on this thread. */
    public static final class CreateAdvice {
        private CreateAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object factory, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object workerAndPid) {
            PythonWorkerTasks.created(factory, workerAndPid);
        }
    }

    /** The worker is idle again. */
    public static final class ReleaseAdvice {
        private ReleaseAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object worker) {
            PythonWorkerTasks.released(worker);
        }
    }

    /** The worker is gone. */
    public static final class StopAdvice {
        private StopAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object worker) {
            PythonWorkerTasks.stopped(worker);
        }
    }
}
