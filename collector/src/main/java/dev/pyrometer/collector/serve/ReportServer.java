/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.serve;

import static dev.pyrometer.collector.report.Html.esc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pyrometer.collector.diagnose.Diagnosis;
import dev.pyrometer.collector.diagnose.ScaleUp;
import dev.pyrometer.collector.report.ChromeTrace;
import dev.pyrometer.collector.report.FindingsHtml;
import dev.pyrometer.collector.report.Html;
import dev.pyrometer.collector.report.HtmlReport;
import dev.pyrometer.collector.report.Json;
import dev.pyrometer.collector.store.RejectedRecord;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.RunSummary;
import dev.pyrometer.collector.store.TimelineLoader;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.collector.timeline.RunTimeline;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The HTTP view of a store (JDK HttpServer, loopback by default): {@code /} lists runs,
 * {@code /runs/<id>} is the run's report rebuilt from the store on every request (refreshing
 * itself while the run is live), and {@code /api/...} serves the same data as JSON:
 * {@code /api/runs}, {@code /api/runs/<id>}, {@code /api/runs/<id>/trace}, {@code /api/rejects}.
 *
 * <p>Reports hold application data, so a server bound to anything but a loopback address only
 * starts with an {@link AccessToken}, and then answers 401 to every request without it. Given an
 * {@link SSLContext} ({@link TlsIdentity}) it serves HTTPS only. Every response carries
 * {@link #SECURITY_HEADERS}.
 */
public final class ReportServer implements AutoCloseable {
    /**
     * Sent with every response: no MIME sniffing, the report's own content policy plus no framing
     * (clickjacking) and no base or form targets, and no Referer, which could carry {@code ?token=}.
     */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy",
            HtmlReport.CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private final HttpServer server;
    private final ExecutorService pool;
    private final RunStore store;
    private final AccessToken token;

    private ReportServer(HttpServer server, ExecutorService pool, RunStore store, AccessToken token) {
        this.server = server;
        this.pool = pool;
        this.store = store;
        this.token = token;
    }

    /** Starts serving without a token; only a loopback address is accepted. Port 0 picks a free one. */
    public static ReportServer start(RunStore store, String bindAddress, int port) throws IOException {
        return start(store, bindAddress, port, null);
    }

    /**
     * Starts serving; port 0 picks a free one. With a token every request must carry it; without
     * one ({@code null}) the address must be a loopback one, else {@link IllegalArgumentException}.
     */
    public static ReportServer start(RunStore store, String bindAddress, int port, AccessToken token) throws IOException {
        return start(store, bindAddress, port, token, null);
    }

    /** As {@link #start(RunStore, String, int, AccessToken)}, over HTTPS when tls is not null. */
    public static ReportServer start(RunStore store, String bindAddress, int port, AccessToken token, SSLContext tls)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        if (token == null && (address.isUnresolved() || !address.getAddress().isLoopbackAddress())) {
            throw new IllegalArgumentException("refusing to serve on " + bindAddress
                    + " without a token: it is not a loopback address (set PYROMETER_TOKEN or --token)");
        }
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pyrometer-http");
            t.setDaemon(true);
            return t;
        });
        ReportServer s = new ReportServer(server, pool, store, token);
        server.createContext("/", s::handle);
        server.setExecutor(pool);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + server.getAddress().getHostString() + ":" + port() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain", "only GET");
                return;
            }
            if (token != null && !token.admits(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"pyrometer\"");
                send(ex, 401, "text/plain; charset=utf-8",
                        "a token is required: header 'Authorization: Bearer TOKEN' or ?token=TOKEN");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.equals("/")) {
                send(ex, 200, "text/html; charset=utf-8", runsPage());
            } else if (path.equals("/api/runs")) {
                send(ex, 200, "application/json", Json.write(store.runs()));
            } else if (path.equals("/api/rejects")) {
                send(ex, 200, "application/json", Json.write(rejects()));
            } else if (path.startsWith("/api/runs/") && path.endsWith("/trace")) {
                withRun(ex, path.substring("/api/runs/".length(), path.length() - "/trace".length()),
                        t -> ChromeTrace.of(t), "application/json");
            } else if (path.startsWith("/api/runs/")) {
                withRun(ex, path.substring("/api/runs/".length()), Json::write, "application/json");
            } else if (path.startsWith("/runs/")) {
                withRun(ex, path.substring("/runs/".length()), this::livePage, "text/html; charset=utf-8");
            } else {
                send(ex, 404, "text/plain", "not found");
            }
        } catch (RuntimeException e) {
            send(ex, 500, "text/plain; charset=utf-8", "error: " + e.getMessage());
        }
    }

    private void withRun(HttpExchange ex, String rawId, java.util.function.Function<RunTimeline, String> render,
            String type) throws IOException {
        String id = URLDecoder.decode(rawId, StandardCharsets.UTF_8);
        Optional<RunTimeline> t = TimelineLoader.load(store, id);
        if (t.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "no run " + id);
        } else {
            send(ex, 200, type, render.apply(t.get()));
        }
    }

    private String livePage(RunTimeline t) {
        ScaleUp series = TimelineLoader.seriesOf(store, t);
        String html = HtmlReport.render(t, FindingsHtml.render(Diagnosis.of(t, series), series));
        if (t.status() == RunStatus.RUNNING) {
            // A live run: the browser reloads the page, which is rebuilt from the store each time.
            html = html.replaceFirst("<head>", "<head><meta http-equiv=\"refresh\" content=\"5\">");
        }
        return html;
    }

    private List<Map<String, Object>> rejects() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RejectedRecord r : store.rejects()) {
            out.add(r.summary());
        }
        return out;
    }

    private String runsPage() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"10\"><title>Pyrometer runs</title><style>"
                + "body{font:13px system-ui,sans-serif;margin:20px}td,th{border:1px solid #ddd;padding:3px 6px}"
                + "table{border-collapse:collapse}td.n{text-align:right}</style></head><body><h1>Pyrometer runs</h1>"
                + "<table id=\"runs\"><tr><th>run</th><th>name</th><th>series</th><th>scale</th><th>status</th><th>start (UTC)</th>"
                + "<th>duration</th><th>tasks</th><th>failed</th><th>peak Python RSS</th><th>lost events</th></tr>");
        for (RunSummary r : store.runs()) {
            b.append("<tr><td><a href=\"/runs/").append(esc(URLEncoder.encode(r.runId(), StandardCharsets.UTF_8)))
                    .append("\">").append(esc(r.runId())).append("</a></td><td>").append(esc(r.appName())).append("</td><td>")
                    .append(esc(r.series())).append("</td><td class=\"n\">").append(esc(r.scale() == null ? "" : r.scale()))
                    .append("</td><td>").append(esc(r.status())).append("</td><td>")
                    .append(esc(Html.time(r.startMs()))).append("</td><td class=\"n\">").append(Html.duration(r.durationMs()))
                    .append("</td><td class=\"n\">").append(r.tasks()).append("</td><td class=\"n\">").append(r.failedTasks())
                    .append("</td><td class=\"n\">").append(Html.bytes(r.peakPythonRss())).append("</td><td class=\"n\">")
                    .append(r.lostEvents()).append("</td></tr>");
        }
        return b.append("</table></body></html>").toString();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        SECURITY_HEADERS.forEach(ex.getResponseHeaders()::set);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
