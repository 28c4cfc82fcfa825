/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.spark;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** Captures each SparkContext as it is constructed, so a driver without the listener learns its application id. */
public final class SparkContextInstrumentation implements TypeInstrumentation {
    @Override
    public TypeNames targets() {
        return TypeNames.of("org.apache.spark.SparkContext");
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> builder.visit(AdviceClasses.to(CreatedAdvice.class).on(isConstructor()));
    }

    @Override
    public void onTransformed(String className) {
        SparkBridge.classSeen();
    }

    /** Hands the new context over; reads nothing from it on Spark's thread. */
    public static final class CreatedAdvice {
        private CreatedAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object sparkContext) {
            SparkBridge.contextCreated(sparkContext);
        }
    }
}
