/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.report.ConnectText;
import dev.pyrometer.collector.report.TextSummary;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.timeline.ConnectTimeline;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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

    @Option(names = "--session", paramLabel = "ID",
            description = "Spark Connect: only this client session (its id, or a unique prefix) and its operations.")
    String sessionId;

    @Override
    public Integer call() {
        try (RunStore store = storeOptions.open(true)) {
            RunTimeline t = RunArgument.load(store, runId);
            if (sessionId == null) {
                spec.commandLine().getOut().print(TextSummary.of(t) + ConnectText.sessions(t));
                return 0;
            }
            ConnectTimeline.Session s = t.connect().session(sessionId);
            if (s == null) {
                spec.commandLine().getErr().println("run " + t.app().runId() + " has no Spark Connect session '"
                        + sessionId + "'" + (t.connect().isConnect() ? " (sessions: " + t.connect().sessions().stream()
                        .map(ConnectTimeline.Session::sessionId).toList() + ")" : " (not a Spark Connect server)"));
                return 1;
            }
            spec.commandLine().getOut().print(ConnectText.session(s));
        }
        return 0;
    }
}
