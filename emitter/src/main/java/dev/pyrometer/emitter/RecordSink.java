/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

/**
 * Where the sender thread puts encoded events: Kafka in production, a fake in unit tests.
 * Only the emitter's own sender thread calls it.
 */
public interface RecordSink {
    /** Delivery outcome, called on the sink's I/O thread. */
    interface Callback {
        void done(Exception errorOrNull);
    }

    /** Creates the sink on the sender thread, so a slow or failing construction never touches the host. */
    interface Factory {
        RecordSink create(EmitterConfig config, String clientId) throws Exception;
    }

    /**
     * Sends one record; may block up to the configured max.block.ms. Throws
     * {@link SinkUnavailableException} when the record was not taken but may be later (the caller
     * keeps it); any other failure reaches the callback or is thrown.
     */
    void send(String key, byte[] value, Callback callback) throws Exception;

    /** Largest record the sink accepts, in bytes. */
    int maxRecordBytes();

    /** Delivers what it can within {@code timeoutMs}, then releases everything. */
    void close(long timeoutMs);
}
