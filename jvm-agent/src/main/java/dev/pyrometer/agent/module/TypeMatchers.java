/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.module;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Byte Buddy's type matcher of an instrumentation, derived from its {@link TypeNames}: nothing else can match. */
public final class TypeMatchers {
    private TypeMatchers() {
    }

    /** Exactly the declared names, and the pattern's names that pass the instrumentation's refinement. */
    public static ElementMatcher.Junction<TypeDescription> of(TypeInstrumentation t) {
        TypeNames names = t.targets();
        List<String> binary = new ArrayList<>();
        for (String n : names.exact()) {
            binary.add(TypeNames.binary(n));
        }
        ElementMatcher.Junction<TypeDescription> m = namedOneOf(binary.toArray(new String[0]));
        if (names.pattern() != null) {
            m = m.or(new PatternName(names.pattern()).and(t.patternRefinement()));
        }
        return m;
    }

    /** A name pattern as a Byte Buddy matcher (reads the name only). */
    private static final class PatternName extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        private final TypeNames.Pattern pattern;

        PatternName(TypeNames.Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean matches(TypeDescription target) {
            return pattern.matches(TypeNames.internal(target.getName()));
        }
    }
}
