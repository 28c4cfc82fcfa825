/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.eventlog.EventLogFiles;
import dev.pyrometer.collector.eventlog.EventLogImporter;
import dev.pyrometer.collector.store.RunStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Spark event logs into the store, as runs. */
@Command(name = "import-eventlog", mixinStandardHelpOptions = true,
        description = {"Import Spark event logs (spark.eventLog.dir) as runs, so runs, show, diagnose, report and series"
                + " work on applications that ran without Pyrometer.",
            "PATH is an event-log file (plain, .lz4, .snappy, .zstd, also .inprogress), a rolling event-log directory"
                + " (eventlog_v2_*), or a directory holding either. Jobs, stages, tasks with metrics and failure"
                + " reasons, executors, SQL executions and per-task executor metric peaks come from the log; what only"
                + " the agent measures (Python processes, Py4J, serializers, JVM samples) stays empty.",
            "A run already in the store (collected live, or imported before) is skipped. A line that is not JSON"
                + " is counted as lost and skipped."})
final class ImportEventLogCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Event-log files or directories.")
    List<Path> paths;

    @Option(names = "--progress-mb", paramLabel = "MB", defaultValue = "64",
            description = "Print one progress line to stderr per this many MB read (default: ${DEFAULT-VALUE}).")
    int progressMb;

    @Option(names = "--max-string-chars", paramLabel = "N", defaultValue = "" + EventLogImporter.DEFAULT_MAX_STRING_CHARS,
            description = "Longest message, stack trace or description kept, as the listener's max.string.chars"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxStringChars;

    @Override
    public Integer call() throws IOException {
        storeOptions.checkWritable();
        if (progressMb <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--progress-mb must be positive");
        }
        if (maxStringChars < 256) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-string-chars must be at least 256");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<EventLogFiles> logs = new ArrayList<>();
        for (Path p : paths) {
            logs.addAll(EventLogFiles.at(p));
        }
        if (logs.isEmpty()) {
            err.println("error: no event logs under " + paths);
            return 1;
        }
        int failed = 0;
        try (RunStore store = storeOptions.open(false)) {
            EventLogImporter importer = new EventLogImporter(store, maxStringChars, (long) progressMb << 20, err,
                    System::currentTimeMillis);
            for (EventLogFiles log : logs) {
                EventLogImporter.Result r;
                try {
                    r = importer.importLog(log);
                } catch (IOException | RuntimeException e) {
                    failed++;
                    err.println("error: " + log.name() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    continue;
                }
                switch (r.outcome()) {
                    case IMPORTED -> out.printf("%s: run %s imported: %d events, %d corrupt lines skipped, %d events"
                            + " the listener does not send ignored%s%n", r.log(), r.runId(), r.events(), r.corrupt(),
                            r.ignored(), r.appEndSeen() ? "" : " (no application end: the log is unfinished)");
                    case ALREADY_STORED -> out.printf("%s: run %s is already in the store; skipped%n", r.log(), r.runId());
                    case NO_APPLICATION_START -> {
                        failed++;
                        err.printf("error: %s: no application start in %d lines; not a Spark event log?%n", r.log(),
                                r.lines());
                    }
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
