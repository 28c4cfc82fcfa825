package dev.pyrometer.agent.sampling;

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
            // After ") ": field 3 (state) is index 0, so field n is index n - 3.
            String[] f = line.substring(close + 2).trim().split(" +");
            if (f.length < 22 || f[0].isEmpty()) {
                return null;
            }
            long ppid = Long.parseLong(f[4 - 3]);
            long utime = Long.parseLong(f[14 - 3]);
            long stime = Long.parseLong(f[15 - 3]);
            long cutime = Long.parseLong(f[16 - 3]);
            long cstime = Long.parseLong(f[17 - 3]);
            long start = Long.parseLong(f[22 - 3]);
            long rss = Long.parseLong(f[24 - 3]);
            return new ProcStat(pid, comm, f[0].charAt(0), ppid, utime + stime, cutime + cstime, start, rss);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
