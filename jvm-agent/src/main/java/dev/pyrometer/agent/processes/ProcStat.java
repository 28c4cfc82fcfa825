/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

/**
 * The fields Pyrometer uses from one {@code /proc/<pid>/stat} line. The command name sits in
 * parentheses and may itself hold spaces and parentheses, so fields are counted after the last ')'.
 */
final class ProcStat {
    final long pid;
    final String comm;
    final char state;
    final long ppid;
    final long cpuTicks;
    /** cutime + cstime: CPU of the children this process waited for (they report it once reaped). */
    final long reapedChildrenCpuTicks;
    final long startTicks;
    final long rssPages;

    private ProcStat(long pid, String comm, char state, long ppid, long cpuTicks, long reapedChildrenCpuTicks, long startTicks,
            long rssPages) {
        this.pid = pid;
        this.comm = comm;
        this.state = state;
        this.ppid = ppid;
        this.cpuTicks = cpuTicks;
        this.reapedChildrenCpuTicks = reapedChildrenCpuTicks;
        this.startTicks = startTicks;
        this.rssPages = rssPages;
    }

    /**
     * A zombie, a dead process, or one whose memory the kernel already released on its way out
     * (a live user process always has resident pages): it counts as exited, so its last live
     * values are the ones reported, not a process with no memory.
     */
    boolean gone() {
        return state == 'Z' || state == 'X' || state == 'x' || rssPages == 0;
    }

    /** Indexes after the command name: field n of proc(5) is index n - 3. */
    private static final int PPID = 4 - 3;
    private static final int UTIME = 14 - 3;
    private static final int STIME = 15 - 3;
    private static final int CUTIME = 16 - 3;
    private static final int CSTIME = 17 - 3;
    private static final int START = 22 - 3;
    private static final int RSS = 24 - 3;
    private static final boolean[] NEEDED = new boolean[RSS + 1];

    static {
        for (int i : new int[] {PPID, UTIME, STIME, CUTIME, CSTIME, START, RSS}) {
            NEEDED[i] = true;
        }
    }

    /** Parses a stat line; null when it is not one. */
    static ProcStat parse(String line) {
        if (line == null) {
            return null;
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open || close + 2 > line.length()) {
            return null;
        }
        try {
            long pid = Long.parseLong(line.substring(0, open).trim());
            String comm = line.substring(open + 1, close);
            // After ") ": field 3 (state) is index 0, so field n is index n - 3. Split by hand (no
            // regular expression): this runs for every process of the tree on every tick.
            long[] f = new long[RSS + 1];
            char state = 0;
            int i = close + 1;
            int end = line.length();
            for (int n = 0; n <= RSS; n++) {
                while (i < end && line.charAt(i) == ' ') {
                    i++;
                }
                int from = i;
                while (i < end && line.charAt(i) != ' ' && line.charAt(i) != '\n') {
                    i++;
                }
                if (from == i) {
                    return null;
                }
                if (n == 0) {
                    state = line.charAt(from);
                } else if (NEEDED[n]) {
                    f[n] = Long.parseLong(line.substring(from, i));
                }
            }
            return new ProcStat(pid, comm, state, f[PPID], f[UTIME] + f[STIME], f[CUTIME] + f[CSTIME], f[START], f[RSS]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
