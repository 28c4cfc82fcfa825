/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it.child;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;

/**
 * A JVM that starts the agent the way the Spark plugin does: the agent jar in a child class
 * loader (Spark's loader of {@code --jars}), {@code PluginStart.start} called on it with the
 * given {@code key=value} confs. Prints READY, then keeps a little garbage moving until killed.
 */
public final class PluginMain {
    private PluginMain() {
    }

    public static void main(String[] args) throws Exception {
        URLClassLoader jars = new URLClassLoader(new URL[] {new File(args[0]).toURI().toURL()}, PluginMain.class.getClassLoader());
        Map<String, String> confs = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            confs.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        jars.loadClass("dev.pyrometer.plugin.PluginStart").getMethod("start", Map.class, boolean.class).invoke(null, confs, true);
        // What the driver's listener would do after the plugin: its class resolves parent-first.
        Class<?> emitter = Class.forName("dev.pyrometer.emitter.SharedEmitter", false, jars);
        System.out.println("SHARED_EMITTER_LOADER=" + (emitter.getClassLoader() == jars ? "jars" : "system"));
        System.out.println("READY");
        System.out.flush();
        PlainMain.main(new String[0]);
    }
}
