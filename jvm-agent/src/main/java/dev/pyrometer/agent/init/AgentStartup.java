/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.HostFacts;
import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.emitter.SharedEmitter;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.wire.CounterNames;
import java.lang.instrument.Instrumentation;

/** Everything premain defers: config, the shared emitter, identity, instrumentation, and the agent's threads. */
final class AgentStartup {

    private AgentStartup() {
    }

    /**
     * @param args   the {@code -javaagent} argument string, or null when {@code given} is not
     * @param given  the plugin's settings, already parsed, or null
     * @param inst   null when bytecode instrumentation is off, for the reason {@code off} gives
     */
    static void run(String args, AgentConfig given, Instrumentation inst, String off) {
        try {
            long started = System.nanoTime();
            long cpuStarted = threadCpu();
            AgentConfig config = given != null ? given : AgentConfig.parse(args);
            long parsed = System.nanoTime();
            long cpuParsed = threadCpu();
            for (String error : config.errors()) {
                HostLog.warn("agent argument: " + error);
            }
            if (!config.emitter().enabled()) {
                HostLog.info("agent disabled (enabled=false)");
                return;
            }
            AgentContext.set(config, null);
            // Instrument before the emitter loads Kafka and Avro: calls made meanwhile are recorded
            // and exported once the emitter is there, instead of being missed.
            Instrumentations.Installation installation = inst != null ? Instrumentations.install(inst, config)
                    : Instrumentations.off(config, off);
            long installed = System.nanoTime();
            long cpuInstalled = threadCpu();
            Emitter emitter = SharedEmitter.obtain(config.emitter(), "agent");
            long emitterReady = System.nanoTime();
            long cpuEmitter = threadCpu();
            AgentContext.set(config, emitter);
            JvmIdentity id = JvmIdentity.of(System.getProperty("sun.java.command"), present("org/apache/spark/SparkContext.class"));
            emitter.identify(id.role, id.executorId);
            if (id.appId != null) {
                emitter.setRun(RunRef.newBuilder().setAppId(id.appId).build());
            } else if (id.role == Role.OTHER && emitter.run() == null) {
                emitter.setRun(RunRef.newBuilder().setAppId("jvm-" + emitter.instanceId()).build());
            }
            installation.countOff(emitter.counters());
            if (config.rejectedValues() > 0) {
                // Arguments that fell back to their defaults, each warned about above: a count, not a suppressed error.
                emitter.counters().count(CounterNames.AGENT_CONFIG_REJECTED, config.rejectedValues());
            }
            AgentThreads.start(config, emitter, id);
            long done = System.nanoTime();
            long cpuDone = threadCpu();
            String cpu = cpuStarted < 0 || cpuDone < 0 ? "init thread CPU ?" : "init thread CPU " + ms(cpuDone)
                    + " ms (arguments " + ms(cpuParsed - cpuStarted) + ", instrumentation " + ms(cpuInstalled - cpuParsed)
                    + ", emitter " + ms(cpuEmitter - cpuInstalled) + ", threads " + ms(cpuDone - cpuEmitter) + ")";
            HostLog.info("agent started in " + ms(done - started) + " ms (arguments " + ms(parsed - started)
                    + ", instrumentation " + ms(installed - parsed) + ", emitter " + ms(emitterReady - installed)
                    + ", threads " + ms(done - emitterReady) + "; " + cpu + ", " + jvmUptimeNote() + "): role " + id.role
                    + ", " + installation.describe() + ", pid " + HostFacts.pid() + ", sending to " + config.emitter().bootstrapServers()
                    + " topic " + config.emitter().topic());
            if (inst != null) {
                Instrumentations.completeDeferred(inst, config, installation);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.init");
            // A LinkageError's message is a class name (a broken jar); other messages could echo a secret setting.
            String detail = t instanceof LinkageError ? t.getClass().getSimpleName() + ": " + t.getMessage() : t.getClass().getSimpleName();
            HostLog.warn("agent could not start (" + detail + "); the application is not affected");
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The JVM's age, for the start-up line. */
    private static String jvmUptimeNote() {
        try {
            return "JVM up " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms";
        } catch (Throwable t) {
            return "no JVM age";
        }
    }

    /** This thread's CPU time in nanoseconds, or -1 where the JVM does not measure it. */
    static long threadCpu() {
        try {
            return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        } catch (Throwable t) {
            return -1;
        }
    }

    /** Whether a class file is on the system class path, without loading it. */
    static boolean present(String resource) {
        try {
            return ClassLoader.getSystemResource(resource) != null;
        } catch (Throwable t) {
            return false;
        }
    }
}
