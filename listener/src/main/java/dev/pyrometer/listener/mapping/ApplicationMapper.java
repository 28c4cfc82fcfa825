/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.listener.compat.ScalaValues;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;

/**
 * Maps application start and end. Spark 4.0 added {@code exitCode: Option[Int]} to the end
 * event, which a jar compiled against 3.5 reads through a handle resolved once (absent on 3.x).
 */
public final class ApplicationMapper {
    private static final MethodHandle EXIT_CODE = exitCodeGetter();

    private final Map<String, String> confs;
    private final ConfRedactor redactor;
    private final String scaleKey;
    private final String scale;

    /**
     * @param confs    every Spark conf of the application (secrets are filtered by {@code redactor})
     * @param scaleKey the conf declaring the run's scale, recorded whatever {@code capture.confs} selects
     * @param scale    its validated value, null when none or invalid (an invalid one is not recorded)
     */
    public ApplicationMapper(Map<String, String> confs, ConfRedactor redactor, String scaleKey, String scale) {
        this.confs = confs;
        this.redactor = redactor;
        this.scaleKey = scaleKey;
        this.scale = scale;
    }

    public ApplicationStart start(SparkListenerApplicationStart e) {
        Object logs = ScalaValues.orNull(e.driverLogs());
        return ApplicationStart.newBuilder()
                .setAppName(orEmpty(e.appName()))
                .setUser(orEmpty(e.sparkUser()))
                .setStartTimeMs(e.time())
                .setSparkVersion(sparkVersion())
                .setScalaVersion(scalaVersion())
                .setJavaVersion(orEmpty(System.getProperty("java.version")))
                .setMaster(orEmpty(confs.get("spark.master")))
                .setDeployMode(confs.containsKey("spark.submit.deployMode") ? confs.get("spark.submit.deployMode") : "client")
                .setPythonVersion(confs.get("spark.python.version"))
                .setDriverLogs(logs == null ? Collections.<String, String>emptyMap() : ScalaValues.stringMap(logs))
                .setConf(recordedConfs())
                .build();
    }

    private Map<String, String> recordedConfs() {
        Map<String, String> out = new java.util.TreeMap<>(redactor.select(confs));
        out.remove(scaleKey);
        if (scale != null) {
            out.put(scaleKey, scale);
        }
        return out;
    }

    public ApplicationEnd end(SparkListenerApplicationEnd e) {
        return ApplicationEnd.newBuilder()
                .setEndTimeMs(e.time())
                .setExitCode(exitCode(e))
                .build();
    }

    /** The exit code Spark 4.0+ reports, else null. */
    static Integer exitCode(SparkListenerApplicationEnd e) {
        if (EXIT_CODE == null) {
            return null;
        }
        try {
            Object v = (Object) EXIT_CODE.invokeExact((Object) e);
            Long code = v instanceof scala.Option ? ScalaValues.longOrNull((scala.Option<?>) v) : null;
            return code == null ? null : code.intValue();
        } catch (Throwable t) {
            return null;
        }
    }

    private static MethodHandle exitCodeGetter() {
        try {
            return MethodHandles.publicLookup()
                    .unreflect(SparkListenerApplicationEnd.class.getMethod("exitCode"))
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    static String sparkVersion() {
        try {
            Class<?> pkg = Class.forName("org.apache.spark.package$");
            return String.valueOf(pkg.getMethod("SPARK_VERSION").invoke(pkg.getField("MODULE$").get(null)));
        } catch (Throwable t) {
            return "";
        }
    }

    static String scalaVersion() {
        try {
            Class<?> props = Class.forName("scala.util.Properties$");
            return String.valueOf(props.getMethod("versionNumberString").invoke(props.getField("MODULE$").get(null)));
        } catch (Throwable t) {
            return "";
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
