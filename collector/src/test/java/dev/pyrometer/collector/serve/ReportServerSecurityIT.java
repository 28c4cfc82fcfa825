/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyrometer.collector.cli.Main;
import dev.pyrometer.collector.store.DuckDbRunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security headers on every response, and HTTPS from a PEM certificate and key. */
class ReportServerSecurityIT {
    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void everyResponseCarriesTheSecurityHeadersWhateverItsStatus() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("s.duckdb"));
                ReportServer open = ReportServer.start(store, "127.0.0.1", 0);
                ReportServer guarded = ReportServer.start(store, "127.0.0.1", 0, AccessToken.of(TOKEN))) {
            for (String url : new String[] {open.url(), open.url() + "api/runs", open.url() + "runs/none",
                    open.url() + "nowhere", guarded.url() + "api/runs"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(url).isIn(200, 401, 404);
                assertThat(r.headers().firstValue("X-Content-Type-Options")).as(url).contains("nosniff");
                assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).as(url)
                        .startsWith("default-src 'none';").contains("frame-ancestors 'none'");
                assertThat(r.headers().firstValue("X-Frame-Options")).as(url).contains("DENY");
                assertThat(r.headers().firstValue("Referrer-Policy")).as(url).contains("no-referrer");
            }
        }
    }

    @Test
    void servesHttpsOnlyWithThePemIdentityAndASecureCookie() throws Exception {
        Path[] pem = selfSignedPem("EC");
        SSLContext tls = TlsIdentity.load(pem[0], pem[1]);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(pem[0])).build();
        try (DuckDbRunStore store = DuckDbRunStore.open(dir.resolve("s.duckdb"));
                ReportServer server = ReportServer.start(store, "127.0.0.1", 0, AccessToken.of(TOKEN), tls)) {
            assertThat(server.url()).startsWith("https://127.0.0.1:");
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(server.url() + "?token=" + TOKEN)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("Pyrometer runs");
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").endsWith("; Secure");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            HttpClient plain = HttpClient.newHttpClient();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void serveCommandNamesWhatIsWrongWithTheTlsFilesWithoutPrintingTheKey() throws Exception {
        Path[] pem = selfSignedPem("RSA");
        String store = dir.resolve("c.duckdb").toString();
        assertThat(serve(store, "--tls-cert", pem[0].toString())).contains("--tls-cert and --tls-key go together");
        Path traditional = dir.resolve("rsa-traditional.pem");
        Files.writeString(traditional, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThat(serve(store, "--tls-cert", pem[0].toString(), "--tls-key", traditional.toString()))
                .contains("convert it to PKCS#8").doesNotContain("AAAA");
        assertThat(serve(store, "--tls-cert", pem[1].toString(), "--tls-key", pem[1].toString()))
                .contains("not a PEM certificate chain");
        assertThat(serve(store, "--tls-cert", dir.resolve("absent.pem").toString(), "--tls-key", pem[1].toString()))
                .contains("no file").contains("absent.pem");
        Path[] other = selfSignedPem("RSA");
        assertThat(serve(store, "--tls-cert", pem[0].toString(), "--tls-key", other[1].toString())).contains("does not match");
    }

    private String serve(String store, String... args) {
        String[] argv = new String[args.length + 5];
        System.arraycopy(new String[] {"serve", "--store", store, "--port", "0"}, 0, argv, 0, 5);
        System.arraycopy(args, 0, argv, 5, args.length);
        StringWriter err = new StringWriter();
        int code = Main.execute(argv, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    /** {certificate.pem, key.pem} for 127.0.0.1, made by the JDK's keytool and written out as PEM. */
    private Path[] selfSignedPem(String algorithm) throws Exception {
        Path keystore = Files.createTempFile(dir, "ks", ".p12");
        Files.delete(keystore);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "t", "-keyalg", algorithm, "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("t");
        Key key = ks.getKey("t", "changeit".toCharArray());
        Path certPem = Files.writeString(Files.createTempFile(dir, "cert", ".pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(Files.createTempFile(dir, "key", ".pem"), pem("PRIVATE KEY", key.getEncoded()));
        return new Path[] {certPem, keyPem};
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certPem)) {
            trust.setCertificateEntry("server", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
