/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema version of a store, and its upgrade. A store records in {@code schema_version}
 * every version it was brought to; opening it:
 * <ul>
 * <li>an empty database gets every table of {@link Tables} and the current version;</li>
 * <li>a store of an older version (a store without {@code schema_version} is version 1: the
 * collector before versions) is upgraded in one transaction: the steps of {@link #STEPS} newer
 * than its version, then every declared table, column and index it lacks is added (columns only
 * at the end of a table), and its tables are checked against the declarations;</li>
 * <li>a store of a newer version than this collector knows is refused, untouched.</li>
 * </ul>
 * Version 2 added {@code schema_version} and the run_id indexes of PostgreSQL.
 */
final class StoreSchema {
    /** The version this collector writes. */
    static final int VERSION = 3;

    /** A change older stores need that adding what is missing cannot do (a rename, a new type, moved data). */
    record Step(int version, String description, List<String> sql) {
    }

    /**
     * Steps by the version they lead to, oldest first, each written for the tables as they were
     * before it. Versions 2 and 3 need none: their tables, columns and indexes are all additions
     * (3: python_udfs and python_worker_tasks).
     */
    static final List<Step> STEPS = List.of();

    /** Same for every Pyrometer store: several collectors opening one PostgreSQL database upgrade it one at a time. */
    private static final long PG_LOCK = 0x5079726f6d657472L;

    private StoreSchema() {
    }

    /** Creates or upgrades the tables; throws a {@link StoreException} with a one-line message when it cannot. */
    static void open(Connection conn, Dialect dialect) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            if (dialect == Dialect.POSTGRES) {
                try (Statement st = conn.createStatement()) {
                    st.execute("SELECT pg_advisory_xact_lock(" + PG_LOCK + ")");
                }
            }
            int version = version(conn);
            if (version > VERSION) {
                throw new StoreException("this store has schema version " + version + ", written by a newer Pyrometer "
                        + "collector; this one knows versions up to " + VERSION + ": open it with that collector or "
                        + "a newer one (the store was not changed)");
            }
            if (version < VERSION) {
                upgrade(conn, dialect, version);
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
    }

    /** The store's version: 0 for an empty database, 1 for a store from before schema versions. */
    static int version(Connection conn) throws SQLException {
        Map<String, List<String[]>> existing = columns(conn);
        if (existing.containsKey(Tables.SCHEMA_VERSION.name())) {
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT max(version) FROM " + Tables.SCHEMA_VERSION.name())) {
                rs.next();
                return rs.getInt(1);
            }
        }
        return existing.containsKey(Tables.RUNS.name()) || existing.containsKey(Tables.EVENTS.name()) ? 1 : 0;
    }

    private static void upgrade(Connection conn, Dialect dialect, int from) throws SQLException {
        try (Statement st = conn.createStatement()) {
            if (from > 0) {
                for (Step s : STEPS) {
                    if (s.version() > from) {
                        for (String sql : s.sql()) {
                            st.execute(sql);
                        }
                    }
                }
            }
            Map<String, List<String[]>> existing = columns(conn);
            for (Table<?> t : Tables.ALL) {
                List<String[]> have = existing.get(t.name());
                if (have == null) {
                    st.execute(t.createSql(dialect));
                } else {
                    addMissingColumns(st, t, have, dialect);
                }
                for (String sql : t.indexSql(dialect)) {
                    st.execute(sql);
                }
            }
        }
        List<String> wrong = check(conn, dialect);
        if (!wrong.isEmpty()) {
            throw new StoreException("cannot upgrade this store from schema version " + from + " to " + VERSION + ": "
                    + String.join("; ", wrong) + " (the store was not changed)");
        }
        try (PreparedStatement ps = conn.prepareStatement(Tables.SCHEMA_VERSION.insertSql(false))) {
            ps.setInt(1, VERSION);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, from == 0 ? "created" : "upgraded from version " + from);
            ps.executeUpdate();
        }
    }

    private static <R> void addMissingColumns(Statement st, Table<R> t, List<String[]> have, Dialect dialect)
            throws SQLException {
        List<Table.Column<R>> declared = t.columns();
        for (int i = have.size(); i < declared.size(); i++) {
            st.execute(t.addColumnSql(declared.get(i), dialect));
        }
    }

    /**
     * How the store's tables differ from the declarations (column names, order and types), one
     * entry per table; empty when they match.
     */
    static List<String> check(Connection conn, Dialect dialect) throws SQLException {
        Map<String, List<String[]>> existing = columns(conn);
        List<String> wrong = new ArrayList<>();
        for (Table<?> t : Tables.ALL) {
            List<String> want = new ArrayList<>();
            t.columns().forEach(c -> want.add(c.name() + " " + dialect.reported(c.type())));
            List<String> have = new ArrayList<>();
            existing.getOrDefault(t.name(), List.of()).forEach(c -> have.add(c[0] + " " + c[1]));
            if (!want.equals(have)) {
                wrong.add("table " + t.name() + " has (" + String.join(", ", have) + "), expected ("
                        + String.join(", ", want) + ")");
            }
        }
        return wrong;
    }

    /** The store's tables: name to columns (name, reported type) in order. */
    static Map<String, List<String[]>> columns(Connection conn) throws SQLException {
        Map<String, List<String[]>> out = new LinkedHashMap<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name, column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }
}
