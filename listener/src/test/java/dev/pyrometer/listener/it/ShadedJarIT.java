/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The packaged jar: every class relocated under dev/pyrometer, no Spark or Scala, no signatures or module-info. */
class ShadedJarIT {
    @Test
    void everyClassLivesUnderPyrometersOwnPackages() throws Exception {
        List<String> foreign = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ZipFile jar = new ZipFile(Paths.get(System.getProperty("pyrometer.shadedJar")).toFile())) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                names.add(name);
                if (name.endsWith(".class") && !name.startsWith("dev/pyrometer/")) {
                    foreign.add(name);
                }
            }
        }
        assertThat(foreign).isEmpty();
        assertThat(names).contains("dev/pyrometer/listener/PyrometerListener.class",
                "dev/pyrometer/shaded/org/apache/kafka/clients/producer/KafkaProducer.class",
                "dev/pyrometer/shaded/org/apache/avro/Schema.class",
                "dev/pyrometer/shaded/net/jpountz/lz4/LZ4Factory.class",
                "dev/pyrometer/shaded/org/slf4j/impl/StaticLoggerBinder.class",
                "dev/pyrometer/event/TaskEnd.class");
        assertThat(names).noneMatch(n -> n.startsWith("dev/pyrometer/shaded/org/apache/spark/") || n.startsWith("dev/pyrometer/shaded/scala/"))
                .noneMatch(n -> n.endsWith("module-info.class") || n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA"));
    }
}
