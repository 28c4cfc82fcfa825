/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * The constructor of {@code JobWaiter(dagScheduler, jobId: Int, totalTasks, resultHandler)} (the
 * same in Spark 3.3 to 4.x), which {@code DAGScheduler.submitJob} and {@code submitMapStage} call
 * on the thread that asked for the job, e.g. the Py4J thread serving {@code collectToPython}; so
 * a Py4J outlier carries the jobs its call ran. JobWaiter rather than DAGScheduler: in PySpark
 * drivers DAGScheduler (like SparkEnv and LiveListenerBus) was never offered to the agent's
 * transformer, not even as a discovery in Byte Buddy's debug output; they appear to be loaded
 * while the init thread retransforms SparkContext, where the transformer does not see them.
 * JobWaiter is loaded by the first job.
 */
public final class JobWaiterInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("org.apache.spark.scheduler.JobWaiter");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder
                .visit(AdviceClasses.to(CreatedAdvice.class).on(isConstructor().and(takesArguments(4)).and(takesArgument(1, int.class))));
    }

    /** Hands the new job's id to the Py4J recorder, which keeps it only on a thread serving a Py4J command. */
    public static final class CreatedAdvice {
        private CreatedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Argument(1) int jobId) {
            Py4jSingletons.RECORDER.jobSubmitted(jobId);
        }
    }
}
