/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started with the real shaded agent jar from this build. Its standard output lines
 * are queued so a test can wait for a line such as "READY port=1234"; standard error is kept
 * for failure messages.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (all) {
                        all.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "child-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    static Path agentJar() {
        Path jar = Paths.get(System.getProperty("pyrometer.agent.jar", "target/pyrometer-agent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar " + jar + " missing: run the ITs through 'mvn verify'");
        }
        return jar;
    }

    static Path python() {
        Path py = Paths.get(System.getProperty("pyrometer.python", "../.venv/bin/python"));
        if (!Files.isExecutable(py)) {
            throw new IllegalStateException("Python venv not found at " + py + ": run bin/setup-python first");
        }
        return py;
    }

    /** A jar of the test dependency classpath whose file name starts with {@code prefix}. */
    static String dependencyJar(String prefix) {
        for (String e : System.getProperty("pyrometer.dependency.classpath", "").split(File.pathSeparator)) {
            if (Paths.get(e).getFileName().toString().startsWith(prefix)) {
                return e;
            }
        }
        throw new IllegalStateException("no " + prefix + "* jar on the test classpath");
    }

    static String testClasses() {
        return System.getProperty("pyrometer.test.classes", "target/test-classes");
    }

    static ChildJvm start(String agentArgs, String classpath, List<String> jvmOptions, String mainClass, String... args) throws IOException {
        return launch("-javaagent:" + agentJar().toAbsolutePath() + "=" + agentArgs, classpath, jvmOptions, mainClass, args);
    }

    /** A child JVM without the agent (a test may attach it later). */
    static ChildJvm startWithoutAgent(String classpath, List<String> jvmOptions, String mainClass, String... args) throws IOException {
        return launch(null, classpath, jvmOptions, mainClass, args);
    }

    private static ChildJvm launch(String agentOption, String classpath, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (agentOption != null) {
            cmd.add(agentOption);
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        Path err = Files.createTempFile("child-jvm", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        return new ChildJvm(pb.start(), err);
    }

    /** Waits for a stdout line starting with {@code prefix}; fails with the child's output otherwise. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("child never printed '" + prefix + "'; " + describe());
    }

    /** A stdout line starting with {@code prefix} that was already printed. */
    String awaitLineSeen(String prefix) {
        synchronized (all) {
            for (String l : all) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
        }
        throw new AssertionError("child never printed '" + prefix + "'; " + describe());
    }

    /** Waits until the agent logged that it is installed, so a test's first calls are instrumented. */
    void awaitAgentStarted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stderr().contains("[pyrometer] INFO agent started")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("agent never reported it started; " + describe());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not exit in " + timeout + "; " + describe());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable)";
        }
    }

    String describe() {
        List<String> out;
        synchronized (all) {
            out = new ArrayList<>(all);
        }
        return "alive=" + process.isAlive() + "\nstdout:\n" + String.join("\n", out) + "\nstderr:\n" + stderr();
    }

    @Override
    public void close() throws InterruptedException {
        // The child's own children (Python processes holding memory for the tree tests) would
        // outlive it as orphans: end them first.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
