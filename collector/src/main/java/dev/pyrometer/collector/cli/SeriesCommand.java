/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.report.FindingsHtml;
import dev.pyrometer.collector.report.FindingsText;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scale-up comparison of every run that carries one series label. */
@Command(name = "series", mixinStandardHelpOptions = true,
        description = "Compare every run of a series (spark.pyrometer.series) stage by stage.")
final class SeriesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "NAME", description = "Series label.")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", description = "Also write the table and chart as HTML.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (RunStore store = storeOptions.open(true)) {
            List<RunTimeline> runs = TimelineLoader.series(store, name);
            if (runs.size() < 2) {
                throw new IllegalArgumentException("series '" + name + "' has " + runs.size()
                        + " run(s) in the store; a comparison needs two or more");
            }
            return print(spec, ScaleUp.of(runs), output);
        }
    }

    static int print(picocli.CommandLine.Model.CommandSpec spec, ScaleUp s, Path output) throws java.io.IOException {
        spec.commandLine().getOut().print(FindingsText.of(s));
        if (output != null) {
            String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pyrometer scale-up</title>"
                    + "</head><body>" + FindingsHtml.render(s.findings(), s) + "</body></html>";
            Files.writeString(output, html, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output);
        }
        return 0;
    }
}
