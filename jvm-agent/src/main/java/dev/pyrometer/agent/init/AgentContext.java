package dev.pyrometer.agent.init;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.LossCounters;

/**
 * What the instrumentation singletons read once when first used: the parsed config and the
 * JVM's emitter. Set by the init thread before any instrumentation is installed.
 */
public final class AgentContext {
    private static volatile AgentConfig config = AgentConfig.defaults();
    private static volatile Emitter emitter;
    private static final LossCounters DETACHED = new LossCounters();

    private AgentContext() {
    }

    static void set(AgentConfig c, Emitter e) {
        config = c;
        emitter = e;
    }

    public static AgentConfig config() {
        return config;
    }

    /** The emitter, or null before init (and in unit tests). */
    public static Emitter emitter() {
        return emitter;
    }

    /** The emitter's counters; a private set before init so callers never see null. */
    public static LossCounters counters() {
        Emitter e = emitter;
        return e == null ? DETACHED : e.counters();
    }
}
