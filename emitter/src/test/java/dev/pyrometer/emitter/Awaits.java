/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Small shared pieces of the emitter tests: configs from key/value pairs, waiting for a condition. */
final class Awaits {
    private Awaits() {
    }

    static EmitterConfig config(Map<String, String> base, String... kv) {
        Map<String, String> raw = new HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            raw.put(kv[i], kv[i + 1]);
        }
        List<String> errors = new ArrayList<>();
        EmitterConfig c = EmitterConfig.parse(raw, errors);
        assertThat(errors).isEmpty();
        return c;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }
}
