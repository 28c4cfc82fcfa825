/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench.py4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;

/**
 * Defines the py4j classes and {@link GatewayCall} itself, passing each class file through a
 * transformer first (the agent's, or none), the way the JVM passes classes through an agent's
 * transformer. Everything else comes from the parent, so the advice's recorder is the one the
 * benchmark sees.
 */
public final class Py4jLoader extends ClassLoader {
    private final ClassFileTransformer transformer;

    public Py4jLoader(ClassLoader parent, ClassFileTransformer transformer) {
        super(parent);
        this.transformer = transformer;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("py4j.") && !name.startsWith(GatewayCall.class.getName())) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = read(name);
                if (transformer != null) {
                    try {
                        byte[] changed = transformer.transform(this, name.replace('.', '/'), null, null, bytes);
                        if (changed != null) {
                            bytes = changed;
                        }
                    } catch (Exception e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private byte[] read(String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
