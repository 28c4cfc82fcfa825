/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench.py4j;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Reader;
import java.io.Writer;
import java.util.function.LongSupplier;
import py4j.Gateway;
import py4j.commands.CallCommand;

/**
 * One Py4J call command served exactly as a gateway connection serves it ({@code CallCommand.execute}
 * reads the target and method, {@code Gateway.invoke} calls {@code ping()} on the entry point,
 * {@code Protocol.getOutputCommand} writes the answer), without a socket. Loaded by a
 * {@link Py4jLoader} together with the py4j classes it links against.
 */
public final class GatewayCall implements LongSupplier {
    /** Python's side of one call: target "t" (the entry point), method "ping", no arguments, end. */
    private static final String COMMAND = "t\nping\ne\n";

    private final CallCommand command = new CallCommand();
    private final BufferedReader in = new BufferedReader(new Replay(COMMAND), 4096);
    private final Sink sink = new Sink();
    private final BufferedWriter out = new BufferedWriter(sink, 4096);

    public GatewayCall(Object entryPoint) {
        Gateway gateway = new Gateway(entryPoint);
        gateway.startup();
        command.init(gateway, null);
    }

    /** Serves one call; returns the characters written back. */
    @Override
    public long getAsLong() {
        try {
            command.execute(CallCommand.CALL_COMMAND_NAME, in, out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sink.chars;
    }

    /** Reads the same text over and over. */
    private static final class Replay extends Reader {
        private final char[] text;
        private int pos;

        Replay(String text) {
            this.text = text.toCharArray();
        }

        @Override
        public int read(char[] buf, int off, int len) {
            for (int i = 0; i < len; i++) {
                buf[off + i] = text[pos];
                pos = pos + 1 == text.length ? 0 : pos + 1;
            }
            return len;
        }

        @Override
        public void close() {
        }
    }

    /** Counts what it is given. */
    private static final class Sink extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void write(String s, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
