/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.diagnose.Diagnosis;
import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.report.FindingsHtml;
import dev.pyrometer.collector.report.HtmlReport;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.TimelineLoader;
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

/** One self-contained HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write the run's report: one self-contained HTML file (no network needed to view it).")
final class ReportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", description = "Run id (see 'runs').")
    String runId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", required = true, description = "Where to write the report.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (RunStore store = storeOptions.open(true)) {
            RunTimeline t = RunArgument.load(store, runId);
            ScaleUp series = TimelineLoader.seriesOf(store, t);
            String html = HtmlReport.render(t, FindingsHtml.render(Diagnosis.of(t, series), series));
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, html, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output + " (" + html.length() / 1024 + " KiB)");
        }
        return 0;
    }
}
