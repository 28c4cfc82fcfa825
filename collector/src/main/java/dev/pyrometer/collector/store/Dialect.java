/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

/**
 * What differs between the two databases a store lives in: the type of byte columns, how
 * {@code information_schema} spells each type, and which declared indexes are created.
 */
enum Dialect {
    /**
     * No secondary indexes: DuckDB finds a run's rows by its zone maps, and an ART index would
     * slow every append (BENCHMARKS.md, "Store indexes").
     */
    DUCKDB(false),
    /** Indexes on run_id: every save deletes and rewrites a run's rows by run_id. */
    POSTGRES(true);

    private final boolean indexes;

    Dialect(boolean indexes) {
        this.indexes = indexes;
    }

    boolean createsIndexes() {
        return indexes;
    }

    /** The type in CREATE TABLE. */
    String ddl(SqlType t) {
        return t == SqlType.BLOB ? (this == POSTGRES ? "BYTEA" : "BLOB") : t.name();
    }

    /** The type as information_schema.columns.data_type reports it. */
    String reported(SqlType t) {
        if (this == DUCKDB) {
            return t == SqlType.FLOAT8 ? "DOUBLE" : t.name();
        }
        return switch (t) {
            case VARCHAR -> "character varying";
            case BIGINT -> "bigint";
            case INTEGER -> "integer";
            case BOOLEAN -> "boolean";
            case FLOAT8 -> "double precision";
            case BLOB -> "bytea";
        };
    }
}
