package dev.pyrometer.agent.init;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.py4j.CommandInstrumentation;
import dev.pyrometer.agent.py4j.GatewayInstrumentation;
import dev.pyrometer.agent.py4j.ProtocolInstrumentation;
import dev.pyrometer.agent.sampling.ProcessStartInstrumentation;
import dev.pyrometer.agent.serializer.PyroliteInstrumentation;
import dev.pyrometer.agent.serializer.SparkSerializerInstrumentation;
import dev.pyrometer.agent.spark.JobWaiterInstrumentation;
import dev.pyrometer.agent.spark.PythonRunnerInstrumentation;
import dev.pyrometer.agent.spark.PythonWorkerInstrumentation;
import dev.pyrometer.agent.spark.SparkContextInstrumentation;
import dev.pyrometer.emitter.HostLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Chooses the instrumentations whose target library is on the class path and installs them
 * with retransformation, so classes loaded before the init thread got here are covered too.
 *
 * <p>Every class the application loads afterwards passes through the transformer on the loading
 * thread, so the ignore matcher decides by name alone: a matcher that reads anything else (say
 * {@code isSynthetic()}) makes Byte Buddy parse the class file of every class Spark loads (with
 * the JIT work that follows, about 1 s of CPU on a trivial PySpark driver on the build VM).
 */
final class Instrumentations {
    private Instrumentations() {
    }

    /**
     * The only packages the instrumentations match in (each instrumentation matches exact names
     * inside them); everything else is ignored by name, before Byte Buddy describes the type.
     */
    static final String[] INSTRUMENTED_PREFIXES = {
        "py4j.", "org.apache.spark.", "net.razorvine.pickle.", "com.esotericsoftware.kryo.",
    };

    static boolean instrumentedName(String typeName) {
        if (typeName.equals(ProcessStartInstrumentation.TARGET)) {
            return true;
        }
        for (String prefix : INSTRUMENTED_PREFIXES) {
            if (typeName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for the classes the agent never looks at; decided from the class name only. Of java.*
     * exactly {@code java.lang.ProcessBuilder} passes.
     */
    static ElementMatcher.Junction<TypeDescription> ignored() {
        ElementMatcher.Junction<TypeDescription> ours = named(ProcessStartInstrumentation.TARGET);
        ours = ours.or(nameStartsWith(INSTRUMENTED_PREFIXES[0]));
        for (int i = 1; i < INSTRUMENTED_PREFIXES.length; i++) {
            ours = ours.or(nameStartsWith(INSTRUMENTED_PREFIXES[i]));
        }
        return not(ours);
    }

    private static final boolean DEBUG = Boolean.getBoolean("pyrometer.agent.debug");

    static void install(Instrumentation inst, AgentConfig config) {
        List<TypeInstrumentation> chosen = new ArrayList<>();
        boolean spark = AgentStartup.present("org/apache/spark/SparkContext.class");
        if (spark) {
            chosen.add(new SparkContextInstrumentation());
            if (config.get(AgentConfig.TREE_SAMPLING_ENABLED)) {
                chosen.add(new PythonWorkerInstrumentation());
            }
        }
        if (config.get(AgentConfig.TREE_SAMPLING_ENABLED)
                && ProcessStartInstrumentation.prepare(inst, config.get(AgentConfig.COMMAND_MAX_CHARS))) {
            chosen.add(new ProcessStartInstrumentation());
        }
        if (config.get(AgentConfig.PY4J_ENABLED)) {
            if (AgentStartup.present("py4j/Gateway.class")) {
                chosen.add(new GatewayInstrumentation());
                chosen.add(new ProtocolInstrumentation());
                chosen.add(new CommandInstrumentation());
                if (spark) {
                    // The Spark jobs a Py4J call submits, for its outlier event.
                    chosen.add(new JobWaiterInstrumentation());
                }
            } else {
                HostLog.info("Py4J is not on the class path: Py4J instrumentation off");
            }
        }
        if (config.get(AgentConfig.SERIALIZER_ENABLED)) {
            if (spark) {
                chosen.add(SparkSerializerInstrumentation.kryo());
                chosen.add(SparkSerializerInstrumentation.java());
                chosen.add(new PythonRunnerInstrumentation());
            } else {
                HostLog.info("Spark is not on the class path: serializer instrumentation off");
            }
        }
        if (config.get(AgentConfig.PYROLITE_ENABLED)) {
            if (AgentStartup.present("net/razorvine/pickle/Pickler.class")) {
                chosen.add(new PyroliteInstrumentation());
            } else {
                HostLog.info("Pyrolite is not on the class path: pickling instrumentation off");
            }
        }
        if (chosen.isEmpty()) {
            return;
        }
        AgentBuilder.RedefinitionListenable.WithoutBatchStrategy redefining = builder(chosen)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        if (DEBUG) {
            redefining.with(AgentBuilder.RedefinitionStrategy.Listener.StreamWriting.toSystemError()).installOn(inst);
        } else {
            redefining.installOn(inst);
        }
    }

    /** The agent's builder for these instrumentations, without a redefinition strategy. */
    static AgentBuilder builder(List<TypeInstrumentation> chosen) {
        AgentBuilder builder = newDefaultBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new CountingListener())
                .ignore(ignored());
        if (DEBUG) {
            // Troubleshooting only: Byte Buddy's own account of every type it was offered, on stderr.
            builder = builder.with(new AgentBuilder.Listener.Filtering(Instrumentations::instrumentedName,
                    AgentBuilder.Listener.StreamWriting.toSystemError()));
        }
        for (TypeInstrumentation t : chosen) {
            builder = builder.type(t.typeMatcher()).transform(t.transformer());
        }
        return builder;
    }

    /** Byte Buddy's switch for its Nexus (relocated with Byte Buddy when the jar is shaded, so only our copy reads it). */
    static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    /**
     * {@code new AgentBuilder.Default()} without the Nexus. Its constructor creates a
     * self-injection initialization strategy, whose first use sets up Byte Buddy's Nexus: it
     * injects a class into the system class loader through reflective class injection, which
     * Byte Buddy first generates a mirror class for (about 200 ms of CPU and 770 classes in every
     * JVM). {@code disableClassFormatChanges()} then replaces that strategy with a no-op one, so
     * the Nexus is never used: with the switch set while the builder is created it is not set up.
     * The property is set only if unset, and removed again at once.
     */
    static AgentBuilder newDefaultBuilder() {
        boolean set = false;
        try {
            if (System.getProperty(NEXUS_DISABLED) == null) {
                System.setProperty(NEXUS_DISABLED, "true");
                set = true;
            }
        } catch (SecurityException e) {
            // Then the Nexus is set up as before.
        }
        try {
            return new AgentBuilder.Default();
        } finally {
            if (set) {
                try {
                    System.clearProperty(NEXUS_DISABLED);
                } catch (SecurityException e) {
                    // Left set: only the relocated Byte Buddy reads it.
                }
            }
        }
    }

    /** Counts what was instrumented and every failure; never logs from a class-loading thread beyond one line per type. */
    private static final class CountingListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            AgentContext.counters().count("agent.instrumented." + type.getName(), 1);
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentContext.counters().suppressed("agent.instrumentation");
            HostLog.warn("could not instrument " + typeName + " (" + throwable.getClass().getSimpleName() + ")");
        }
    }
}
