/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.it.child;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a process tree of known shape under this JVM: Python children that each hold a given
 * number of MiB (one of them exits after a few seconds), and a real {@code pyspark.daemon} with
 * one forked worker (connected the way Spark's PythonWorkerFactory does). Prints
 * "READY holders=p1,p2 exiting=p3 daemon=d worker=w". Then starts a Python "reaper" that runs a
 * CPU-burning Python subprocess to its end (so only the reaper's reaped-children CPU shows it)
 * and 20 short {@code sh -c 'sleep 0.05'} processes at once, waits for them, prints
 * "SHORT pids=s1,...,s20 reaper=r burned_ms=n" and waits to be killed.
 *
 * <p>usage: ProcessTreeMain PYTHON MIB EXIT_AFTER_SECONDS
 */
public final class ProcessTreeMain {
    private ProcessTreeMain() {
    }

    public static void main(String[] args) throws Exception {
        String python = args[0];
        int mib = Integer.parseInt(args[1]);
        int exitAfter = Integer.parseInt(args[2]);
        List<Process> keep = new ArrayList<>();
        Process a = holder(python, mib, 3600);
        Process b = holder(python, mib, 3600);
        Process c = holder(python, mib, exitAfter);
        keep.add(a);
        keep.add(b);
        keep.add(c);
        ProcessBuilder dpb = new ProcessBuilder(python, "-m", "pyspark.daemon");
        dpb.environment().put("PYTHON_WORKER_FACTORY_SECRET", "pyrometer-test");
        dpb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process daemon = dpb.start();
        keep.add(daemon);
        int port = new DataInputStream(daemon.getInputStream()).readInt();
        Socket s = connect(port);
        int worker = new DataInputStream(s.getInputStream()).readInt();
        System.out.println("READY holders=" + a.pid() + "," + b.pid() + " exiting=" + c.pid()
                + " daemon=" + daemon.pid() + " worker=" + worker);
        System.out.flush();

        String burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4:\n    pass\n";
        String reap = "import subprocess, sys, time, resource\n"
                + "subprocess.run([sys.executable, '-c', " + pyString(burn) + "], check=True)\n"
                + "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
                + "print('REAPED %d' % int((r.ru_utime + r.ru_stime) * 1000), flush=True)\n"
                + "time.sleep(3600)\n";
        Process reaper = new ProcessBuilder(python, "-c", reap).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        keep.add(reaper);
        String reaped = new BufferedReader(new InputStreamReader(reaper.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (reaped == null || !reaped.startsWith("REAPED ")) {
            throw new IllegalStateException("python reaper said " + reaped);
        }
        List<Process> shorts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            shorts.add(new ProcessBuilder("sh", "-c", "sleep 0.05").start());
        }
        StringBuilder pids = new StringBuilder();
        for (Process p : shorts) {
            p.waitFor();
            pids.append(pids.length() == 0 ? "" : ",").append(p.pid());
        }
        System.out.println("SHORT pids=" + pids + " reaper=" + reaper.pid() + " burned_ms=" + reaped.substring(7));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("'", "\\'") + "'";
    }

    /** A Python process holding {@code mib} MiB of touched memory; returns once it holds it. */
    private static Process holder(String python, int mib, int seconds) throws IOException {
        String code = "import sys, time\n"
                + "b = b'\\x01' * (" + mib + " * 1024 * 1024)\n"
                + "print('HOLDING', flush=True)\n"
                + "time.sleep(" + seconds + ")\n";
        Process p = new ProcessBuilder(python, "-c", code).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (!"HOLDING".equals(line)) {
            throw new IllegalStateException("python holder said " + line);
        }
        return p;
    }

    /** pyspark.daemon listens on ::1 when it can, else on 127.0.0.1. */
    private static Socket connect(int port) throws IOException {
        try {
            return new Socket(InetAddress.getByName("::1"), port);
        } catch (IOException e) {
            return new Socket(InetAddress.getByName("127.0.0.1"), port);
        }
    }
}
