/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.module;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Builds {@link Advice} from the advice class's bytes instead of by reflection. Reflecting on an
 * advice class resolves its parameter types (say py4j.Gateway), which, while the transformer
 * runs inside the loading of that very class, makes the loader define it twice (LinkageError).
 */
public final class AdviceClasses {
    private static final ClassFileLocator LOCATOR = ClassFileLocator.ForClassLoader.of(AdviceClasses.class.getClassLoader());
    private static final TypePool POOL = TypePool.Default.of(LOCATOR);

    private AdviceClasses() {
    }

    public static Advice to(Class<?> adviceClass) {
        return Advice.to(POOL.describe(adviceClass.getName()).resolve(), LOCATOR);
    }

    public static Advice to(Advice.WithCustomMapping mapping, Class<?> adviceClass) {
        return mapping.to(POOL.describe(adviceClass.getName()).resolve(), LOCATOR);
    }
}
