/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON writing for exports and the HTTP API. {@link #forScript} also escapes {@code < > &}
 * and the JavaScript line separators, so that data from the Spark application embedded in a
 * {@code <script>} block can never close the block or inject markup.
 */
public final class Json {
    private static final ObjectMapper PLAIN = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final ObjectMapper SCRIPT_SAFE = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static {
        SCRIPT_SAFE.getFactory().setCharacterEscapes(new ScriptEscapes());
    }

    private Json() {
    }

    public static String write(Object value) {
        try {
            return PLAIN.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static String pretty(Object value) {
        try {
            return PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** JSON safe to place verbatim inside an HTML script element. */
    public static String forScript(Object value) {
        try {
            return SCRIPT_SAFE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static final class ScriptEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        ScriptEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}
