/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One stored table, declared once: its name, its columns in order (name, SQL type, and how a
 * row of type {@code R} gives the value), its primary key and indexes, and for a derived table
 * where its rows come from. The DDL of both databases and the row writers are generated from
 * it ({@link Tables} holds every declaration). Columns are only ever added at the end: DuckDB's
 * appender is positional, and {@link StoreSchema} adds a missing column with ALTER TABLE.
 *
 * @param <R> the type of one row
 */
final class Table<R> {
    /** One column; {@code value} is null for the run_id of a derived table, filled from the run being saved. */
    record Column<R>(String name, SqlType type, Function<R, ?> value) {
    }

    private final String name;
    private final List<Column<R>> columns;
    private final List<String> primaryKey;
    private final List<String> index;
    private final Function<SavedRun, List<R>> rows;

    private Table(String name, List<Column<R>> columns, List<String> primaryKey, List<String> index,
            Function<SavedRun, List<R>> rows) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.index = List.copyOf(index);
        this.rows = rows;
    }

    /** A table of raw records (events, rejects): every column has its value function. */
    static <R> Builder<R> table(String name) {
        return new Builder<>(name, null);
    }

    /**
     * A derived table: one run's rows, replaced whenever the run is saved. Its first column is
     * run_id, which the writer fills; it is indexed where the dialect creates indexes.
     */
    static <R> Builder<R> derived(String name, Function<SavedRun, List<R>> rows) {
        Builder<R> b = new Builder<>(name, rows);
        b.columns.add(new Column<>("run_id", SqlType.VARCHAR, null));
        b.index.add("run_id");
        return b;
    }

    String name() {
        return name;
    }

    List<Column<R>> columns() {
        return columns;
    }

    List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    List<String> primaryKey() {
        return primaryKey;
    }

    boolean derived() {
        return rows != null;
    }

    /** This table's rows of a run being saved (derived tables only). */
    List<R> rowsOf(SavedRun run) {
        return rows.apply(run);
    }

    String createSql(Dialect d) {
        StringBuilder b = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (");
        b.append(columns.stream().map(c -> c.name() + " " + d.ddl(c.type())).collect(Collectors.joining(", ")));
        if (!primaryKey.isEmpty()) {
            b.append(", PRIMARY KEY (").append(String.join(", ", primaryKey)).append(')');
        }
        return b.append(')').toString();
    }

    /** The CREATE INDEX statements of this table in this dialect (none where it creates no indexes). */
    List<String> indexSql(Dialect d) {
        if (!d.createsIndexes() || index.isEmpty()) {
            return List.of();
        }
        return List.of("CREATE INDEX IF NOT EXISTS " + indexName() + " ON " + name + " (" + String.join(", ", index) + ")");
    }

    String indexName() {
        return index.isEmpty() ? null : name + "_" + String.join("_", index);
    }

    String addColumnSql(Column<R> c, Dialect d) {
        return "ALTER TABLE " + name + " ADD COLUMN " + c.name() + " " + d.ddl(c.type());
    }

    String insertSql(boolean ignoreDuplicateKeys) {
        return "INSERT INTO " + name + " (" + String.join(", ", columnNames()) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")"
                + (ignoreDuplicateKeys ? " ON CONFLICT DO NOTHING" : "");
    }

    /** The value of column {@code i} of a row; the run id for a derived table's run_id. */
    Object value(int i, R row, String runId) {
        Column<R> c = columns.get(i);
        return c.value() == null ? runId : c.value().apply(row);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Columns in order, each with the Java type its SQL type stores: a getter of another type does not compile. */
    static final class Builder<R> {
        private final String name;
        private final Function<SavedRun, List<R>> rows;
        private final List<Column<R>> columns = new ArrayList<>();
        private final List<String> primaryKey = new ArrayList<>();
        private final List<String> index = new ArrayList<>();

        private Builder(String name, Function<SavedRun, List<R>> rows) {
            this.name = name;
            this.rows = rows;
        }

        private Builder<R> add(String column, SqlType type, Function<R, ?> value) {
            if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                throw new IllegalArgumentException(name + "." + column + " declared twice");
            }
            columns.add(new Column<>(column, type, value));
            return this;
        }

        Builder<R> varchar(String column, Function<R, String> value) {
            return add(column, SqlType.VARCHAR, value);
        }

        Builder<R> bigint(String column, Function<R, Long> value) {
            return add(column, SqlType.BIGINT, value);
        }

        Builder<R> integer(String column, Function<R, Integer> value) {
            return add(column, SqlType.INTEGER, value);
        }

        Builder<R> bool(String column, Function<R, Boolean> value) {
            return add(column, SqlType.BOOLEAN, value);
        }

        Builder<R> float8(String column, Function<R, Double> value) {
            return add(column, SqlType.FLOAT8, value);
        }

        Builder<R> blob(String column, Function<R, byte[]> value) {
            return add(column, SqlType.BLOB, value);
        }

        Builder<R> primaryKey(String... key) {
            primaryKey.addAll(List.of(key));
            return this;
        }

        /** Replaces the run_id index of a derived table (no index: the primary key already covers it). */
        Builder<R> noIndex() {
            index.clear();
            return this;
        }

        Builder<R> index(String... key) {
            index.clear();
            index.addAll(List.of(key));
            return this;
        }

        Table<R> build() {
            for (String k : primaryKey) {
                if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                    throw new IllegalArgumentException(name + ": primary key column " + k + " not declared");
                }
            }
            return new Table<>(name, columns, primaryKey, index, rows);
        }
    }
}
