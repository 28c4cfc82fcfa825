/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

/** A record on the topic that is not a Pyrometer event this reader can decode. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a record could not be decoded. */
    public enum Reason {
        /** Not Avro single-object encoding (wrong magic bytes, or shorter than the header). */
        BAD_HEADER,
        /** A valid header whose schema fingerprint is not any released envelope version. */
        UNKNOWN_SCHEMA,
        /** The body does not match the schema (truncated or corrupted). */
        CORRUPT_BODY
    }

    private final Reason reason;

    public DecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
