package dev.pyrometer.agent.init;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class InstrumentationsTest {
    /** Descriptions of classes whose class files cannot be found: anything but the name throws. */
    private static TypeDescription nameOnly(String name) {
        TypePool pool = new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.NoOp.INSTANCE,
                ClassFileLocator.NoOp.INSTANCE, TypePool.Default.ReaderMode.FAST);
        return pool.describe(name).resolve();
    }

    @Test
    void theIgnoreMatcherDecidesFromTheNameAlone() {
        assertThat(Instrumentations.ignored().matches(nameOnly("com.example.app.Main"))).isTrue();
        assertThat(Instrumentations.ignored().matches(nameOnly("scala.collection.immutable.List"))).isTrue();
        assertThat(Instrumentations.ignored().matches(nameOnly("dev.pyrometer.agent.py4j.Py4jRecorder"))).isTrue();
        assertThat(Instrumentations.ignored().matches(nameOnly("py4j.Gateway"))).isFalse();
        assertThat(Instrumentations.ignored().matches(nameOnly("org.apache.spark.scheduler.JobWaiter"))).isFalse();
        assertThat(Instrumentations.ignored().matches(nameOnly("net.razorvine.pickle.Pickler"))).isFalse();
        // Of java.* exactly ProcessBuilder passes.
        assertThat(Instrumentations.ignored().matches(nameOnly("java.lang.ProcessBuilder"))).isFalse();
        assertThat(Instrumentations.ignored().matches(nameOnly("java.lang.ProcessBuilder$Redirect"))).isTrue();
        assertThat(Instrumentations.ignored().matches(nameOnly("java.lang.ProcessImpl"))).isTrue();
        assertThat(Instrumentations.ignored().matches(nameOnly("java.lang.String"))).isTrue();
    }

    @Test
    void everyInstrumentedTypeIsInsideTheInstrumentedPackages() {
        for (String name : new String[] {"py4j.Gateway", "py4j.Protocol", "py4j.commands.CallCommand",
            "py4j.commands.ConstructorCommand", "org.apache.spark.SparkContext", "org.apache.spark.scheduler.JobWaiter",
            "org.apache.spark.api.python.PythonWorkerFactory", "org.apache.spark.serializer.KryoSerializerInstance",
            "org.apache.spark.serializer.JavaSerializerInstance", "net.razorvine.pickle.Pickler", "net.razorvine.pickle.Unpickler", "java.lang.ProcessBuilder"}) {
            assertThat(Instrumentations.instrumentedName(name)).as(name).isTrue();
        }
    }

    @Test
    void theBuilderIsMadeWithoutLeavingTheNexusSwitchSet() {
        assertThat(System.getProperty(Instrumentations.NEXUS_DISABLED)).isNull();
        assertThat(Instrumentations.newDefaultBuilder()).isNotNull();
        assertThat(System.getProperty(Instrumentations.NEXUS_DISABLED)).isNull();
        System.setProperty(Instrumentations.NEXUS_DISABLED, "false");
        try {
            assertThat(Instrumentations.newDefaultBuilder()).isNotNull();
            assertThat(System.getProperty(Instrumentations.NEXUS_DISABLED)).as("a user's value is left alone").isEqualTo("false");
        } finally {
            System.clearProperty(Instrumentations.NEXUS_DISABLED);
        }
    }
}
