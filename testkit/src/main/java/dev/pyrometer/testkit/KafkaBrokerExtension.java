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
 * JUnit 5 extension giving a test class one real Kafka broker:
 * {@code @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();}
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> extraConfig;
    private KafkaBroker broker;

    public KafkaBrokerExtension() {
        this(new TreeMap<>());
    }

    /** Extra server.properties entries, e.g. a SASL listener. */
    public KafkaBrokerExtension(Map<String, String> extraConfig) {
        this.extraConfig = extraConfig;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = KafkaBroker.start(extraConfig);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
            broker = null;
        }
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
}
