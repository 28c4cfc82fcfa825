/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.agent.config.AgentConfig;
import java.lang.instrument.Instrumentation;
import java.util.Map;

/**
 * The agent's entry points: {@code -javaagent}, a dynamic attach, and the Spark plugin
 * ({@code dev.pyrometer.plugin.PyrometerPlugin}). Each returns at once: everything else happens
 * on the "pyrometer-agent-init" daemon thread, and nothing here can throw into the application.
 *
 * <p>At most one start per JVM, whichever entry comes first: the guard is a system property, so
 * it holds across class loaders (the plugin's copy of these classes, loaded from {@code --jars},
 * and the system class path's copy, from {@code -javaagent} or an attach).
 */
public final class AgentMain {
    /** Set, to the entry that started the agent, by the first start in this JVM. */
    public static final String RUNNING_PROPERTY = "dev.pyrometer.agent.running";
    /** The argument the plugin attaches with: hand over the Instrumentation, start nothing yet. */
    public static final String PLUGIN_ATTACH_ARGUMENT = "pyrometer.plugin.attach";

    /** The Instrumentation an attach by the plugin delivered, until the plugin starts the agent. */
    private static volatile Instrumentation attached;

    private AgentMain() {
    }

    /** {@code -javaagent:pyrometer-agent.jar=key=value,...} */
    public static void premain(String args, Instrumentation inst) {
        start("-javaagent", args, inst);
    }

    /** Attaching to a running JVM. */
    public static void agentmain(String args, Instrumentation inst) {
        if (PLUGIN_ATTACH_ARGUMENT.equals(args)) {
            attached = inst;
            return;
        }
        start("attach", args, inst);
    }

    /** Whether an agent already started in this JVM, through any entry and any class loader. */
    public static boolean running() {
        return System.getProperty(RUNNING_PROPERTY) != null;
    }

    /** Whether the plugin's attach delivered an Instrumentation to this class loader's copy. */
    public static boolean attachedByPlugin() {
        return attached != null;
    }

    /**
     * The Spark plugin's start: the agent's settings as a map (no argument string, so values may
     * hold commas and '='), the Instrumentation its attach delivered if any, and otherwise why
     * bytecode instrumentation is off. Returns false when an agent already runs in this JVM.
     */
    public static boolean startFromPlugin(Map<String, String> settings, String instrumentationOff) {
        Instrumentation inst = attached;
        String off = inst != null ? null
                : instrumentationOff != null ? instrumentationOff : "the attach delivered no Instrumentation";
        return start("spark.plugins", null, inst, AgentConfig.fromMap(settings), off);
    }

    private static boolean start(String entry, String args, Instrumentation inst) {
        try {
            return start(entry, args, inst, null, null);
        } catch (Throwable t) {
            return false;
        }
    }

    private static boolean start(String entry, String args, Instrumentation inst, AgentConfig parsed, String off) {
        try {
            synchronized (System.getProperties()) {
                if (running()) {
                    return false;
                }
                System.setProperty(RUNNING_PROPERTY, entry);
            }
            Thread t = new Thread(() -> AgentStartup.run(args, parsed, inst, off),
                    "pyrometer-agent-init");
            t.setDaemon(true);
            t.start();
            return true;
        } catch (Throwable t) {
            // The application must start whatever happens; there is nobody to tell yet.
            return false;
        }
    }
}
