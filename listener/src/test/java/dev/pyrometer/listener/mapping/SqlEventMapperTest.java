/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlEventMapperTest {
    @Test
    void keepsTheFirstLinesOfAPlan() {
        assertThat(SqlEventMapper.firstLines("a\nb\nc\n", 2)).isEqualTo("a\nb");
        assertThat(SqlEventMapper.firstLines("a\nb", 5)).isEqualTo("a\nb");
    }
}
