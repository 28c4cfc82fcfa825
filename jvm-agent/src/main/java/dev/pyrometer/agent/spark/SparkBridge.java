package dev.pyrometer.agent.spark;

import dev.pyrometer.event.RunRef;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reflective access to the few Spark facts the agent needs, so the agent compiles and runs
 * without Spark: the SparkContext (captured by {@link SparkContextInstrumentation} or found
 * through {@code SparkContext.getActive}), the thread's job group and task, and the Kryo buffer
 * limit. Every method returns null when Spark or the fact is not there; none throws.
 */
public final class SparkBridge {
    private static volatile Object context;
    private static volatile boolean classSeen;
    private static volatile Method getLocalProperty;

    private SparkBridge() {
    }

    /** Called from the SparkContext constructor's exit advice. */
    public static void contextCreated(Object sparkContext) {
        context = sparkContext;
    }

    /** Called when the SparkContext class is (re)transformed, i.e. the application loaded it. */
    public static void classSeen() {
        classSeen = true;
    }

    /**
     * The SparkContext captured at construction, or else the active one; the latter covers a
     * context built before the agent was installed. Nothing is looked up (so no Spark class is
     * loaded) before the application loaded SparkContext itself.
     */
    public static Object context() {
        Object sc = context;
        if (sc != null || !classSeen) {
            return sc;
        }
        try {
            Class<?> companion = Class.forName("org.apache.spark.SparkContext$", false, ClassLoader.getSystemClassLoader());
            Object module = companion.getField("MODULE$").get(null);
            Object option = companion.getMethod("getActive").invoke(module);
            if ((Boolean) option.getClass().getMethod("isDefined").invoke(option)) {
                sc = option.getClass().getMethod("get").invoke(option);
                context = sc;
            }
        } catch (Throwable ignored) {
            // No Spark on the class path, or not started yet.
        }
        return sc;
    }

    /** The run of the SparkContext, once it has an application id. */
    public static RunRef run(Object sc) {
        try {
            String appId = (String) sc.getClass().getMethod("applicationId").invoke(sc);
            if (appId == null || appId.isEmpty()) {
                return null;
            }
            Object attemptOpt = sc.getClass().getMethod("applicationAttemptId").invoke(sc);
            String attempt = (Boolean) attemptOpt.getClass().getMethod("isDefined").invoke(attemptOpt)
                    ? String.valueOf(attemptOpt.getClass().getMethod("get").invoke(attemptOpt)) : null;
            Object conf = sc.getClass().getMethod("getConf").invoke(sc);
            Method get = conf.getClass().getMethod("get", String.class, String.class);
            String series = (String) get.invoke(conf, "spark.pyrometer.series", null);
            String tags = (String) get.invoke(conf, "spark.pyrometer.tags", "");
            return RunRef.newBuilder().setAppId(appId).setAttemptId(attempt).setSeries(series)
                    .setTags(parseTags(tags)).build();
        } catch (Throwable t) {
            return null;
        }
    }

    static Map<String, String> parseTags(String raw) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (raw == null) {
            return tags;
        }
        for (String kv : raw.split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                tags.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
        }
        return tags;
    }

    /** The job group the current thread set on the SparkContext (PySpark sets it on the pinned thread). */
    public static String jobGroupOfCurrentThread() {
        Object sc = context;
        if (sc == null) {
            return null;
        }
        try {
            Method m = getLocalProperty;
            if (m == null) {
                m = sc.getClass().getMethod("getLocalProperty", String.class);
                getLocalProperty = m;
            }
            return (String) m.invoke(sc, "spark.jobGroup.id");
        } catch (Throwable t) {
            return null;
        }
    }

    /** The task attempt id of the current thread's TaskContext, or null. */
    public static Long currentTaskAttemptId() {
        try {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            Class<?> tc = Class.forName("org.apache.spark.TaskContext", false, cl != null ? cl : ClassLoader.getSystemClassLoader());
            Object ctx = tc.getMethod("get").invoke(null);
            return ctx == null ? null : (Long) tc.getMethod("taskAttemptId").invoke(ctx);
        } catch (Throwable t) {
            return null;
        }
    }

    /** spark.kryoserializer.buffer.max in bytes (Spark reads it in MiB when no unit is given), or null. */
    public static Long kryoBufferMaxBytes() {
        try {
            Class<?> envClass = Class.forName("org.apache.spark.SparkEnv", false, ClassLoader.getSystemClassLoader());
            Object env = envClass.getMethod("get").invoke(null);
            if (env == null) {
                return null;
            }
            Object conf = envClass.getMethod("conf").invoke(env);
            long mb = (Long) conf.getClass().getMethod("getSizeAsMb", String.class, String.class)
                    .invoke(conf, "spark.kryoserializer.buffer.max", "64m");
            return mb << 20;
        } catch (Throwable t) {
            return null;
        }
    }
}
