/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.spark;

import dev.pyrometer.event.RunRef;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
    private static volatile MethodHandle taskAttemptIdHandle;

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
        return currentTaskAttemptId(Thread.currentThread().getContextClassLoader());
    }

    /**
     * The task attempt id of the current thread's TaskContext, or null. TaskContext.get and
     * taskAttemptId are resolved once (through {@code loader}, the loader of a Spark class at
     * hand, or the system loader) and then invoked as method handles: a thread-local read.
     */
    public static Long currentTaskAttemptId(ClassLoader loader) {
        try {
            MethodHandle h = taskAttemptIdHandle;
            if (h == null) {
                h = resolveTaskAttemptId(loader);
                if (h == null) {
                    return null;
                }
            }
            long id = (long) h.invokeExact();
            return id < 0 ? null : id;
        } catch (Throwable t) {
            return null;
        }
    }

    private static synchronized MethodHandle resolveTaskAttemptId(ClassLoader loader) {
        if (taskAttemptIdHandle != null) {
            return taskAttemptIdHandle;
        }
        try {
            Class<?> tc = Class.forName("org.apache.spark.TaskContext", false, loader != null ? loader : ClassLoader.getSystemClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle get = lookup.findStatic(tc, "get", MethodType.methodType(tc));
            MethodHandle id = lookup.findVirtual(tc, "taskAttemptId", MethodType.methodType(long.class));
            // No context on this thread: -1 instead of a NullPointerException.
            MethodHandle guarded = MethodHandles.guardWithTest(
                    MethodHandles.explicitCastArguments(NON_NULL, MethodType.methodType(boolean.class, tc)),
                    id, MethodHandles.dropArguments(MethodHandles.constant(long.class, -1L), 0, tc));
            taskAttemptIdHandle = MethodHandles.filterReturnValue(get, guarded);
        } catch (Throwable t) {
            return null;
        }
        return taskAttemptIdHandle;
    }

    private static final MethodHandle NON_NULL;

    static {
        MethodHandle h;
        try {
            h = MethodHandles.lookup().findStatic(java.util.Objects.class, "nonNull", MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException e) {
            h = null;
        }
        NON_NULL = h;
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
