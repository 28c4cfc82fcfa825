/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (broker and controller) inside the collector's JVM, for demos and
 * scripts: {@code run --embedded-kafka}. Listens on loopback only; data in a directory that
 * survives restarts when one is given.
 */
final class EmbeddedKafka implements AutoCloseable {
    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param port 0 picks a free port */
    static EmbeddedKafka start(Path dir, int port, int partitions) {
        try {
            Files.createDirectories(dir);
            int p = port == 0 ? freePort() : port;
            int controller = freePort();
            Properties props = new Properties();
            props.setProperty("process.roles", "broker,controller");
            props.setProperty("node.id", "1");
            props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
            props.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + p + ",CONTROLLER://127.0.0.1:" + controller);
            props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + p);
            props.setProperty("controller.listener.names", "CONTROLLER");
            props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.setProperty("inter.broker.listener.name", "PLAINTEXT");
            props.setProperty("log.dirs", dir.resolve("data").toString());
            props.setProperty("num.partitions", Integer.toString(partitions));
            props.setProperty("offsets.topic.replication.factor", "1");
            props.setProperty("offsets.topic.num.partitions", "1");
            props.setProperty("transaction.state.log.replication.factor", "1");
            props.setProperty("transaction.state.log.min.isr", "1");
            props.setProperty("group.initial.rebalance.delay.ms", "0");
            props.setProperty("auto.create.topics.enable", "true");
            Path file = dir.resolve("server.properties");
            try (var w = Files.newBufferedWriter(file)) {
                props.store(w, "pyrometer embedded broker");
            }
            Path clusterIdFile = dir.resolve("cluster.id");
            if (!Files.exists(clusterIdFile)) {
                Files.writeString(clusterIdFile, base64Uuid());
            }
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            // "--cluster-id=": a URL-safe base64 id may start with '-' and would be read as an option.
            int rc = StorageTool.execute(new String[] {"format", "--cluster-id=" + Files.readString(clusterIdFile).trim(),
                "--config=" + file, "--ignore-formatted"}, quiet);
            if (rc != 0) {
                throw new IllegalStateException("formatting the embedded Kafka storage in " + dir + " failed (exit " + rc + ")");
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String base64Uuid() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }
}
