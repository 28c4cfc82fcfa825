/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

/**
 * The sink could not take a record right now (no broker metadata, buffer full) but may later:
 * the sender keeps the record and retries instead of dropping it.
 */
public final class SinkUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
