/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials in free text a client sent (a Spark Connect statement, an error message
 * quoting it) before it leaves the server: values of secret-looking keys in {@code key=value},
 * {@code key: value}, {@code "key": "value"}, SQL {@code key 'value'} and protobuf-text {@code key: "..." value: "..."}
 * forms, passwords in URLs ({@code scheme://user:secret@host}), and whatever Spark's own
 * {@code spark.redaction.string.regex} matches. Secret-looking means what {@link ConfRedactor}
 * hides: the key matches Spark's {@code spark.redaction.regex} or Pyrometer's {@code redact.keys}.
 */
public final class TextRedactor {
    // Every quantifier is possessive and bounded: the text is a client's, and a backtracking
    // pattern would let one long statement hold Spark's listener bus for minutes.
    // A double-quoted string with backslash escapes, unrolled so no alternation repeats (Java's
    // regex engine recurses per repetition of an alternation: a long string would overflow the stack).
    private static final String QUOTED = "\"[^\"\\\\]{0,65536}+(?:\\\\.[^\"\\\\]{0,65536}+){0,256}+\"";
    private static final String VALUE = "(" + QUOTED + "|'[^']{0,65536}+'|[^\\s,;&)}\\]]{1,65536}+)";
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?<![\\w.\\-])([\\w.\\-]{1,128}+)([\"']?\\s{0,64}+(?:=>|=|:)\\s{0,64}+|\\s{1,64}+(?=['\"]))" + VALUE);
    /** Protobuf text of a map entry, as Connect writes options: key: "password" value: "x". */
    private static final Pattern PROTO_ENTRY = Pattern.compile(
            "(key:\\s{0,64}+\"([^\"\\\\]{0,1024}+)\"\\s{0,64}+value:\\s{0,64}+)" + QUOTED);
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]{1,256}+:)[^@\\s/]{1,256}+@");

    private final ConfRedactor keys;
    private final Pattern sparkStringRegex;

    /**
     * @param keys             decides which keys are secret
     * @param sparkStringRegex Spark's {@code spark.redaction.string.regex} (null or invalid: none)
     */
    public TextRedactor(ConfRedactor keys, String sparkStringRegex) {
        this.keys = keys;
        this.sparkStringRegex = compileOrNull(sparkStringRegex);
    }

    private static Pattern compileOrNull(String regex) {
        if (regex == null || regex.trim().isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code text} with every credential it shows replaced by {@link ConfRedactor#REDACTED}; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replaceValues(PROTO_ENTRY, text, 2);
        out = replaceValues(KEY_VALUE, out, 1);
        out = URL_PASSWORD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(ConfRedactor.REDACTED) + "@");
        if (sparkStringRegex != null) {
            out = sparkStringRegex.matcher(out).replaceAll(Matcher.quoteReplacement(ConfRedactor.REDACTED));
        }
        return out;
    }

    /** Replaces the value after group 1 (the kept prefix) where group {@code keyGroup} is a secret key. */
    private String replaceValues(Pattern p, String text, int keyGroup) {
        Matcher m = p.matcher(text);
        StringBuilder sb = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            int valueStart = keyGroup == 1 ? m.end(2) : m.end(1);
            if (!keys.isSecret(m.group(keyGroup), null)) {
                // Not a secret: look again inside its value (a URL may carry ?token=...).
                from = Math.max(valueStart, m.start() + 1);
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, copied, valueStart).append('"').append(ConfRedactor.REDACTED).append('"');
            copied = m.end();
            from = m.end();
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, copied, text.length()).toString();
    }
}
