/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.store.DuckDbRunStore;
import dev.pyrometer.collector.store.ParquetTables;
import dev.pyrometer.collector.store.PostgresRunStore;
import dev.pyrometer.collector.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Which store a command uses: the DuckDB file (default) or a PostgreSQL database. */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "FILE", defaultValue = "pyrometer.duckdb",
            description = "DuckDB database file (default: ${DEFAULT-VALUE}).")
    Path duckDbFile;

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
            description = "Use PostgreSQL instead of DuckDB, e.g. jdbc:postgresql://db:5432/pyrometer. "
                    + "The password comes from the environment variable PYROMETER_POSTGRES_PASSWORD.")
    String postgresUrl;

    @Option(names = "--postgres-user", paramLabel = "USER", description = "PostgreSQL user.")
    String postgresUser;

    @Option(names = "--parquet", paramLabel = "DIR",
            description = "Read the Parquet tables 'pyrometer spark-ingest' wrote under DIR instead of a store "
                    + "(read-only; every run under DIR is loaded into memory).")
    Path parquetDir;

    /** For the commands that write a store: fails (before any work) when it names Parquet tables. */
    void checkWritable() {
        if (parquetDir != null) {
            throw new IllegalArgumentException("--parquet is read-only: this command writes a store (--store or --postgres-url)");
        }
    }

    /** Opens the store; for reading commands a missing DuckDB file is an error, not a new empty store. */
    RunStore open(boolean mustExist) {
        if (parquetDir != null) {
            if (!mustExist) {
                checkWritable();
            }
            if (postgresUrl != null) {
                throw new IllegalArgumentException("--parquet and --postgres-url name two stores: pick one");
            }
            return ParquetTables.load(parquetDir);
        }
        if (postgresUrl != null) {
            Properties p = new Properties();
            if (postgresUser != null) {
                p.setProperty("user", postgresUser);
            }
            String pw = System.getenv("PYROMETER_POSTGRES_PASSWORD");
            if (pw != null) {
                p.setProperty("password", pw);
            }
            return PostgresRunStore.open(postgresUrl, p);
        }
        if (mustExist && !Files.exists(duckDbFile)) {
            throw new IllegalArgumentException("no store at " + duckDbFile + " (run 'pyrometer-collector run' first, or pass --store)");
        }
        return DuckDbRunStore.open(duckDbFile);
    }
}
