/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.module;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class names one instrumentation may transform: exact names, plus at most one name
 * pattern for targets known only by a super type (the Python runner's writers). Held in the
 * JVM's internal form ({@code java/lang/ProcessBuilder}) because that is what a class-file
 * transformer is handed. Plain Java: the agent's pre-filter asks it on every class-loading
 * thread before Byte Buddy is loaded, or even built.
 */
public final class TypeNames {
    /** A rule over internal names; it must decide from the name alone, and cheaply. */
    public interface Pattern {
        boolean matches(String internalName);
    }

    private final Set<String> exact;
    private final Pattern pattern;
    private final Set<String> superClasses;

    private TypeNames(Set<String> exact, Pattern pattern, Set<String> superClasses) {
        this.exact = exact;
        this.pattern = pattern;
        this.superClasses = superClasses;
    }

    /** Exact binary names ({@code py4j.Gateway}, {@code a.B$C}). */
    public static TypeNames of(String... binaryNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : binaryNames) {
            names.add(internal(n));
        }
        return new TypeNames(Collections.unmodifiableSet(names), null, Collections.<String>emptySet());
    }

    /** These names and every name the pattern accepts. */
    public TypeNames or(Pattern p) {
        if (pattern != null) {
            throw new IllegalStateException("one pattern per instrumentation");
        }
        return new TypeNames(exact, p, superClasses);
    }

    /**
     * Of the pattern's names, only the classes whose chain of super classes reaches one of these
     * (binary names). The pre-filter decides it from the class file's bytes and those of its
     * super classes (the constant pool's super class entry, no parse of anything else), so Byte
     * Buddy is never offered the many pattern names that are not targets.
     */
    public TypeNames extending(String... binaryNames) {
        if (pattern == null) {
            throw new IllegalStateException("super classes refine a pattern");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String n : binaryNames) {
            names.add(internal(n));
        }
        return new TypeNames(exact, pattern, Collections.unmodifiableSet(names));
    }

    public boolean matches(String internalName) {
        return exact.contains(internalName) || (pattern != null && pattern.matches(internalName));
    }

    /** The exact names, internal form. */
    public Set<String> exact() {
        return exact;
    }

    /** The pattern, or null. */
    public Pattern pattern() {
        return pattern;
    }

    /** The super classes (internal form) a pattern name must extend to be a target; empty when its name suffices. */
    public Set<String> superClasses() {
        return superClasses;
    }

    public static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }

    public static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}
