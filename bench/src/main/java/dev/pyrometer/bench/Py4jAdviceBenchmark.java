/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.agent.init.Py4jTransformer;
import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.bench.py4j.GatewayCall;
import dev.pyrometer.bench.py4j.Ping;
import dev.pyrometer.bench.py4j.Py4jLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Py4J call command (CallCommand.execute, Gateway.invoke, Protocol.getOutputCommand) on a
 * plain gateway and on one whose py4j classes went through the agent's real transformer (all
 * the Py4J advice, as premain installs it). The difference of the two is the advice's cost per
 * call; {@code twoClockReads} is the part of it no recorder can avoid (a start and an end time).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Py4jAdviceBenchmark {
    @Param({"plain", "agent"})
    public String gateway;

    private LongSupplier call;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean agent = "agent".equals(gateway);
        Py4jLoader loader = new Py4jLoader(Py4jAdviceBenchmark.class.getClassLoader(), agent ? Py4jTransformer.create() : null);
        call = (LongSupplier) loader.loadClass(GatewayCall.class.getName()).getConstructor(Object.class).newInstance(new Ping());
        call.getAsLong();
        if (agent) {
            for (String type : new String[] {"py4j.Gateway", "py4j.Protocol", "py4j.commands.CallCommand"}) {
                if (AgentContext.counters().counter("agent.instrumented." + type) < 1) {
                    throw new IllegalStateException(type + " was not instrumented");
                }
            }
        }
        if (AgentContext.counters().totalSuppressed() != 0) {
            throw new IllegalStateException("advice errors: " + AgentContext.counters().suppressedSnapshot());
        }
    }

    @Benchmark
    public long call() {
        return call.getAsLong();
    }
}
