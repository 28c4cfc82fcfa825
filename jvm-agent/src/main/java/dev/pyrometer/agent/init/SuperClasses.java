/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.init;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a class extends one of a few classes, decided from class files alone: the super class
 * name is read from the constant pool (a walk over its entries' lengths, nothing decoded but one
 * string), and the super class's own file is read through the loader when the chain must go on.
 * This is what the pre-filter asks of a pattern name (the Python runner's writer candidates)
 * before Byte Buddy is offered the class: a type pool description of the class and of every
 * Scala super type it has cost about a second of CPU over Spark's core, catalyst and sql jars.
 *
 * <p>Answers are remembered per class name, bounded; a class file that cannot be read or parsed
 * answers "yes", so Byte Buddy's own super type check decides as it did before.
 */
final class SuperClasses {
    /** Longest chain followed; Spark's writers are two or three classes below the base writer. */
    private static final int MAX_DEPTH = 12;
    private static final int MAX_REMEMBERED = 4096;
    private static final int MAX_CLASS_FILE = 8 << 20;

    private final Set<String> targets;
    /** Only the names the chain can reach the targets through are followed (others cannot extend them). */
    private final String within;
    private final ConcurrentHashMap<String, Boolean> known = new ConcurrentHashMap<>();

    /**
     * @param targets internal names of the super classes
     * @param within  internal-name prefix of every class that may lie between (the targets' library)
     */
    SuperClasses(Set<String> targets, String within) {
        this.targets = targets;
        this.within = within;
    }

    /** Whether the class in {@code classfile} is one of the targets or has one among its super classes. */
    boolean extendsAny(String internalName, byte[] classfile, ClassLoader loader) {
        if (targets.contains(internalName)) {
            return true;
        }
        Boolean k = known.get(internalName);
        if (k != null) {
            return k;
        }
        String parent = superName(classfile);
        boolean answer = parent == null || reaches(parent, loader, 1);
        remember(internalName, answer);
        return answer;
    }

    private boolean reaches(String name, ClassLoader loader, int depth) {
        if (targets.contains(name)) {
            return true;
        }
        if (!name.startsWith(within)) {
            return false;
        }
        Boolean k = known.get(name);
        if (k != null) {
            return k;
        }
        if (depth >= MAX_DEPTH) {
            return true;
        }
        byte[] bytes = read(name, loader);
        String parent = bytes == null ? null : superName(bytes);
        boolean answer = parent == null || reaches(parent, loader, depth + 1);
        remember(name, answer);
        return answer;
    }

    private void remember(String name, boolean answer) {
        if (known.size() < MAX_REMEMBERED) {
            known.put(name, answer);
        }
    }

    /** A class file through the loader (the system one for null), or null when absent, unreadable or too large. */
    static byte[] read(String internalName, ClassLoader loader) {
        String resource = internalName + ".class";
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource) : ClassLoader.getSystemResourceAsStream(resource)) {
            return in == null ? null : readAll(in);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A class file's bytes from a stream, or null past {@code MAX_CLASS_FILE}. */
    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0;) {
            out.write(buf, 0, n);
            if (out.size() > MAX_CLASS_FILE) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /**
     * The super class's internal name from a class file (JVMS 4.1, 4.4), null for
     * {@code java/lang/Object}, a module-info or anything that is not a well-formed class file.
     */
    static String superName(byte[] b) {
        try {
            if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
                return null;
            }
            int count = u2(b, 8);
            int[] at = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                at[i] = p;
                int tag = b[p] & 0xFF;
                switch (tag) {
                    case 1: // Utf8
                        p += 3 + u2(b, p + 1);
                        break;
                    case 3: case 4: // Integer, Float
                    case 9: case 10: case 11: case 12: // Field/Method/InterfaceMethod ref, NameAndType
                    case 17: case 18: // Dynamic, InvokeDynamic
                        p += 5;
                        break;
                    case 5: case 6: // Long, Double: two entries
                        p += 9;
                        i++;
                        break;
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        p += 3;
                        break;
                    case 15: // MethodHandle
                        p += 4;
                        break;
                    default:
                        return null;
                }
            }
            int superIndex = u2(b, p + 4);
            if (superIndex == 0 || superIndex >= count || (b[at[superIndex]] & 0xFF) != 7) {
                return null;
            }
            int utf = at[u2(b, at[superIndex] + 1)];
            if ((b[utf] & 0xFF) != 1) {
                return null;
            }
            return new String(b, utf + 3, u2(b, utf + 1), StandardCharsets.UTF_8);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }
}
