/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The shaded collector jar run as a child JVM, the way users run it. */
final class ChildCollector implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private ChildCollector(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Path jar() {
        String jar = System.getProperty("collector.jar");
        if (jar == null || !Files.exists(Paths.get(jar))) {
            throw new IllegalStateException("collector jar not found (" + jar + "): run through 'mvn verify'");
        }
        return Paths.get(jar);
    }

    static ChildCollector start(Path dir, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildCollector(p, out, err);
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the output so far satisfies {@code ready}; fails if the process exits first. */
    void awaitOutput(Predicate<ChildCollector> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.test(this)) {
            if (!process.isAlive() && !ready.test(this)) {
                throw new AssertionError("collector exited with " + process.exitValue() + ": " + err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("collector output not ready within " + timeout + ": " + out() + err());
            }
            Thread.sleep(50);
        }
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("collector did not exit within " + timeout + ": " + err());
        }
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
