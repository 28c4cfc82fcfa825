/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in the command lines the agent reports. A command line carries whatever was
 * passed on it: the agent's own arguments (a Kafka SASL JAAS config with its password), a
 * {@code --conf spark.hadoop.fs.s3a.secret.key=...} on spark-submit, a {@code -Dtrust.password=...},
 * a {@code --password x} flag, a URL with {@code user:password@}. Three rules, applied before a
 * command line is cut to its length limit:
 * <ul>
 *   <li>{@code key=value} (also inside a comma-separated list and a JAAS config): the value goes
 *       when the key contains a secret word;</li>
 *   <li>{@code --key value} / {@code -key value}: the next argument goes when the flag contains
 *       a secret word;</li>
 *   <li>{@code scheme://user:password@host}: the password goes.</li>
 * </ul>
 * The secret words are Spark's default {@code spark.redaction.regex} and the listener's default
 * {@code redact.keys}, in any case. Redacting too much is accepted; keeping a secret is not.
 */
public final class CommandRedactor {
    /** What a secret becomes, as Spark writes it. */
    public static final String REDACTED = "*********(redacted)";

    /** Spark's default redaction regex and the listener's default redact.keys parts. */
    static final Pattern SECRET_WORD = Pattern.compile(
            "(?i)secret|password|passwd|token|access[.]key|sasl|jaas|ssl[.]key|keystore|truststore|credential|private[.]key");

    /** A key, then '=', then a quoted value (possibly cut before its closing quote) or a bare one. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "([A-Za-z0-9_.\\-]+)=(\"[^\"]*\"?|'[^']*'?|[^\\s,;\"']*)");
    /** A flag, whitespace, and the next argument when that is not itself a flag. */
    private static final Pattern FLAG_VALUE = Pattern.compile("(?<![^\\s])(--?[A-Za-z0-9_.\\-]+)(\\s+)(?!-)(\\S+)");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]+:)[^@\\s/]+@");

    private CommandRedactor() {
    }

    /** The command line with every secret value replaced by {@link #REDACTED}; the same string when there is none. */
    public static String redact(String command) {
        if (command == null || command.isEmpty() || !mayHoldSecret(command)) {
            return command;
        }
        String out = replace(ASSIGNMENT, command, 1, 2);
        out = replace(FLAG_VALUE, out, 1, 3);
        return URL_PASSWORD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "@");
    }

    private static boolean mayHoldSecret(String command) {
        return SECRET_WORD.matcher(command).find() || command.contains("://");
    }

    /** Replaces group {@code valueGroup} of every match whose group {@code keyGroup} holds a secret word. */
    private static String replace(Pattern pattern, String in, int keyGroup, int valueGroup) {
        Matcher m = pattern.matcher(in);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (!SECRET_WORD.matcher(m.group(keyGroup)).find() || m.group(valueGroup).isEmpty()
                    || m.group(valueGroup).equals(REDACTED)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(in.length());
            }
            out.append(in, copied, m.start(valueGroup)).append(REDACTED);
            copied = m.end(valueGroup);
        }
        if (out == null) {
            return in;
        }
        return out.append(in, copied, in.length()).toString();
    }
}
