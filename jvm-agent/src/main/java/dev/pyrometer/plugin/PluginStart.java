/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.plugin;

import dev.pyrometer.agent.init.AgentMain;
import dev.pyrometer.emitter.HostLog;
import java.io.File;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The plugin's start of the agent, on the "pyrometer-plugin-start" daemon thread. Nothing here
 * throws into Spark: every failure ends as the agent running without instrumentation, or as one
 * log line.
 *
 * <p>Which copy of the agent runs: after a successful attach the agent jar is on the system
 * class path, so that copy runs (advice inlined into Spark's and Py4J's classes resolves it from
 * there), and Spark's loader of {@code --jars}, which asks its parent first, resolves the listener
 * from it too: one emitter per JVM. Without the attach, the copy the plugin came with runs.
 * On the driver the SparkContext waits for the attach (bounded) because it creates its listeners
 * right after its plugins.
 */
public final class PluginStart {
    private static final String AGENT_MAIN = "dev.pyrometer.agent.init.AgentMain";

    private PluginStart() {
    }

    /**
     * Starts the agent from the {@code spark.pyrometer.*} confs (prefix removed); on the driver it
     * returns once the attach is done or its timeout passed, elsewhere at once. Never throws.
     */
    public static void start(Map<String, String> confs, boolean driver) {
        try {
            if (System.getProperty(AgentMain.RUNNING_PROPERTY) != null) {
                HostLog.info("plugin: the agent already runs in this JVM (" + System.getProperty(AgentMain.RUNNING_PROPERTY)
                        + "); the plugin starts nothing");
                return;
            }
            PluginSettings settings = PluginSettings.from(confs);
            for (String error : settings.errors()) {
                HostLog.warn("plugin config: " + error);
            }
            Thread t = new Thread(() -> attachAndStart(settings), "pyrometer-plugin-start");
            t.setDaemon(true);
            t.start();
            if (driver) {
                t.join(settings.attachTimeoutMs() + 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            HostLog.warn("plugin could not start the agent (" + t.getClass().getSimpleName() + "); the application is not affected");
        }
    }

    private static void attachAndStart(PluginSettings settings) {
        try {
            String off = settings.attach() ? SelfAttach.attach(agentJar(), settings.attachTimeoutMs())
                    : "disabled: spark.pyrometer.plugin.attach=false";
            Class<?> main = agentMain(off == null);
            Method start = main.getMethod("startFromPlugin", Map.class, String.class);
            if (!(Boolean) start.invoke(null, settings.agent, off)) {
                HostLog.info("plugin: the agent already runs in this JVM; the plugin starts nothing");
            }
        } catch (Throwable t) {
            HostLog.warn("plugin could not start the agent (" + t.getClass().getSimpleName() + "); the application is not affected");
        }
    }

    /** The system class path's copy after an attach, else this loader's. */
    private static Class<?> agentMain(boolean attached) throws ClassNotFoundException {
        if (attached) {
            try {
                return Class.forName(AGENT_MAIN, true, ClassLoader.getSystemClassLoader());
            } catch (ClassNotFoundException e) {
                // Not appended after all: this copy runs, without the Instrumentation.
            }
        }
        return Class.forName(AGENT_MAIN, true, PluginStart.class.getClassLoader());
    }

    /** The jar this class was loaded from, or null (not a local file). */
    static File agentJar() {
        try {
            java.security.CodeSource source = PluginStart.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
                return null;
            }
            File f = new File(source.getLocation().toURI());
            return f.isFile() ? f : null;
        } catch (Throwable t) {
            return null;
        }
    }
}
