/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scale-up comparison of runs named on the command line. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs of the same job at different data sizes stage by stage (growth exponents).")
final class CompareCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", arity = "2..*", description = "Two or more run ids.")
    List<String> runIds;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", description = "Also write the table and chart as HTML.")
    Path output;

    @Override
    public Integer call() throws Exception {
        try (RunStore store = storeOptions.open(true)) {
            List<RunTimeline> runs = new ArrayList<>();
            for (String id : runIds) {
                runs.add(RunArgument.load(store, id));
            }
            return SeriesCommand.print(spec, ScaleUp.of(runs), output);
        }
    }
}
