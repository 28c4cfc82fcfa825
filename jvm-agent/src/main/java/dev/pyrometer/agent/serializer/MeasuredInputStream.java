/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes every call through to the stream Spark handed a deserializer and counts the bytes read
 * and the time spent in bulk reads (where the stream below blocks); single-byte reads are
 * counted but not timed. Reports once to its {@link StreamSink} when closed or at end of stream.
 */
public final class MeasuredInputStream extends InputStream {
    private final InputStream in;
    private final StreamSink sink;
    private long bytes;
    private long nanos;
    private long maxNanos;
    private boolean reported;

    public MeasuredInputStream(InputStream in, StreamSink sink) {
        this.in = in;
        this.sink = sink;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            bytes++;
        } else {
            report();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long start = System.nanoTime();
        int n = in.read(b, off, len);
        long took = System.nanoTime() - start;
        nanos += took;
        if (took > maxNanos) {
            maxNanos = took;
        }
        if (n > 0) {
            bytes += n;
        } else if (n < 0) {
            report();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        if (skipped > 0) {
            bytes += skipped;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            report();
        }
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void report() {
        if (!reported) {
            reported = true;
            sink.streamDone(bytes, nanos, maxNanos);
        }
    }
}
