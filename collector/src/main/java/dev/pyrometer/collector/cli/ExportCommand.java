/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.report.ChromeTrace;
import dev.pyrometer.collector.report.Json;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** JSON or Chrome trace. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run as JSON (the whole timeline) or in Chrome's trace-event format (Perfetto, chrome://tracing).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", description = "Run id (see 'runs').")
    String runId;

    @Option(names = "--format", required = true, paramLabel = "json|chrome-trace", description = "json or chrome-trace.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: standard output).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("json") && !format.equals("chrome-trace")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--format must be json or chrome-trace, not '" + format + "'");
        }
        try (RunStore store = storeOptions.open(true)) {
            RunTimeline t = RunArgument.load(store, runId);
            String text = format.equals("json") ? Json.write(t) : ChromeTrace.of(t);
            if (output == null) {
                spec.commandLine().getOut().println(text);
            } else {
                Files.writeString(output, text, StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("wrote " + output);
            }
        }
        return 0;
    }
}
