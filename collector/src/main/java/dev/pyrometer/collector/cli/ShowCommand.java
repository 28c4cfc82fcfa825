package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.report.TextSummary;
import dev.pyrometer.collector.store.RunStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Text summary of one run. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a text summary of one run.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Parameters(paramLabel = "RUN", description = "Run id (see 'runs').")
    String runId;

    @Override
    public Integer call() {
        try (RunStore store = storeOptions.open(true)) {
            spec.commandLine().getOut().print(TextSummary.of(RunArgument.load(store, runId)));
        }
        return 0;
    }
}
