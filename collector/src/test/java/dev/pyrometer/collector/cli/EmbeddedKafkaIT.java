/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    @TempDir
    Path dir;

    @Test
    void startsWithAClusterIdThatLooksLikeAnOption() throws Exception {
        // One random id in 64 starts with '-'; the storage tool once read it as an option and the demo failed.
        Files.writeString(dir.resolve("cluster.id"), "-" + "AbCdEfGhIjKlMnOpQrStUv".substring(0, 21));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0, 1)) {
            String[] hp = kafka.bootstrapServers().split(":");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 5000);
                assertThat(s.isConnected()).isTrue();
            }
        }
    }
}
