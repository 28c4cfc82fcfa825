/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.wire.CounterNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Byte Buddy's output kept on disk, so a JVM that loads the same classes as an earlier one with
 * the same agent never builds Byte Buddy at all (about 0.7 s of one thread's CPU, and the JIT
 * work it induces, in every Spark JVM).
 *
 * <p>An entry is the transformed class file for one input: its name is the SHA-256 of the class's
 * internal name and the exact bytes the JVM offered, so a different Spark, Py4J or JDK build is
 * a different entry, never a wrong one. Entries live in a namespace directory named by the
 * fingerprint of everything else the output depends on: the agent jar (path, size, modification
 * time), the Java version and the instrumentations this JVM installs. An entry holds the SHA-256
 * of its payload, checked on every read (a torn or damaged file is a miss, counted). Only a
 * transformation Byte Buddy made is stored; what it left alone, or failed on, is not.
 *
 * <p>The directory is used only when it is this user's alone: created owner-only, and refused
 * (with one line, counted) when it belongs to another user or others may write into it, since its
 * content becomes code in this JVM. At most {@link #MAX_NAMESPACES} namespaces are kept (older
 * agent builds' are deleted, oldest first) and each holds at most {@link #MAX_ENTRIES} entries.
 */
final class ClassCache {
    static final int MAX_NAMESPACES = 8;
    static final int MAX_ENTRIES = 512;
    private static final byte[] MAGIC = "PYRC1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    private static final String SUFFIX = ".class-cache";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path namespace;
    /** The agent's counters, asked each time: they move to the emitter's once it exists. */
    private final java.util.function.Supplier<LossCounters> counters;
    private final boolean existed;
    private final java.util.concurrent.atomic.AtomicInteger entries;

    private ClassCache(Path namespace, boolean existed, int entries, java.util.function.Supplier<LossCounters> counters) {
        this.namespace = namespace;
        this.existed = existed;
        this.entries = new java.util.concurrent.atomic.AtomicInteger(entries);
        this.counters = counters;
    }

    /**
     * The cache in {@code root} for this fingerprint, or null (after one info line) when the
     * directory cannot be used: not creatable, not this user's alone, not on a POSIX file system.
     */
    static ClassCache open(Path root, String fingerprint, java.util.function.Supplier<LossCounters> counters) {
        try {
            Path ns = root.resolve(fingerprint);
            String refused = ownDirectory(root);
            if (refused == null) {
                boolean existed = Files.isDirectory(ns, LinkOption.NOFOLLOW_LINKS);
                refused = ownDirectory(ns);
                if (refused == null) {
                    if (!existed) {
                        prune(root, ns);
                    }
                    return new ClassCache(ns, existed, count(ns), counters);
                }
            }
            counters.get().suppressed("agent.class_cache");
            HostLog.info("class cache off: " + refused);
        } catch (Throwable t) {
            counters.get().suppressed("agent.class_cache");
            HostLog.info("class cache off: " + root + " (" + t.getClass().getSimpleName() + ")");
        }
        return null;
    }

    /** Whether an earlier JVM with the same fingerprint stored entries here. */
    boolean warm() {
        return existed && entries.get() > 0;
    }

    int entries() {
        return entries.get();
    }

    Path directory() {
        return namespace;
    }

    /**
     * Whether a JVM with this class path stored every target on it ({@link #markComplete}): then
     * a class this JVM loads later is in the cache too, and Byte Buddy need not be built up front.
     */
    boolean complete(String classPathKey) {
        return Files.exists(namespace.resolve("complete-" + classPathKey), LinkOption.NOFOLLOW_LINKS);
    }

    /** Records that every target on this class path is stored. */
    void markComplete(String classPathKey) {
        try {
            Path marker = namespace.resolve("complete-" + classPathKey);
            if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(marker, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            }
        } catch (FileAlreadyExistsException e) {
            // Another JVM with the same class path marked it meanwhile.
        } catch (Throwable t) {
            counters.get().suppressed("agent.class_cache.write");
        }
    }

    /** Whether an entry for this input exists (not read, not counted). */
    boolean contains(String internalName, byte[] classfile) {
        return Files.exists(entry(internalName, classfile), LinkOption.NOFOLLOW_LINKS);
    }

    /** The transformed class file stored for this input, or null (a miss, counted). */
    byte[] lookup(String internalName, byte[] classfile) {
        Path file = entry(internalName, classfile);
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            counters.get().count(CounterNames.AGENT_CLASS_CACHE_MISSES, 1);
            return null;
        } catch (Throwable t) {
            counters.get().count(CounterNames.AGENT_CLASS_CACHE_MISSES, 1);
            counters.get().suppressed("agent.class_cache.read");
            return null;
        }
        byte[] payload = payload(stored);
        if (payload == null) {
            counters.get().count(CounterNames.AGENT_CLASS_CACHE_DAMAGED, 1);
            counters.get().count(CounterNames.AGENT_CLASS_CACHE_MISSES, 1);
            try {
                Files.deleteIfExists(file);
            } catch (Throwable t) {
                // Overwritten by the next store.
            }
            return null;
        }
        counters.get().count(CounterNames.AGENT_CLASS_CACHE_HITS, 1);
        return payload;
    }

    /** Keeps Byte Buddy's output for this input: written whole to a temporary file, then moved into place. */
    void store(String internalName, byte[] classfile, byte[] transformed) {
        if (transformed == null || entries.get() >= MAX_ENTRIES) {
            return;
        }
        Path file = entry(internalName, classfile);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(namespace, "entry", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            byte[] digest = sha256().digest(transformed);
            byte[] out = new byte[MAGIC.length + DIGEST_BYTES + transformed.length];
            System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
            System.arraycopy(digest, 0, out, MAGIC.length, DIGEST_BYTES);
            System.arraycopy(transformed, 0, out, MAGIC.length + DIGEST_BYTES, transformed.length);
            Files.write(tmp, out);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            entries.incrementAndGet();
            counters.get().count(CounterNames.AGENT_CLASS_CACHE_STORED, 1);
        } catch (Throwable t) {
            counters.get().suppressed("agent.class_cache.write");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (Throwable t) {
                    // A stray temporary file: never read as an entry, deleted with its namespace.
                }
            }
        }
    }

    /** The payload of a stored entry, or null when it is not one whole, intact entry. */
    static byte[] payload(byte[] stored) {
        int head = MAGIC.length + DIGEST_BYTES;
        if (stored.length <= head || !Arrays.equals(Arrays.copyOf(stored, MAGIC.length), MAGIC)) {
            return null;
        }
        byte[] payload = Arrays.copyOfRange(stored, head, stored.length);
        byte[] digest = Arrays.copyOfRange(stored, MAGIC.length, head);
        return MessageDigest.isEqual(digest, sha256().digest(payload)) ? payload : null;
    }

    private Path entry(String internalName, byte[] classfile) {
        MessageDigest md = sha256();
        md.update(internalName.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(classfile);
        return namespace.resolve(hex(md.digest()) + SUFFIX);
    }

    /**
     * The namespace for a fingerprint's parts: a hex digest, so no part (a path, a version) shapes
     * the directory's name.
     */
    static String fingerprint(List<String> parts) {
        MessageDigest md = sha256();
        for (String p : parts) {
            md.update(p.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return hex(md.digest()).substring(0, 32);
    }

    /**
     * The agent jar's identity (path, size, modification time), or null when the agent's classes
     * do not come from a jar file (a classes directory changes without a trace): then no cache.
     */
    static String jarIdentity(Class<?> agentClass) {
        try {
            java.security.CodeSource source = agentClass.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            File jar = new File(source.getLocation().toURI());
            if (!jar.isFile()) {
                return null;
            }
            return jar.getCanonicalPath() + "|" + jar.length() + "|" + jar.lastModified();
        } catch (Throwable t) {
            return null;
        }
    }

    /** The default root: {@code $XDG_CACHE_HOME/pyrometer/agent-classes}, else under {@code ~/.cache}; null without a home. */
    static Path defaultRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Paths.get(xdg, "pyrometer", "agent-classes");
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isEmpty() || home.equals("?")) {
            return null;
        }
        return Paths.get(home, ".cache", "pyrometer", "agent-classes");
    }

    /**
     * Creates the directory owner-only if missing (its missing parents as the system makes
     * them), then checks it is a real directory of this user's that no one else may write into;
     * returns why not, or null.
     */
    static String ownDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException e) {
                // Another JVM made it meanwhile: checked below like any existing one.
            } catch (UnsupportedOperationException e) {
                return dir + " is not on a POSIX file system";
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return dir + " is not a directory";
        }
        Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object self = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
        if (!owner.equals(self)) {
            return dir + " belongs to another user";
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            return dir + " is writable by others";
        }
        return null;
    }

    /** Deletes the oldest namespaces (and their entries) beyond {@link #MAX_NAMESPACES}, keeping {@code keep}. */
    static void prune(Path root, Path keep) {
        List<Path> namespaces = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (!p.equals(keep) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    namespaces.add(p);
                }
            }
        } catch (Throwable t) {
            return;
        }
        int excess = namespaces.size() + 1 - MAX_NAMESPACES;
        if (excess <= 0) {
            return;
        }
        Collections.sort(namespaces, (a, b) -> modified(a).compareTo(modified(b)));
        for (Path ns : namespaces.subList(0, excess)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(ns)) {
                for (Path f : ds) {
                    Files.deleteIfExists(f);
                }
            } catch (Throwable t) {
                // What is left is tried again by the next prune.
            }
            try {
                Files.deleteIfExists(ns);
            } catch (Throwable t) {
                // Same.
            }
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (Throwable t) {
            return FileTime.fromMillis(0);
        }
    }

    private static int count(Path ns) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ns, "*" + SUFFIX)) {
            for (Path ignored : ds) {
                n++;
            }
        } catch (Throwable t) {
            return 0;
        }
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
