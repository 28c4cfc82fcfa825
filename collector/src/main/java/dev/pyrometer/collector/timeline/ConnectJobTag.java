/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job tag a Spark Connect server puts in {@code spark.job.tags} of every job of an operation:
 * {@code SparkConnect_OperationTag_User_<user>_Session_<session>_Operation_<operation>}. Spark
 * 3.5.0 to 3.5.6 wrote the session id after {@code User_} and the user id after
 * {@code Session_}; session ids are UUIDs, so a UUID in the user position and none in the session
 * position is read as that swap.
 */
public record ConnectJobTag(String userId, String sessionId, String operationId) {
    static final String PREFIX = "SparkConnect_OperationTag_";
    private static final Pattern FORMAT = Pattern.compile("SparkConnect_OperationTag_User_(.*)_Session_(.*)_Operation_(.+)");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The parsed tag, or null when {@code tag} is not a Connect operation tag. */
    public static ConnectJobTag parse(String tag) {
        if (tag == null || !tag.startsWith(PREFIX)) {
            return null;
        }
        Matcher m = FORMAT.matcher(tag);
        if (!m.matches()) {
            return null;
        }
        String user = m.group(1);
        String session = m.group(2);
        if (UUID.matcher(user).matches() && !UUID.matcher(session).matches()) {
            return new ConnectJobTag(session, user, m.group(3));
        }
        return new ConnectJobTag(user, session, m.group(3));
    }
}
