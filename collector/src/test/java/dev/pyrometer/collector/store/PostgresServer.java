/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server from Debian's binaries (/usr/lib/postgresql/15/bin), initialised in
 * target/ and started on a free loopback port. initdb refuses to run as root, so as root the
 * server runs as the 'postgres' system user. Missing binaries fail the test with the command
 * that installs them; nothing is skipped.
 */
final class PostgresServer implements AutoCloseable {
    static final Path BIN = Paths.get(System.getProperty("postgres.bin", "/usr/lib/postgresql/15/bin"));

    private final Path dir;
    private final int port;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static PostgresServer start() throws Exception {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL binaries missing in " + BIN
                    + ": install them with 'apt-get install -y postgresql-15' (or set -Dpostgres.bin)");
        }
        Path dir = Paths.get("target", "pg-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            exec(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        exec(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "pyrometer",
                "--auth=trust", "-E", "UTF8", "--no-sync"), root);
        exec(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                        + " -c full_page_writes=off -c shared_buffers=32MB",
                "start"), root);
        return new PostgresServer(dir, port);
    }

    private static void exec(List<String> cmd, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("'" + String.join(" ", full) + "' failed: " + out);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=pyrometer";
    }

    /** A new empty database. */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    @Override
    public void close() throws Exception {
        exec(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                "stop"), "root".equals(System.getProperty("user.name")));
    }
}
