/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, driven from the command line (dump the DOM after scripts ran, or a screenshot). */
public final class Chromium {
    private static final Path BINARY = Paths.get("/usr/bin/chromium");

    private Chromium() {
    }

    /** Fails with a clear message instead of skipping when the browser is not installed. */
    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's package with 'apt-get install -y chromium'");
        }
    }

    public static String dumpDom(String url, Path work) throws IOException, InterruptedException {
        Path out = work.resolve("dom-" + System.nanoTime() + ".html");
        run(work, out, "--dump-dom", url);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    public static void screenshot(String url, Path png, Path work) throws IOException, InterruptedException {
        run(work, work.resolve("shot.log"), "--screenshot=" + png.toAbsolutePath(), "--window-size=1200,2400",
                "--hide-scrollbars", url);
        if (!Files.exists(png)) {
            throw new AssertionError("chromium wrote no screenshot: " + Files.readString(work.resolve("shot.log")));
        }
    }

    private static void run(Path work, Path stdout, String... args) throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(work.resolve("chromium-" + System.nanoTime() + ".err").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium did not finish within 90 s");
        }
    }
}
