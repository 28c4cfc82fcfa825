/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one) running in a child JVM
 * on free loopback ports. It can be stopped and started again on the same port and data, which
 * is what outage tests need.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String STARTED_MARKER = "Kafka Server started";
    private static final long START_TIMEOUT_MS = 90_000;

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> extraConfig;
    private final Map<String, String> saslUsers;
    private Process process;

    private KafkaBroker(Path dir, Map<String, String> extraConfig, Map<String, String> saslUsers) {
        this.dir = dir;
        this.port = freePort();
        this.controllerPort = freePort();
        this.extraConfig = new TreeMap<>(extraConfig);
        this.saslUsers = new TreeMap<>(saslUsers);
    }

    /** Formats storage in a new temporary directory and starts the broker. */
    public static KafkaBroker start(Map<String, String> extraConfig) {
        return start(extraConfig, new TreeMap<>());
    }

    /**
     * Starts a broker whose client listener requires SASL/PLAIN authentication
     * (security.protocol=SASL_PLAINTEXT) for the given users (name to password).
     */
    public static KafkaBroker startWithSaslPlain(Map<String, String> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("at least one user");
        }
        return start(new TreeMap<>(), users);
    }

    /**
     * The client settings (security protocol, mechanism, JAAS config) that authenticate as
     * {@code user} against a broker from {@link #startWithSaslPlain}; a new mutable map.
     */
    public static Map<String, String> saslPlainClient(String user, String password) {
        Map<String, String> m = new TreeMap<>();
        m.put("security.protocol", "SASL_PLAINTEXT");
        m.put("sasl.mechanism", "PLAIN");
        m.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return m;
    }

    private static KafkaBroker start(Map<String, String> extraConfig, Map<String, String> saslUsers) {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("pyrometer-kafka"), extraConfig, saslUsers);
            broker.format();
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KafkaBroker start() {
        return start(new TreeMap<>());
    }

    /** host:port for bootstrap.servers. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker process (SIGTERM, then SIGKILL after 20 s); its data is kept. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts a stopped broker again on the same port and data directory. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(dir.toFile());
    }

    private void format() throws IOException {
        Path config = writeConfig();
        String clusterId = base64Uuid();
        Process p = java("kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId, "--config=" + config, "--ignore-formatted")
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("kafka storage format failed: " + tail(dir.resolve("format.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting kafka storage", e);
        }
    }

    private synchronized void startProcess() {
        Path log = dir.resolve("broker.log");
        try {
            Files.deleteIfExists(log);
            process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "pyrometer-test-broker-stop"));
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka broker exited at start: " + tail(log));
            }
            if (contains(log, STARTED_MARKER) && accepts(port)) {
                return;
            }
            pause(100);
        }
        stop();
        throw new IllegalStateException("kafka broker did not start within " + START_TIMEOUT_MS + " ms: " + tail(log));
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        if (!saslUsers.isEmpty()) {
            p.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
            p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
            p.setProperty("sasl.enabled.mechanisms", "PLAIN");
            p.setProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\"");
            for (Map.Entry<String, String> u : saslUsers.entrySet()) {
                jaas.append(" user_").append(u.getKey()).append("=\"").append(u.getValue()).append('"');
            }
            p.setProperty("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("log.flush.interval.messages", "1000000");
        for (Map.Entry<String, String> e : extraConfig.entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        Path file = dir.resolve("server.properties");
        try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "pyrometer test broker");
        }
        Path log4j = dir.resolve("log4j.properties");
        Files.write(log4j, ("log4j.rootLogger=INFO, stdout\n"
                + "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
                + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
                + "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
                + "log4j.logger.kafka=INFO\nlog4j.logger.org.apache.kafka=INFO\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dlog4j.configuration=file:" + dir.resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(brokerClasspath());
        cmd.add(mainClass);
        for (String a : args) {
            cmd.add(a);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("broker.classpath is missing from the test kit jar; rebuild pyrometer-testkit");
            }
            ByteArrayOutput out = new ByteArrayOutput();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ByteArrayOutput extends java.io.ByteArrayOutputStream {
        @Override
        public synchronized String toString() {
            return new String(buf, 0, count, StandardCharsets.UTF_8);
        }
    }

    private static String base64Uuid() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        // A Kafka cluster id is URL-safe base64 of 16 bytes; '--cluster-id=' keeps one starting with '-' an argument.
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path file) {
        try {
            String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteRecursively(c);
            }
        }
        f.delete();
    }
}
