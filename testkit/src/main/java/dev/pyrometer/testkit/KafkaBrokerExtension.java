/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.testkit;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class a real Kafka broker:
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();}
 * for the broker every such class of this JVM shares, or {@code new KafkaBrokerExtension()} for
 * one of the class's own (a class that stops or restarts it, or configures it).
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    private final Map<String, String> extraConfig;
    private final boolean shared;
    private KafkaBroker broker;

    /** A broker of this class's own, closed after its last test. */
    public KafkaBrokerExtension() {
        this(new TreeMap<>());
    }

    /** A broker of this class's own with extra server.properties entries, e.g. a SASL listener. */
    public KafkaBrokerExtension(Map<String, String> extraConfig) {
        this(extraConfig, false);
    }

    private KafkaBrokerExtension(Map<String, String> extraConfig, boolean shared) {
        this.extraConfig = extraConfig;
        this.shared = shared;
    }

    /**
     * The plain broker shared by every test class of this JVM that registers it: the first starts
     * it, and it is closed when the JVM's test run ends (JUnit's root store), so each class saves a
     * broker's start and stop (about 3.5 s). Classes on it must use topics and groups of their own,
     * and must not stop it.
     */
    public static KafkaBrokerExtension shared() {
        return new KafkaBrokerExtension(new TreeMap<>(), true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            broker = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(SharedBroker.class, k -> new SharedBroker(KafkaBroker.start(extraConfig)), SharedBroker.class)
                    .broker;
        } else {
            broker = KafkaBroker.start(extraConfig);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && !shared) {
            broker.close();
        }
        broker = null;
    }

    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("broker not started: register the extension as a static field");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The shared broker in the root store, closed with it. */
    private static final class SharedBroker implements ExtensionContext.Store.CloseableResource {
        final KafkaBroker broker;

        SharedBroker(KafkaBroker broker) {
            this.broker = broker;
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}
