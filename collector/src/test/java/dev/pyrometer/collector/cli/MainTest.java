/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "runs", "show", "report", "export", "serve", "diagnose", "compare", "series"})
    void everySubcommandHasHelp(String cmd) {
        Result r = run(cmd, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: pyrometer-collector " + cmd);
    }

    @Test
    void topLevelHelpListsTheSubcommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("run", "runs", "show", "report", "export", "serve");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        Result r = run("runs", "--no-such-option");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("error: Unknown option: '--no-such-option'");
    }

    @Test
    void aBadDurationIsOneLineAndExitCode2() {
        Result r = run("run", "--grace", "soon");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("'soon' is not a duration");
    }

    @Test
    void aBadExportFormatIsOneLineAndExitCode2() {
        Result r = run("export", "x", "--format", "xml", "--store", dir.resolve("x.duckdb").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--format must be json or chrome-trace");
    }

    @Test
    void aMissingStoreIsOneLineAndExitCode1() {
        Result r = run("runs", "--store", dir.resolve("nothing.duckdb").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("error: no store at");
    }

    @Test
    void missingSubcommandIsAnError() {
        Result r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a subcommand is required");
    }

    @Test
    void parquetTablesAreReadOnlyAndAMissingDirectoryIsOneLine() {
        Result missing = run("runs", "--parquet", dir.resolve("no-tables").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).doesNotContain("\n").startsWith("error: no directory").contains("spark-ingest");
        Result writing = run("import-eventlog", "--parquet", dir.toString(), dir.toString());
        assertThat(writing.code()).isEqualTo(1);
        assertThat(writing.err().strip()).doesNotContain("\n").contains("--parquet is read-only");
    }

    @Test
    void rejectsOfAnEmptyStoreAreAnEmptyList() {
        dev.pyrometer.collector.store.DuckDbRunStore.open(dir.resolve("empty.duckdb")).close();
        Result r = run("runs", "--rejects", "--json", "--store", dir.resolve("empty.duckdb").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("[ ]");
    }
}
