/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A {@link RecordSink} that keeps what it is sent; it can be made to hang or fail. */
final class RecordingSink implements RecordSink {
    final List<String> keys = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hang;
    volatile boolean fail;
    volatile boolean unavailable;
    volatile boolean closed;
    /** The timeout each close was given: what Kafka's producer would have to deliver what it still holds. */
    final List<Long> closeTimeouts = new java.util.concurrent.CopyOnWriteArrayList<>();

    static RecordSink.Factory factory(RecordingSink sink) {
        return (config, clientId) -> sink;
    }

    @Override
    public void send(String key, byte[] value, Callback callback) throws Exception {
        if (hang) {
            release.await(30, TimeUnit.SECONDS);
        }
        if (unavailable) {
            throw new SinkUnavailableException("no broker", null);
        }
        if (fail) {
            callback.done(new RuntimeException("broker said no"));
            return;
        }
        try {
            Event e = EventCodec.get().decode(value);
            synchronized (this) {
                keys.add(key);
                events.add(e);
            }
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
        callback.done(null);
    }

    synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    synchronized List<String> keys() {
        return new ArrayList<>(keys);
    }

    @Override
    public int maxRecordBytes() {
        return 1024 * 1024;
    }

    @Override
    public void close(long timeoutMs) {
        closeTimeouts.add(timeoutMs);
        closed = true;
    }
}
