/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.processes.JvmSampler;
import dev.pyrometer.agent.processes.ProcessTreeSampler;
import dev.pyrometer.agent.processes.PythonStackDumps;
import dev.pyrometer.agent.processes.SampleCadence;
import dev.pyrometer.agent.py4j.Py4jExporter;
import dev.pyrometer.agent.serializer.SerializerExporter;
import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.agent.stats.EpochClock;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.HostFacts;
import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.event.JvmSample;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's two named daemon threads: the sampler (JVM and process tree every sample
 * interval) and the exporter (Py4J and serializer intervals, outliers and failures, and on a
 * driver the search for the application id). Neither ever throws: each tick's errors are counted.
 */
final class AgentThreads {
    private AgentThreads() {
    }

    static void start(AgentConfig config, Emitter emitter, JvmIdentity id) {
        daemon("pyrometer-agent-sampler", () -> sampleLoop(config, emitter, id));
        Exporter exporter = new Exporter(config, emitter, id);
        daemon("pyrometer-agent-export", exporter::loop);
        // The last interval goes out when the emitter closes, before its final report: a shutdown
        // hook of its own raced the emitter's, and calls of the last interval (a run's only action,
        // JavaSparkContext.stop) could arrive after the final report.
        emitter.beforeClose(exporter::flush);
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sampleLoop(AgentConfig config, Emitter emitter, JvmIdentity id) {
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.sampleIntervalMs());
        JvmSampler jvm = config.get(AgentConfig.SAMPLING_JVM_ENABLED) ? JvmSampler.forThisJvm(HostFacts.pid()) : null;
        ProcessTreeSampler tree = null;
        if (config.get(AgentConfig.SAMPLING_PROCESS_TREE_ENABLED)) {
            tree = ProcessTreeSampler.forThisJvm(HostFacts.pid(), id.role == Role.DRIVER,
                    config.get(AgentConfig.SAMPLING_MAX_PROCESSES), config.get(AgentConfig.COMMAND_MAX_CHARS), emitter.counters());
            if (!tree.available()) {
                HostLog.info("no readable /proc: process-tree sampling off");
                tree = null;
            }
        }
        PythonStackDumps dumps = tree == null ? null : PythonStackDumps.forThisJvm(config);
        SampleCadence cadence = new SampleCadence(intervalNanos,
                TimeUnit.MILLISECONDS.toNanos(config.get(AgentConfig.SAMPLE_IDLE_INTERVAL_MS)));
        SampleCadence.register(Thread.currentThread());
        long next = System.nanoTime();
        long previous = 0;
        while (true) {
            long started = System.nanoTime();
            ProcessTreeSample s = null;
            long jvmCpu = -1;
            try {
                if (jvm != null) {
                    JvmSample j = jvm.sample();
                    jvmCpu = j.getProcessCpuNanos();
                    emitter.offer(j, 512);
                }
                if (tree != null) {
                    s = tree.sample(EpochClock.nowMicros());
                    emitter.offer(s, 64 + 160 * s.getProcesses().size());
                }
                if (dumps != null) {
                    dumps.check(emitter, EpochClock.nowMicros());
                }
            } catch (Throwable t) {
                emitter.counters().suppressed("agent.sampler");
            }
            long tickMicros = (System.nanoTime() - started) / 1000;
            emitter.counters().max(CounterNames.AGENT_SAMPLER_MAX_TICK_MICROS, tickMicros);
            emitter.counters().set(CounterNames.AGENT_SAMPLER_LAST_TICK_MICROS, tickMicros);
            long wait = cadence.next(s, jvmCpu, previous == 0 ? 0 : started - previous);
            emitter.counters().set(CounterNames.AGENT_SAMPLER_INTERVAL_MS, TimeUnit.NANOSECONDS.toMillis(wait));
            previous = started;
            next += wait;
            for (long w = next - System.nanoTime(); w > 0; w = next - System.nanoTime()) {
                if (SampleCadence.takeWake()) {
                    break;
                }
                LockSupport.parkNanos(w);
            }
            if (next - System.nanoTime() > 0 || System.nanoTime() - next > wait) {
                // Woken early, or late by more than an interval (a stalled host): the cadence restarts from now.
                next = System.nanoTime();
            }
        }
    }

    /** The export thread's state. */
    private static final class Exporter {
        private final AgentConfig config;
        private final Emitter emitter;
        private final JvmIdentity id;
        private final Py4jExporter py4j;
        private final SerializerExporter serializers;
        private long intervalStartMicros = EpochClock.nowMicros();

        Exporter(AgentConfig config, Emitter emitter, JvmIdentity id) {
            this.config = config;
            this.emitter = emitter;
            this.id = id;
            TextLimit limit = new TextLimit(config.get(AgentConfig.EXCEPTION_MAX_CHARS),
                    emitter.counters().counting(CounterNames.TRUNCATED_STRINGS));
            this.py4j = config.get(AgentConfig.PY4J_ENABLED) ? Py4jExporter.forSingleton(emitter, limit) : null;
            boolean ser = config.get(AgentConfig.SERIALIZER_ENABLED) || config.get(AgentConfig.PYROLITE_ENABLED);
            this.serializers = ser ? SerializerExporter.forSingleton(emitter, limit) : null;
        }

        void loop() {
            long pollNanos = TimeUnit.MILLISECONDS.toNanos(config.get(AgentConfig.RUN_POLL_MS));
            long intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.exportIntervalMs());
            long nextInterval = System.nanoTime() + intervalNanos;
            while (true) {
                LockSupport.parkNanos(Math.min(pollNanos, Math.max(1, nextInterval - System.nanoTime())));
                try {
                    findRun();
                    exportEvents();
                    if (System.nanoTime() >= nextInterval) {
                        exportInterval();
                        nextInterval += intervalNanos;
                    }
                } catch (Throwable t) {
                    emitter.counters().suppressed("agent.export");
                }
            }
        }

        /** The emitter is closing: the last interval; Py4J calls that end after it are counted, not left behind. */
        synchronized void flush() {
            try {
                if (serializers != null) {
                    serializers.exportFailures();
                }
                long end = EpochClock.nowMicros();
                if (py4j != null) {
                    py4j.exportFinal(intervalStartMicros, end);
                }
                if (serializers != null) {
                    serializers.exportInterval(intervalStartMicros, end);
                }
                intervalStartMicros = end;
            } catch (Throwable t) {
                emitter.counters().suppressed("agent.export");
            }
        }

        private synchronized void exportEvents() {
            if (py4j != null) {
                py4j.exportOutliers();
            }
            if (serializers != null) {
                serializers.exportFailures();
            }
        }

        private synchronized void exportInterval() {
            long end = EpochClock.nowMicros();
            if (py4j != null) {
                py4j.exportInterval(intervalStartMicros, end);
            }
            if (serializers != null) {
                serializers.exportInterval(intervalStartMicros, end);
            }
            intervalStartMicros = end;
        }

        /** A driver without the listener keys its events by the SparkContext's application id once it has one. */
        private void findRun() {
            if (id.role != Role.DRIVER || emitter.run() != null) {
                return;
            }
            Object sc = SparkBridge.context();
            if (sc != null) {
                RunRef run = SparkBridge.run(sc);
                if (run != null) {
                    emitter.setRun(run);
                }
            }
        }
    }
}
