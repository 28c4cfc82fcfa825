/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.CounterNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassCacheTest {
    private static final byte[] ORIGINAL = "original class file".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TRANSFORMED = "transformed class file".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final LossCounters counters = new LossCounters();

    @Test
    void aStoredTransformationIsFoundForTheSameNameAndBytesOnly() throws Exception {
        Path root = dir.resolve("cache");
        ClassCache cold = ClassCache.open(root, "ns", () -> counters);
        assertThat(cold.warm()).isFalse();
        assertThat(cold.lookup("py4j/Gateway", ORIGINAL)).isNull();
        cold.store("py4j/Gateway", ORIGINAL, TRANSFORMED);

        ClassCache warm = ClassCache.open(root, "ns", () -> counters);
        assertThat(warm.warm()).isTrue();
        assertThat(warm.entries()).isEqualTo(1);
        assertThat(warm.lookup("py4j/Gateway", ORIGINAL)).isEqualTo(TRANSFORMED);
        assertThat(warm.lookup("py4j/Protocol", ORIGINAL)).as("another name").isNull();
        assertThat(warm.lookup("py4j/Gateway", Arrays.copyOf(ORIGINAL, ORIGINAL.length + 1))).as("other bytes").isNull();
        assertThat(ClassCache.open(root, "other-agent", () -> counters).lookup("py4j/Gateway", ORIGINAL)).as("another namespace").isNull();

        assertThat(counters.counter(CounterNames.AGENT_CLASS_CACHE_STORED)).isEqualTo(1);
        assertThat(counters.counter(CounterNames.AGENT_CLASS_CACHE_HITS)).isEqualTo(1);
        assertThat(counters.counter(CounterNames.AGENT_CLASS_CACHE_MISSES)).isEqualTo(4);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("ns")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entries(root.resolve("ns")).get(0))))
                .isEqualTo("rw-------");
    }

    @Test
    void aClassPathIsCompleteOnlyOnceMarkedAndEntriesAreSeenWithoutCounting() {
        ClassCache cache = ClassCache.open(dir, "ns", () -> counters);
        assertThat(cache.complete("cp1")).isFalse();
        assertThat(cache.contains("a/B", ORIGINAL)).isFalse();
        cache.store("a/B", ORIGINAL, TRANSFORMED);
        cache.markComplete("cp1");
        cache.markComplete("cp1");
        ClassCache again = ClassCache.open(dir, "ns", () -> counters);
        assertThat(again.complete("cp1")).isTrue();
        assertThat(again.complete("cp2")).as("another class path").isFalse();
        assertThat(again.contains("a/B", ORIGINAL)).isTrue();
        assertThat(again.entries()).as("markers are not entries").isEqualTo(1);
        assertThat(counters.counter(CounterNames.AGENT_CLASS_CACHE_HITS)
                + counters.counter(CounterNames.AGENT_CLASS_CACHE_MISSES)).isZero();
        assertThat(counters.totalSuppressed()).isZero();
    }

    @Test
    void aDamagedOrTornEntryIsAMissCountedAndDeleted() throws Exception {
        ClassCache cache = ClassCache.open(dir, "ns", () -> counters);
        cache.store("a/B", ORIGINAL, TRANSFORMED);
        Path entry = entries(dir.resolve("ns")).get(0);
        byte[] stored = Files.readAllBytes(entry);
        stored[stored.length - 1] ^= 1;
        Files.write(entry, stored);
        assertThat(cache.lookup("a/B", ORIGINAL)).isNull();
        assertThat(counters.counter(CounterNames.AGENT_CLASS_CACHE_DAMAGED)).isEqualTo(1);
        assertThat(entry).doesNotExist();

        cache.store("a/B", ORIGINAL, TRANSFORMED);
        Files.write(entry, Arrays.copyOf(Files.readAllBytes(entry), 20));
        assertThat(cache.lookup("a/B", ORIGINAL)).as("torn").isNull();
        assertThat(counters.counter(CounterNames.AGENT_CLASS_CACHE_DAMAGED)).isEqualTo(2);
        assertThat(ClassCache.payload(new byte[0])).isNull();
    }

    @Test
    void aDirectoryOthersMayWriteIntoIsRefused() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(ClassCache.open(shared, "ns", () -> counters)).isNull();
        assertThat(counters.suppressedCount("agent.class_cache")).isEqualTo(1);
        assertThat(shared.resolve("ns")).doesNotExist();

        Path root = Files.createDirectory(dir.resolve("root"));
        Path ns = Files.createDirectory(root.resolve("ns"));
        Files.setPosixFilePermissions(ns, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(ClassCache.open(root, "ns", () -> counters)).as("a group-writable namespace").isNull();

        Path file = Files.createFile(dir.resolve("file"));
        assertThat(ClassCache.open(file, "ns", () -> counters)).as("not a directory").isNull();
        assertThat(counters.suppressedCount("agent.class_cache")).isEqualTo(3);
    }

    @Test
    void onlyTheNewestNamespacesAreKept() throws Exception {
        for (int i = 0; i < ClassCache.MAX_NAMESPACES + 3; i++) {
            ClassCache c = ClassCache.open(dir, "agent-" + i, () -> counters);
            c.store("a/B", ORIGINAL, TRANSFORMED);
            Files.setLastModifiedTime(c.directory(), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        List<String> left;
        try (Stream<Path> s = Files.list(dir)) {
            left = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertThat(left).hasSize(ClassCache.MAX_NAMESPACES).doesNotContain("agent-0", "agent-1", "agent-2").contains("agent-10");
    }

    @Test
    void theFingerprintDependsOnEveryPartAndNotOnHowTheyAreJoined() {
        String a = ClassCache.fingerprint(Arrays.asList("jar|1|2", "17.0.1"));
        assertThat(a).hasSize(32).matches("[0-9a-f]+").isEqualTo(ClassCache.fingerprint(Arrays.asList("jar|1|2", "17.0.1")));
        assertThat(ClassCache.fingerprint(Arrays.asList("jar|1|2", "17.0.2"))).isNotEqualTo(a);
        assertThat(ClassCache.fingerprint(Arrays.asList("jar|1|217.0.1"))).isNotEqualTo(a);
    }

    @Test
    void theAgentJarIsIdentifiedOnlyWhenItsClassesComeFromAJar() {
        assertThat(ClassCache.jarIdentity(ClassCacheTest.class)).as("test classes directory").isNull();
        assertThat(ClassCache.jarIdentity(Test.class)).contains("junit-jupiter-api").matches(".*\\|\\d+\\|\\d+");
    }

    private static List<Path> entries(Path ns) throws Exception {
        try (Stream<Path> s = Files.list(ns)) {
            return s.filter(p -> p.toString().endsWith(".class-cache")).collect(Collectors.toList());
        }
    }
}
