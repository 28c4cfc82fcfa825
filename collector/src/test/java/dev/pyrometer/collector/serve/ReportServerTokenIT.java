/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.collector.cli.Main;
import dev.pyrometer.collector.store.DuckDbRunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server off loopback: refused without a token, and with one every request must carry it. */
class ReportServerTokenIT {
    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesToStartOnANonLoopbackAddressWithoutAToken() throws Exception {
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("s.duckdb"))) {
            assertThatThrownBy(() -> ReportServer.start(store, "0.0.0.0", 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PYROMETER_TOKEN");
            try (ReportServer loopback = ReportServer.start(store, "127.0.0.1", 0)) {
                assertThat(get(loopback.url() + "api/runs", null).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void serveCommandExitsWithAClearLineWhenBoundElsewhereWithoutAToken() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"serve", "--store", dir.resolve("c.duckdb").toString(), "--bind", "0.0.0.0",
                "--port", "0"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--bind 0.0.0.0 is not a loopback address").contains("PYROMETER_TOKEN");
        assertThat(out.toString()).doesNotContain("serving runs");
    }

    @Test
    void serveCommandRejectsAShortTokenWithoutPrintingIt() {
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"serve", "--store", dir.resolve("c.duckdb").toString(), "--bind", "0.0.0.0",
                "--token", "short-pw"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("at least 16 characters").doesNotContain("short-pw");
    }

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("s.duckdb"));
                ReportServer server = ReportServer.start(store, "0.0.0.0", 0, AccessToken.of(TOKEN))) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            for (String path : new String[] {"", "api/runs", "api/rejects", "runs/x", "api/runs/x/trace"}) {
                HttpResponse<String> denied = get(base + path, null);
                assertThat(denied.statusCode()).as(path).isEqualTo(401);
                assertThat(denied.body()).doesNotContain(TOKEN);
            }
            assertThat(get(base + "api/runs", "Authorization", "Bearer wrong-token-0123456789").statusCode()).isEqualTo(401);
            assertThat(get(base + "api/runs", "Authorization", "Bearer " + TOKEN.substring(1)).statusCode()).isEqualTo(401);
            assertThat(get(base + "api/runs?token=" + TOKEN + "x", null).statusCode()).isEqualTo(401);

            assertThat(get(base + "api/runs", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            HttpResponse<String> viaQuery = get(base + "?token=" + TOKEN, null);
            assertThat(viaQuery.statusCode()).isEqualTo(200);
            String cookie = viaQuery.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            // A browser then follows links without the query: the cookie carries the token.
            assertThat(get(base + "api/runs", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode()).isEqualTo(200);
            assertThat(get(base + "api/runs", "Cookie", AccessToken.COOKIE + "=nope").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void tokenComparisonIsExact() {
        AccessToken t = AccessToken.of(TOKEN);
        assertThat(t.matches(TOKEN)).isTrue();
        assertThat(t.matches(TOKEN + " ")).isFalse();
        assertThat(t.matches("")).isFalse();
        assertThat(t.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> AccessToken.of("has space in it 0123")).isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> get(String url, String header, String... value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (header != null) {
            b.header(header, value[0]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
