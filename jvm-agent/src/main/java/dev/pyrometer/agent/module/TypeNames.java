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

    private TypeNames(Set<String> exact, Pattern pattern) {
        this.exact = exact;
        this.pattern = pattern;
    }

    /** Exact binary names ({@code py4j.Gateway}, {@code a.B$C}). */
    public static TypeNames of(String... binaryNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String n : binaryNames) {
            names.add(internal(n));
        }
        return new TypeNames(Collections.unmodifiableSet(names), null);
    }

    /** These names and every name the pattern accepts. */
    public TypeNames or(Pattern p) {
        if (pattern != null) {
            throw new IllegalStateException("one pattern per instrumentation");
        }
        return new TypeNames(exact, p);
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

    public static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }

    public static String binary(String internalName) {
        return internalName.replace('/', '.');
    }
}
