/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it.child;

/** A JVM with neither Py4J nor Spark: prints READY and keeps a little garbage moving until killed. */
public final class PlainMain {
    private PlainMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("READY");
        System.out.flush();
        long sum = 0;
        while (true) {
            byte[] b = new byte[1 << 16];
            sum += b.length;
            Thread.sleep(20);
            if (sum < 0) {
                System.out.println(sum);
            }
        }
    }
}
