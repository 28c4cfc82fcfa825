package dev.pyrometer.agent.py4j;

/**
 * The Py4J commands in progress on one thread, preallocated: a command can nest when Java calls
 * back into Python, which calls Java again on the same pinned thread. Only its owner thread
 * touches it while it holds the slot.
 */
final class ThreadCalls {
    static final int MAX_DEPTH = 8;

    final int index;
    int depth;
    final long[] startNanos = new long[MAX_DEPTH];
    final Object[] target = new Object[MAX_DEPTH];
    final String[] method = new String[MAX_DEPTH];
    final long[] responseChars = new long[MAX_DEPTH];
    final boolean[] error = new boolean[MAX_DEPTH];
    final Object[] thrown = new Object[MAX_DEPTH];

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
    }

    void clear(int d) {
        target[d] = null;
        method[d] = null;
        thrown[d] = null;
    }
}
