/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.serve.AccessToken;
import dev.pyrometer.collector.serve.ReportServer;
import dev.pyrometer.collector.serve.TlsIdentity;
import dev.pyrometer.collector.store.RunStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** HTTP server over a store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the runs list, each run's live report and a JSON API over HTTP (loopback by default). "
                + "A DuckDB file is held by one process: to watch runs while ingesting, use 'run --http-port'.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--port", defaultValue = "8420", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; reports contain application data, think before exposing them). "
                    + "Any non-loopback address needs a token.")
    String bind;

    @Option(names = "--token", defaultValue = "${env:PYROMETER_TOKEN}", paramLabel = "TOKEN",
            description = "Token every request must carry (header 'Authorization: Bearer TOKEN' or ?token=TOKEN), at least 16 "
                    + "characters; required when --bind is not loopback. Prefer the PYROMETER_TOKEN environment variable: "
                    + "a command line is visible to other users.")
    String token;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain (leaf first): serve HTTPS only. Needs --tls-key. Off loopback, without TLS "
                    + "the token crosses the network readable.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key of --tls-cert, unencrypted PKCS#8 ('BEGIN PRIVATE KEY'); keep it readable by this user only.")
    Path tlsKey;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535");
        }
        AccessToken access;
        try {
            access = token == null || token.isEmpty() ? null : AccessToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--token/PYROMETER_TOKEN: " + e.getMessage());
        }
        if (access == null && !isLoopback(bind)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--bind " + bind
                    + " is not a loopback address: set PYROMETER_TOKEN (or --token) so the server requires it");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        SSLContext tls = null;
        if (tlsCert != null) {
            try {
                tls = TlsIdentity.load(tlsCert, tlsKey);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--tls-cert/--tls-key: "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no file " + e.getMessage() : e.getMessage()));
            }
        } else if (!isLoopback(bind)) {
            spec.commandLine().getErr().println("pyrometer serve: WARN serving plain HTTP on " + bind
                    + ": the token and the reports cross the network readable (give --tls-cert and --tls-key)");
        }
        CountDownLatch done = new CountDownLatch(1);
        try (RunStore store = storeOptions.open(true);
                ReportServer server = ReportServer.start(store, bind, port, access, tls)) {
            spec.commandLine().getOut().println("serving runs at " + server.url());
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(done::countDown, "pyrometer-serve-stop"));
            done.await();
        }
        return 0;
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
