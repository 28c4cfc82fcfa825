/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.diagnose;

import dev.pyrometer.collector.timeline.RunTimeline;
import dev.pyrometer.collector.timeline.RunTimeline.JvmPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessPoint;
import dev.pyrometer.collector.timeline.RunTimeline.ProcessSeries;
import java.util.Locale;

/** The dead JVM's heap and RSS and its Python workers' RSS in the samples just before its death. */
final class MemoryBeforeDeath {
    long heapUsed = -1;
    long heapMax = -1;
    long heapPeak = -1;
    long rssBytes = -1;
    long pythonBytes;
    int pythonProcesses;

    MemoryBeforeDeath(RunTimeline t, String exec, long deathMs) {
        long at = -1;
        for (JvmPoint p : t.jvmSamples()) {
            if (exec.equals(p.executorId()) && p.timeMs() <= deathMs && p.timeMs() >= deathMs - ExecutorDeaths.MEMORY_WINDOW_MS) {
                heapPeak = Math.max(heapPeak, p.heapUsed());
                if (p.timeMs() >= at) {
                    at = p.timeMs();
                    heapUsed = p.heapUsed();
                    heapMax = p.heapMax();
                    rssBytes = p.rssBytes();
                }
            }
        }
        for (ProcessSeries s : t.processes()) {
            if (!exec.equals(s.executorId()) || !s.kind().isPython()) {
                continue;
            }
            ProcessPoint last = null;
            for (ProcessPoint p : s.points()) {
                if (p.timeMs() <= deathMs && p.timeMs() >= deathMs - ExecutorDeaths.MEMORY_WINDOW_MS) {
                    last = p;
                }
            }
            if (last != null) {
                pythonBytes += last.rssBytes();
                pythonProcesses++;
            }
        }
    }

    boolean heapFull() {
        return heapMax > 0 && heapPeak >= 0.9 * heapMax;
    }

    boolean heapLow() {
        return heapMax > 0 && heapUsed >= 0 && heapUsed < 0.7 * heapMax;
    }

    String heapText() {
        if (heapMax <= 0) {
            return "no heap samples of this executor in the " + ExecutorDeaths.MEMORY_WINDOW_MS / 1000 + " s before";
        }
        return String.format(Locale.ROOT, "heap %s of %s at the last sample, peak %s", Units.bytes(heapUsed),
                Units.bytes(heapMax), Units.bytes(heapPeak));
    }

    String outsideText() {
        return (rssBytes >= 0 ? "JVM RSS " + Units.bytes(rssBytes) : "no JVM RSS sample") + ", Python workers "
                + (pythonProcesses == 0 ? "not sampled" : Units.bytes(pythonBytes) + " in " + pythonProcesses
                + " process" + (pythonProcesses == 1 ? "" : "es"));
    }

    String describe() {
        return heapText() + "; " + outsideText();
    }
}
