package dev.pyrometer.agent.init;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.py4j.CommandInstrumentation;
import dev.pyrometer.agent.py4j.GatewayInstrumentation;
import dev.pyrometer.agent.py4j.ProtocolInstrumentation;
import dev.pyrometer.agent.serializer.PyroliteInstrumentation;
import dev.pyrometer.agent.serializer.SparkSerializerInstrumentation;
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
import net.bytebuddy.utility.JavaModule;

/**
 * Chooses the instrumentations whose target library is on the class path and installs them
 * with retransformation, so classes loaded before the init thread got here are covered too.
 */
final class Instrumentations {
    private Instrumentations() {
    }

    static void install(Instrumentation inst, AgentConfig config) {
        List<TypeInstrumentation> chosen = new ArrayList<>();
        boolean spark = AgentStartup.present("org/apache/spark/SparkContext.class");
        if (spark) {
            chosen.add(new SparkContextInstrumentation());
            if (config.get(AgentConfig.TREE_SAMPLING_ENABLED)) {
                chosen.add(new PythonWorkerInstrumentation());
            }
        }
        if (config.get(AgentConfig.PY4J_ENABLED)) {
            if (AgentStartup.present("py4j/Gateway.class")) {
                chosen.add(new GatewayInstrumentation());
                chosen.add(new ProtocolInstrumentation());
                chosen.add(new CommandInstrumentation());
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
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new CountingListener())
                .ignore(nameStartsWith("dev.pyrometer.").or(nameStartsWith("net.bytebuddy.")).or(isSynthetic()));
        if (Boolean.getBoolean("pyrometer.agent.debug")) {
            // Troubleshooting only: Byte Buddy's own account of every matched type, on stderr.
            builder = builder.with(AgentBuilder.Listener.StreamWriting.toSystemError().withTransformationsOnly());
        }
        for (TypeInstrumentation t : chosen) {
            builder = builder.type(t.typeMatcher()).transform(t.transformer());
        }
        builder.installOn(inst);
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
