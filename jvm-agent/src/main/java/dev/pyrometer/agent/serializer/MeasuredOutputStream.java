/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes every call through to the stream Spark handed a serializer (or a Python runner) and
 * counts the bytes and the time spent in bulk writes, which is where the stream below (buffer,
 * compression, disk, socket) blocks. Single-byte writes are counted but not timed. When closed,
 * reports once to its {@link StreamSink}. Written by one thread at a time, as Spark's streams are.
 */
public final class MeasuredOutputStream extends OutputStream {
    private final OutputStream out;
    private final StreamSink sink;
    private long bytes;
    private long nanos;
    private long maxNanos;
    private boolean reported;

    public MeasuredOutputStream(OutputStream out, StreamSink sink) {
        this.out = out;
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long start = System.nanoTime();
        out.write(b, off, len);
        took(System.nanoTime() - start);
        bytes += len;
    }

    @Override
    public void flush() throws IOException {
        long start = System.nanoTime();
        out.flush();
        took(System.nanoTime() - start);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            report();
        }
    }

    private void took(long n) {
        nanos += n;
        if (n > maxNanos) {
            maxNanos = n;
        }
    }

    /** Reports what went through so far, once. */
    void report() {
        if (!reported) {
            reported = true;
            sink.streamDone(bytes, nanos, maxNanos);
        }
    }

    public long bytes() {
        return bytes;
    }

    /** The stream this one measures. */
    public OutputStream wrapped() {
        return out;
    }
}
