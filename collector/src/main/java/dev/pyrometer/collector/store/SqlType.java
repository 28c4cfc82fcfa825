/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.sql.Types;

/** The column types the stored tables use, each with the Java type of its values. */
enum SqlType {
    /** String. */
    VARCHAR(Types.VARCHAR),
    /** Long. */
    BIGINT(Types.BIGINT),
    /** Integer. */
    INTEGER(Types.INTEGER),
    /** Boolean. */
    BOOLEAN(Types.BOOLEAN),
    /** Double. */
    FLOAT8(Types.DOUBLE),
    /** byte[]: BLOB in DuckDB, BYTEA in PostgreSQL. */
    BLOB(Types.BINARY);

    final int jdbc;

    SqlType(int jdbc) {
        this.jdbc = jdbc;
    }
}
