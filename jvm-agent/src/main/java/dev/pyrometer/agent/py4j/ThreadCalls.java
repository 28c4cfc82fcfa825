/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.py4j;

/**
 * The Py4J commands in progress on one thread, preallocated: a command can nest when Java calls
 * back into Python, which calls Java again on the same pinned thread. Only its owner thread
 * touches it while it holds the slot.
 */
final class ThreadCalls {
    static final int MAX_DEPTH = 8;
    /** Spark jobs kept per command; more are counted, not kept. */
    static final int MAX_JOBS = 8;
    private static final int[] NO_JOBS = new int[0];

    final int index;
    int depth;
    final long[] startNanos = new long[MAX_DEPTH];
    final Object[] target = new Object[MAX_DEPTH];
    final String[] method = new String[MAX_DEPTH];
    final long[] responseChars = new long[MAX_DEPTH];
    final boolean[] error = new boolean[MAX_DEPTH];
    final Object[] thrown = new Object[MAX_DEPTH];
    final int[] jobCount = new int[MAX_DEPTH];
    final int[] jobIds = new int[MAX_DEPTH * MAX_JOBS];

    ThreadCalls(int index) {
        this.index = index;
    }

    void begin(int d, long now) {
        startNanos[d] = now;
        target[d] = null;
        method[d] = null;
        responseChars[d] = -1;
        error[d] = false;
        thrown[d] = null;
        jobCount[d] = 0;
    }

    /** Keeps a job submitted during the command at depth d; false when its slots are full. */
    boolean addJob(int d, int jobId) {
        int n = jobCount[d];
        if (n >= MAX_JOBS) {
            return false;
        }
        jobIds[d * MAX_JOBS + n] = jobId;
        jobCount[d] = n + 1;
        return true;
    }

    /** A copy of the jobs of the command at depth d (only for an outlier, off the common path). */
    int[] jobs(int d) {
        int n = jobCount[d];
        if (n == 0) {
            return NO_JOBS;
        }
        int[] out = new int[n];
        System.arraycopy(jobIds, d * MAX_JOBS, out, 0, n);
        return out;
    }

    void clear(int d) {
        target[d] = null;
        method[d] = null;
        thrown[d] = null;
    }
}
