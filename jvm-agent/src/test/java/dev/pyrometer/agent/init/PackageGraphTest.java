/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other without a cycle: {@code init} is the composition
 * root, {@code module} the kernel every feature builds on, and a feature package reaches only
 * the kernel, the leaves (config, stats, boot) and the Spark context bridge. Read from the
 * sources' references to {@code dev.pyrometer.agent.<package>}.
 */
class PackageGraphTest {
    private static final Path SOURCES = Paths.get("src/main/java/dev/pyrometer/agent");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.pyrometer\\.agent\\.([a-z0-9]+)\\.");

    private static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> deps = out.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void thePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> g = graph();
        assertThat(g).containsKeys("init", "module", "py4j", "processes", "serializer", "spark");
        for (String start : g.keySet()) {
            List<String> path = new ArrayList<>();
            path.add(start);
            assertNoCycle(g, start, path);
        }
    }

    @Test
    void onlyTheCompositionRootKnowsEveryFeature() throws IOException {
        Map<String, Set<String>> g = graph();
        for (Map.Entry<String, Set<String>> e : g.entrySet()) {
            if (!e.getKey().equals("init")) {
                assertThat(e.getValue()).as(e.getKey() + " depends on the composition root").doesNotContain("init");
            }
        }
        assertThat(g.get("module")).as("the kernel").isSubsetOf("config");
        for (String leaf : new String[] {"config", "stats", "boot"}) {
            assertThat(g.get(leaf)).as(leaf).isEmpty();
        }
    }

    private static void assertNoCycle(Map<String, Set<String>> g, String at, List<String> path) {
        for (String next : g.getOrDefault(at, new TreeSet<>())) {
            assertThat(path).as("cycle: " + String.join(" -> ", path) + " -> " + next).doesNotContain(next);
            path.add(next);
            assertNoCycle(g, next, path);
            path.remove(path.size() - 1);
        }
    }
}
