/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.agent.config.AgentConfig;
import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.event.PythonStackDump;
import dev.pyrometer.wire.CounterNames;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Owned by the agent's sampler thread. Python stack dumps of workers that have served one task
 * for longer than {@code python.dumps.after.ms}: where Spark has no periodic dumps of its own that
 * reach Pyrometer (3.5, 4.0; 4.1's go to the executor's stderr only), the agent sends the worker
 * SIGUSR2, on which the worker's faulthandler (armed by {@code pyrometer/pydumps/sitecustomize.py},
 * which {@code pyrometer submit --python-forensics} puts on the workers' PYTHONPATH) appends all
 * its threads' stacks to {@code <dump dir>/<pid>.dump}; the new part is sent as a
 * {@link PythonStackDump}. A worker is signalled only when that file exists and its command line
 * is PySpark's (an unarmed process would die of SIGUSR2). Bounded: {@code python.dumps.max} per
 * worker and task, {@code python.dumps.max.total} per JVM, {@code python.dumps.max.chars} each.
 */
public final class PythonStackDumps {
    private final long afterNanos;
    private final int maxPerTask;
    private final int maxChars;
    private int budget;
    private final File dir;
    private final ProcFs proc;
    /** Per pid: the task it was dumped for, how many dumps, how far its file was read. */
    private final Map<Long, long[]> state = new HashMap<>();

    PythonStackDumps(AgentConfig config, File dir, ProcFs proc) {
        this.afterNanos = TimeUnit.MILLISECONDS.toNanos(config.get(AgentConfig.PYTHON_DUMPS_AFTER_MS));
        this.maxPerTask = config.get(AgentConfig.PYTHON_DUMPS_MAX);
        this.budget = config.get(AgentConfig.PYTHON_DUMPS_MAX_TOTAL);
        this.maxChars = config.get(AgentConfig.PYTHON_DUMPS_MAX_CHARS);
        this.dir = dir;
        this.proc = proc;
    }

    /** Null when dumps are off ({@code python.dumps.after.ms=0}) or this is not Linux. */
    public static PythonStackDumps forThisJvm(AgentConfig config) {
        if (config.get(AgentConfig.PYTHON_DUMPS_AFTER_MS) <= 0 || !new File("/proc/self").isDirectory()) {
            return null;
        }
        return new PythonStackDumps(config, dumpDir(System.getenv()), ProcFs.system());
    }

    /** Where sitecustomize.py writes: $PYROMETER_PY_DUMP_DIR, else Python's tempfile.gettempdir() + /pyrometer-pydumps. */
    static File dumpDir(Map<String, String> env) {
        String own = env.get("PYROMETER_PY_DUMP_DIR");
        if (own != null && !own.isEmpty()) {
            return new File(own);
        }
        for (String key : new String[] {"TMPDIR", "TEMP", "TMP"}) {
            String v = env.get(key);
            if (v != null && !v.isEmpty()) {
                return new File(v, "pyrometer-pydumps");
            }
        }
        return new File("/tmp", "pyrometer-pydumps");
    }

    /** One pass over the workers serving a task; called on the sampler thread after each sample. */
    public void check(Emitter emitter, long nowMicros) {
        Set<Long> serving = PythonWorkerTasks.servingPids();
        for (Iterator<Long> it = state.keySet().iterator(); it.hasNext();) {
            long pid = it.next();
            if (!serving.contains(pid) && proc.cmdline(pid).isEmpty()) {
                it.remove();
                new File(dir, pid + ".dump").delete(); // the worker is gone: its file too
            }
        }
        long now = System.nanoTime();
        for (long pid : serving) {
            Long task = PythonWorkerTasks.taskOf(pid);
            Long since = PythonWorkerTasks.servingSince(pid);
            if (task == null || since == null) {
                continue;
            }
            long[] s = state.get(pid);
            if (s == null) {
                s = new long[] {task, 0, 0};
                state.put(pid, s);
            } else if (s[0] != task) {
                s[0] = task;
                s[1] = 0;
            }
            long serving_ = now - since;
            if (s[1] >= maxPerTask || serving_ < afterNanos * (s[1] + 1)) {
                continue;
            }
            if (budget <= 0) {
                emitter.counters().count(CounterNames.AGENT_PYTHON_DUMPS_CUT, 1);
                s[1] = maxPerTask;
                continue;
            }
            File file = new File(dir, pid + ".dump");
            if (!file.isFile() || !proc.cmdline(pid).contains("pyspark")) {
                s[1] = maxPerTask; // not armed: never signal it
                continue;
            }
            s[1]++;
            budget--;
            String text = signalAndRead(pid, file, s);
            if (text == null) {
                emitter.counters().count(CounterNames.AGENT_PYTHON_DUMPS_FAILED, 1);
                continue;
            }
            boolean cut = text.length() > maxChars;
            PythonStackDump d = PythonStackDump.newBuilder().setTimeMicros(nowMicros).setPid(pid).setTaskId(task)
                    .setOrdinal((int) s[1]).setServingMillis(TimeUnit.NANOSECONDS.toMillis(serving_))
                    .setText(cut ? text.substring(0, maxChars) : text).setTruncated(cut).build();
            emitter.offer(d, 64 + Math.min(text.length(), maxChars));
        }
    }

    /** Sends SIGUSR2 and reads what the worker appended (waits at most about a second), or null. */
    private static String signalAndRead(long pid, File file, long[] s) {
        try {
            long before = file.length();
            Process kill = new ProcessBuilder("kill", "-USR2", Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(2, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroy();
                return null;
            }
            long size = before;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(50);
                long now = file.length();
                if (now > before && now == size) {
                    break; // grown and no longer growing
                }
                size = now;
            }
            long from = Math.max(s[2], 0);
            long to = file.length();
            if (to <= from) {
                return null;
            }
            byte[] bytes = new byte[(int) Math.min(to - from, 1 << 20)];
            try (RandomAccessFile f = new RandomAccessFile(file, "r")) {
                f.seek(from);
                f.readFully(bytes);
            }
            s[2] = from + bytes.length;
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
