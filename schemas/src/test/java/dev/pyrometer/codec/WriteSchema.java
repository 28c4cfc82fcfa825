/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

import dev.pyrometer.event.Event;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Writes the current envelope schema to a file (used by schemas/update-history.sh). */
public final class WriteSchema {
    private WriteSchema() {
    }

    public static void main(String[] args) throws Exception {
        Files.write(Paths.get(args[0]), (Event.getClassSchema().toString(true) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
