/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

/**
 * Builds and encodes one event of every kind the in-cluster producers send most, then exits: run
 * in a child JVM with {@code -verbose:class} by {@link GeneratedClassesTest} to prove that the
 * encode path loads neither Avro's {@code Schema} nor Jackson.
 */
public final class EncodeOnly {
    private EncodeOnly() {
    }

    public static void main(String[] args) throws Exception {
        int bytes = 0;
        for (int i = 0; i < 3; i++) {
            bytes += EventCodec.get().encode(SampleEvents.taskEnd("app-1", i)).length;
        }
        System.out.println("encoded " + bytes + " bytes");
    }
}
