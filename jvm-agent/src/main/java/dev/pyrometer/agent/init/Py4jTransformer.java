/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.py4j.CommandInstrumentation;
import dev.pyrometer.agent.py4j.GatewayInstrumentation;
import dev.pyrometer.agent.py4j.ProtocolInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.util.Arrays;
import java.util.List;

/**
 * The agent's Py4J instrumentation as a plain class-file transformer, built exactly as premain
 * builds it, for a class loader that transforms the classes it defines itself (the JMH benchmark
 * of the advice, which cannot attach an agent to its own JVM). Only JDK types in the signature,
 * so it works against the shaded jar too.
 */
public final class Py4jTransformer {
    private Py4jTransformer() {
    }

    public static ClassFileTransformer create() {
        List<TypeInstrumentation> py4j = Arrays.asList(new GatewayInstrumentation(), new ProtocolInstrumentation(),
                new CommandInstrumentation());
        TargetFilter filter = new TargetFilter(Instrumentations.targets(py4j));
        filter.delegateTo(ByteBuddyTransformer.make(py4j));
        return filter;
    }
}
