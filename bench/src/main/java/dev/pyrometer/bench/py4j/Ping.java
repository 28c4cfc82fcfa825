/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench.py4j;

/** The gateway's entry point: the cheapest call Python can make. */
public final class Ping {
    private int calls;

    public int ping() {
        return ++calls;
    }
}
