/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pyrometer-collector}: consume, store and show Pyrometer runs. */
@Command(name = "pyrometer-collector", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Consumes Pyrometer events from Kafka, joins them into per-run timelines, stores them and shows them.",
        subcommands = {RunCommand.class, RunsCommand.class, ShowCommand.class, ReportCommand.class, ExportCommand.class,
            ServeCommand.class, DiagnoseCommand.class, CompareCommand.class, SeriesCommand.class, ImportEventLogCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit code (0 ok, 1 failure, 2 invalid usage). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        // Invalid usage: one clear line, not the whole usage text.
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("error: " + ex.getMessage() + " (see '" + cmd + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        try {
            return cl.execute(args);
        } finally {
            // print() does not flush an auto-flushing PrintWriter, and main() exits right after.
            out.flush();
            err.flush();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The version from the jar's Maven metadata. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            try (InputStream in = Main.class.getResourceAsStream(
                    "/META-INF/maven/dev.pyrometer/pyrometer-collector/pom.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return new String[] {"pyrometer-collector " + p.getProperty("version", "(development build)")};
            } catch (java.io.IOException e) {
                return new String[] {"pyrometer-collector (unknown version)"};
            }
        }
    }
}
