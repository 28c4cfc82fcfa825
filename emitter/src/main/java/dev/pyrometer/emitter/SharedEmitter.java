/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

/**
 * The JVM's single emitter, shared by the listener and the agent when both run in one JVM:
 * whoever comes first creates it with its configuration; later callers join it. A shutdown hook
 * closes it within the flush timeout ({@link Emitter#closeAtShutdown}).
 */
public final class SharedEmitter {
    private static Emitter instance;

    private SharedEmitter() {
    }

    /**
     * Returns the JVM's emitter, creating and starting it on first use.
     *
     * @param component who asks ("listener", "agent"), recorded in each event's source
     */
    public static synchronized Emitter obtain(EmitterConfig config, String component) {
        if (instance == null) {
            Emitter e = Emitter.start(config);
            if (config.enabled()) {
                try {
                    Runtime.getRuntime().addShutdownHook(new Thread(e::closeAtShutdown, "pyrometer-emitter-shutdown"));
                } catch (IllegalStateException shuttingDown) {
                    e.close(0);
                }
            }
            instance = e;
        }
        instance.addComponent(component);
        return instance;
    }

    /** The JVM's emitter if one was created, else null. */
    public static synchronized Emitter current() {
        return instance;
    }
}
