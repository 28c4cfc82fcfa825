/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.agent.module.AgentContext;

/** The one {@link SerializerRecorder}, built from the config the first time advice runs. */
public final class SerializerSingletons {
    public static final SerializerRecorder RECORDER = new SerializerRecorder(
            AgentContext.config().get(AgentConfig.OUTLIER_QUEUE), AgentContext::counters);

    private SerializerSingletons() {
    }
}
