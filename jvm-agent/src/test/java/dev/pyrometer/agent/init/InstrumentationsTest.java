/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentModule;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeMatchers;
import dev.pyrometer.agent.module.TypeNames;
import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class InstrumentationsTest {
    /** Every module's instrumentations, as in a JVM where every library is present. */
    private static List<TypeInstrumentation> all() {
        List<TypeInstrumentation> out = new ArrayList<>();
        for (AgentModule m : Instrumentations.MODULES) {
            out.addAll(m.instrumentations(AgentConfig.defaults(), name -> true));
        }
        return out;
    }

    private static TargetFilter filter() {
        return new TargetFilter(Instrumentations.targets(all()));
    }

    @Test
    void thePreFilterDecidesFromTheNameAlone() {
        TargetFilter f = filter();
        for (String name : new String[] {"com/example/app/Main", "scala/collection/immutable/List",
            "dev/pyrometer/agent/py4j/Py4jRecorder", "java/lang/ProcessBuilder$Redirect", "java/lang/ProcessImpl",
            "java/lang/String", "org/apache/spark/rdd/RDD", "org/apache/spark/api/python/PythonRDD", "py4j/GatewayServer"}) {
            assertThat(f.targeted(name)).as(name).isFalse();
        }
        for (String name : new String[] {"py4j/Gateway", "py4j/Protocol", "py4j/commands/CallCommand",
            "py4j/commands/ConstructorCommand", "org/apache/spark/SparkContext", "org/apache/spark/scheduler/JobWaiter",
            "org/apache/spark/api/python/PythonWorkerFactory", "org/apache/spark/serializer/KryoSerializerInstance",
            "org/apache/spark/serializer/JavaSerializerInstance", "net/razorvine/pickle/Pickler",
            "net/razorvine/pickle/Unpickler", "java/lang/ProcessBuilder",
            "org/apache/spark/api/python/BasePythonRunner$ReaderIterator",
            // a writer candidate: Byte Buddy then checks its super type
            "org/apache/spark/api/python/PythonRunner$$anon$2"}) {
            assertThat(f.targeted(name)).as(name).isTrue();
        }
    }

    @Test
    void everyDeclaredTargetIsAClassOfItsLibrary() {
        for (TypeInstrumentation t : all()) {
            assertThat(t.targets().exact()).as(t.getClass().getSimpleName()).isNotEmpty();
            for (String name : t.targets().exact()) {
                assertThat(ClassLoader.getSystemResource(name + ".class")).as(name + " of " + t.getClass().getSimpleName()).isNotNull();
            }
        }
    }

    /**
     * Byte Buddy's matchers, run over every class of the Spark, Py4J and Pyrolite jars on the test
     * class path: whatever one accepts passes the pre-filter, and each matches something.
     */
    @Test
    void byteBuddyMatchesNothingThePreFilterTurnsAway() throws Exception {
        TargetFilter f = filter();
        TypePool pool = TypePool.Default.ofSystemLoader();
        List<TypeInstrumentation> all = all();
        int[] matched = new int[all.size()];
        int classes = 0;
        for (String marker : new String[] {"org/apache/spark/SparkContext.class", "py4j/Gateway.class", "net/razorvine/pickle/Pickler.class"}) {
            for (String name : classNames(marker)) {
                classes++;
                TypeDescription type = pool.describe(TypeNames.binary(name)).resolve();
                for (int i = 0; i < all.size(); i++) {
                    ElementMatcher<TypeDescription> m = TypeMatchers.of(all.get(i));
                    if (f.targeted(name) ? safeMatches(m, type) : m.matches(type)) {
                        assertThat(f.targeted(name)).as(name + " matched by " + all.get(i).getClass().getSimpleName()).isTrue();
                        matched[i]++;
                    }
                }
            }
        }
        assertThat(classes).isGreaterThan(3000);
        for (int i = 0; i < all.size(); i++) {
            String who = all.get(i).getClass().getSimpleName();
            if (!who.equals("ProcessStartInstrumentation")) {
                assertThat(matched[i]).as(who + " matches a class of its library").isPositive();
            }
        }
    }

    /**
     * What the pre-filter reads from class files agrees with Byte Buddy's super type check on every
     * name the patterns accept in Spark's jar: only the writers are offered to Byte Buddy.
     */
    @Test
    void thePreFilterOffersByteBuddyExactlyThePatternNamesItsRefinementAccepts() throws Exception {
        TargetFilter f = filter();
        TypePool pool = TypePool.Default.ofSystemLoader();
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        int offered = 0;
        int turnedAway = 0;
        for (TypeInstrumentation t : all()) {
            if (t.targets().pattern() == null) {
                continue;
            }
            ElementMatcher<TypeDescription> m = TypeMatchers.of(t);
            for (String name : classNames("org/apache/spark/SparkContext.class")) {
                if (!t.targets().pattern().matches(name)) {
                    continue;
                }
                byte[] bytes = bytes(name + ".class");
                boolean byFile = f.targeted(name, bytes, loader);
                assertThat(byFile).as(name).isEqualTo(safeMatches(m, pool.describe(TypeNames.binary(name)).resolve()));
                if (byFile) {
                    offered++;
                } else {
                    turnedAway++;
                }
            }
        }
        assertThat(offered).as("writers found").isGreaterThanOrEqualTo(2);
        assertThat(turnedAway).as("candidates that are no writers").isGreaterThan(offered);
    }

    @Test
    void theSuperClassIsReadFromTheConstantPoolOrNotAtAll() throws Exception {
        assertThat(SuperClasses.superName(bytes("java/util/ArrayList.class"))).isEqualTo("java/util/AbstractList");
        // Long and double constants take two entries of the pool.
        assertThat(SuperClasses.superName(bytes("java/lang/Math.class"))).isEqualTo("java/lang/Object");
        assertThat(SuperClasses.superName(bytes("java/lang/Object.class"))).isNull();
        byte[] cut = java.util.Arrays.copyOf(bytes("java/util/ArrayList.class"), 200);
        assertThat(SuperClasses.superName(cut)).isNull();
        assertThat(SuperClasses.superName(new byte[] {1, 2, 3})).isNull();
        assertThat(SuperClasses.superName("not a class file at all".getBytes("UTF-8"))).isNull();
    }

    @Test
    void aClassFileThatCannotBeReadIsLeftToByteBuddy() {
        TargetFilter f = filter();
        String candidate = "org/apache/spark/api/python/NoSuchRunner$$anon$9";
        assertThat(f.targeted(candidate, new byte[] {0}, ClassLoader.getSystemClassLoader())).isTrue();
        assertThat(f.targeted("org/apache/spark/api/python/PythonRDD$$anon$1", null, null)).isTrue();
    }

    private static byte[] bytes(String resource) throws java.io.IOException {
        try (java.io.InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** A pattern's refinement reads super types, some of which the test class path lacks (Spark's own dependencies). */
    private static boolean safeMatches(ElementMatcher<TypeDescription> m, TypeDescription type) {
        try {
            return m.matches(type);
        } catch (IllegalStateException missingSuperType) {
            return false;
        }
    }

    /** The class names (internal form) of the jar that holds this class file. */
    private static List<String> classNames(String classFile) throws Exception {
        URL url = ClassLoader.getSystemResource(classFile);
        assertThat(url).as(classFile).isNotNull();
        String path = url.getPath();
        File jar = new File(new java.net.URI(path.substring(0, path.indexOf('!'))));
        List<String> out = new ArrayList<>();
        try (JarFile j = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = j.entries(); e.hasMoreElements();) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && !n.contains("module-info") && !n.startsWith("META-INF/")) {
                    out.add(n.substring(0, n.length() - ".class".length()));
                }
            }
        }
        return out;
    }

    @Test
    void theBuilderIsMadeWithoutLeavingTheNexusSwitchSet() {
        assertThat(System.getProperty(ByteBuddyTransformer.NEXUS_DISABLED)).isNull();
        assertThat(ByteBuddyTransformer.newDefaultBuilder()).isNotNull();
        assertThat(System.getProperty(ByteBuddyTransformer.NEXUS_DISABLED)).isNull();
        System.setProperty(ByteBuddyTransformer.NEXUS_DISABLED, "false");
        try {
            assertThat(ByteBuddyTransformer.newDefaultBuilder()).isNotNull();
            assertThat(System.getProperty(ByteBuddyTransformer.NEXUS_DISABLED)).as("a user's value is left alone").isEqualTo("false");
        } finally {
            System.clearProperty(ByteBuddyTransformer.NEXUS_DISABLED);
        }
    }

    @Test
    void instrumentationOffListsTheEnabledModulesAndCountsUnderTheReasonsCode() {
        AgentConfig config = AgentConfig.parse("py4j.enabled=false");
        Instrumentations.Installation off = Instrumentations.off(config, "attach_disabled: the JVM runs with -XX:+DisableAttachMechanism");
        assertThat(off.describe()).isEqualTo("bytecode instrumentation off (attach_disabled: the JVM runs with "
                + "-XX:+DisableAttachMechanism): spark-context,serializers,pyrolite,processes not measured, sampling only");
        dev.pyrometer.emitter.LossCounters counters = new dev.pyrometer.emitter.LossCounters();
        off.countOff(counters);
        assertThat(counters.counter("agent.instrumentation.off.attach_disabled")).isEqualTo(4);
        assertThat(Instrumentations.offCode("No JDK-attach")).isEqualTo("no_jdk_attach");
    }
}
