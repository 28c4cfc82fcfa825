/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** docs/agent.md carries the argument table generated from {@link AgentConfig#TABLE}, verbatim. */
class AgentDocsTest {
    static final String BEGIN = "<!-- agent-arguments:begin (generated from AgentConfig.TABLE; AgentDocsTest checks it) -->\n";
    static final String END = "<!-- agent-arguments:end -->";

    @Test
    void docsTableEqualsTheCodesTable() throws Exception {
        Path doc = Paths.get("..", "docs", "agent.md");
        String text = new String(Files.readAllBytes(doc), StandardCharsets.UTF_8);
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        assertThat(b).as("begin marker in " + doc).isNotNegative();
        assertThat(e).as("end marker in " + doc).isGreaterThan(b);
        String expected = Settings.markdownTable(AgentConfig.TABLE, "");
        assertThat(text.substring(b + BEGIN.length(), e))
                .as("docs/agent.md is out of date; replace the table between the markers with:\n" + expected)
                .isEqualTo(expected);
    }
}
