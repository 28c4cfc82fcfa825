/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it.child;

/** The entry point Python calls in the Py4J IT: small, large, slow and failing calls. */
public final class Py4jTarget {
    public String small() {
        return "ok";
    }

    /** A string of {@code chars} characters: the response crossing the gateway has about that size. */
    public String big(int chars) {
        char[] c = new char[chars];
        java.util.Arrays.fill(c, 'x');
        return new String(c);
    }

    public String slow(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return "slept";
    }

    public String fail() {
        throw new IllegalStateException("deliberate failure for the test");
    }
}
