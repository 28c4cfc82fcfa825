package dev.pyrometer.agent.init;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.HostFacts;
import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.emitter.SharedEmitter;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import java.lang.instrument.Instrumentation;

/** Everything premain defers: config, the shared emitter, identity, instrumentation, and the agent's threads. */
final class AgentStartup {
    private AgentStartup() {
    }

    static void run(String args, Instrumentation inst) {
        try {
            long started = System.nanoTime();
            AgentConfig config = AgentConfig.parse(args);
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
            Instrumentations.install(inst, config);
            Emitter emitter = SharedEmitter.obtain(config.emitter(), "agent");
            AgentContext.set(config, emitter);
            JvmIdentity id = JvmIdentity.of(System.getProperty("sun.java.command"), present("org/apache/spark/SparkContext.class"));
            emitter.identify(id.role, id.executorId);
            if (id.appId != null) {
                emitter.setRun(RunRef.newBuilder().setAppId(id.appId).build());
            } else if (id.role == Role.OTHER && emitter.run() == null) {
                emitter.setRun(RunRef.newBuilder().setAppId("jvm-" + emitter.instanceId()).build());
            }
            AgentThreads.start(config, emitter, id);
            HostLog.info("agent started in " + (System.nanoTime() - started) / 1_000_000 + " ms: role " + id.role
                    + ", pid " + HostFacts.pid() + ", sending to " + config.emitter().bootstrapServers()
                    + " topic " + config.emitter().topic());
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.init");
            // A LinkageError's message is a class name (a broken jar); other messages could echo a secret setting.
            String detail = t instanceof LinkageError ? t.getClass().getSimpleName() + ": " + t.getMessage() : t.getClass().getSimpleName();
            HostLog.warn("agent could not start (" + detail + "); the application is not affected");
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
