/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.collector.store.RejectedRecord;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.store.StoredEvent;
import dev.pyrometer.collector.timeline.Origin;
import dev.pyrometer.collector.timeline.RunAssembler;
import dev.pyrometer.collector.timeline.RunStatus;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.Source;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Imports Spark event logs as runs: each JSON line becomes the payload the listener would have
 * sent ({@link EventLogTranslator}), wrapped in an event of one driver source and stored and
 * joined exactly as the Kafka ingest stores and joins the listener's events, so every command
 * that reads the store works on the result. What only the agent measures (Python processes,
 * Py4J, serializers, JVM samples) stays empty; the run carries the tag {@link #IMPORTED_TAG}.
 *
 * <p>A line that is not JSON takes a sequence number and is counted as lost under
 * {@link #CORRUPT_LINE} (and kept in the rejects), so the run's loss accounting shows it. A run
 * the store already holds (collected live, or imported before) is left alone. Single-threaded.
 */
public final class EventLogImporter {
    /** Tag on every imported run; its value names where the events came from. */
    public static final String IMPORTED_TAG = "pyrometer.imported";
    public static final String IMPORTED_VALUE = "spark-event-log";
    /** What a report says of an imported run (one text, used by every report). */
    public static final String IMPORTED_NOTE = "imported from a Spark event log: Python processes, Py4J calls,"
            + " serializer statistics and JVM samples are measured only by the agent and are empty";

    /** The source's producer field. */
    public static final String PRODUCER = "spark-event-log import";
    /** Drop reason of a line that is not a JSON event. */
    public static final String CORRUPT_LINE = "eventlog_corrupt_line";
    /** Reject reason of such a line. */
    public static final String CORRUPT_REASON = "EVENTLOG_CORRUPT_LINE";
    /** Counters in the import's final SelfMetrics. */
    public static final String LINES_COUNTER = "eventlog.lines";
    public static final String IGNORED_COUNTER = "eventlog.ignored_events";
    /** The stored events' "topic": the log, per run, so positions never collide with Kafka's or another run's. */
    static final String TOPIC_PREFIX = "spark-event-log:";
    private static final int BATCH = 5_000;

    /** What happened to one log. */
    public enum Outcome { IMPORTED, ALREADY_STORED, NO_APPLICATION_START }

    /**
     * @param events  events stored (application start to end; the import's own accounting excluded)
     * @param corrupt lines that were not JSON events, counted as lost
     * @param ignored events the listener does not emit (block managers, environment, ...)
     */
    public record Result(String log, String runId, Outcome outcome, long lines, long events, long corrupt,
            long ignored, long bytesRead, boolean appEndSeen) {
    }

    private final RunStore store;
    /** The listener's default string limit. */
    public static final int DEFAULT_MAX_STRING_CHARS = 64 * 1024;

    private final int maxStringChars;
    private final long progressEveryBytes;
    private final PrintWriter progress;
    private final LongSupplier clockMs;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param progressEveryBytes one progress line on {@code progress} per this many bytes read from disk
     */
    public EventLogImporter(RunStore store, int maxStringChars, long progressEveryBytes, PrintWriter progress,
            LongSupplier clockMs) {
        if (progressEveryBytes <= 0) {
            throw new IllegalArgumentException("progress interval must be positive");
        }
        this.store = store;
        this.maxStringChars = maxStringChars;
        this.progressEveryBytes = progressEveryBytes;
        this.progress = progress;
        this.clockMs = clockMs;
    }

    /** Whether a run came from an event log rather than the listener. */
    public static boolean isImported(dev.pyrometer.collector.timeline.RunTimeline.App app) {
        return app.tags() != null && IMPORTED_VALUE.equals(app.tags().get(IMPORTED_TAG));
    }

    /** Reads one log to its end and stores its run. */
    public Result importLog(EventLogFiles log) throws IOException {
        return new Pass(log).run();
    }

    /** The state of one log's import. */
    private final class Pass {
        private final EventLogFiles log;
        /** Strings cut to the limit, reported as the import's truncated_strings. */
        private long truncated;
        private final TextLimit limit = new TextLimit(maxStringChars, () -> truncated++);
        private final EventLogTranslator translator = new EventLogTranslator(limit);
        /** Until the application start names the run: what came before it, in order. */
        private final List<Object> held = new ArrayList<>();
        private RunAssembler assembler;
        private RunRef run;
        private Source source;
        private String runId;
        private final List<StoredEvent> batch = new ArrayList<>();
        private final List<RejectedRecord> rejects = new ArrayList<>();
        private long seq;
        private long lastTimeMs = -1;
        private long lines;
        private long events;
        private long corrupt;
        private long ignored;
        private long bytes;
        private long nextProgressAt = progressEveryBytes;
        private boolean alreadyStored;

        Pass(EventLogFiles log) {
            this.log = log;
        }

        Result run() throws IOException {
            for (Path file : log.files()) {
                if (alreadyStored) {
                    break;
                }
                readFile(file);
            }
            if (alreadyStored) {
                return result(Outcome.ALREADY_STORED);
            }
            if (run == null) {
                return result(Outcome.NO_APPLICATION_START);
            }
            SelfMetrics m = accounting();
            store(m, lastTimeMs);
            flush();
            RunStatus status = assembler.applicationEndSeen() ? RunStatus.COMPLETE : RunStatus.ENDED_WITHOUT_APP_END;
            store.saveRun(assembler.timeline(status), -1);
            return result(Outcome.IMPORTED);
        }

        private Result result(Outcome o) {
            return new Result(log.name(), runId, o, lines, events, corrupt, ignored, bytes,
                    assembler != null && assembler.applicationEndSeen());
        }

        private void readFile(Path file) throws IOException {
            EventLogCodec codec = EventLogCodec.ofFileName(file.getFileName().toString());
            try (InputStream raw = new Counting(Files.newInputStream(file));
                    BufferedReader r = new BufferedReader(new InputStreamReader(codec.open(raw), StandardCharsets.UTF_8),
                            64 * 1024)) {
                String line;
                while (!alreadyStored) {
                    try {
                        line = r.readLine();
                    } catch (IOException e) {
                        // A log cut off mid-block (the driver died while writing): what was read stays.
                        countCorrupt(file + ": unreadable from here on (" + e.getMessage() + ")", null);
                        return;
                    }
                    if (line == null) {
                        return;
                    }
                    line(file, line);
                }
            }
        }

        private void line(Path file, String line) {
            if (line.isBlank()) {
                return;
            }
            lines++;
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JsonProcessingException e) {
                node = null;
            }
            if (node == null || !node.isObject() || !node.has("Event")) {
                countCorrupt(file + " line " + lines + ": not a JSON event", line);
                return;
            }
            EventLogTranslator.Translated t;
            try {
                t = translator.translate(node);
            } catch (RuntimeException e) {
                countCorrupt(file + " line " + lines + ": " + e, line);
                return;
            }
            if (t == null) {
                ignored++;
                return;
            }
            if (run == null) {
                held.add(t);
                if (translator.run() != null) {
                    begin();
                }
                return;
            }
            store(t.payload(), t.timeMs());
        }

        /** The application start named the run: checks the store, then stores what was held. */
        private void begin() {
            run = translator.run();
            runId = RunAssembler.runIdOf(run);
            if (store.run(runId).isPresent() || !store.events(runId).isEmpty()) {
                alreadyStored = true;
                return;
            }
            assembler = new RunAssembler(runId);
            Map<String, String> props = translator.sparkProperties();
            source = Source.newBuilder()
                    .setRole(Role.DRIVER)
                    .setExecutorId("driver")
                    .setHost(props.getOrDefault("spark.driver.host", ""))
                    .setPid(-1)
                    .setInstanceId("eventlog-" + runId)
                    .setProducer(PRODUCER)
                    .build();
            for (Object o : held) {
                if (o instanceof EventLogTranslator.Translated t) {
                    store(t.payload(), t.timeMs());
                } else {
                    reject((String[]) o);
                }
            }
            held.clear();
        }

        private void countCorrupt(String detail, String line) {
            corrupt++;
            String[] r = {detail, line};
            if (run == null) {
                held.add(r);
            } else {
                reject(r);
            }
        }

        /** A lost line takes a sequence number, so it is a gap that the accounting explains. */
        private void reject(String[] detailAndLine) {
            byte[] body = detailAndLine[1] == null ? null : detailAndLine[1].getBytes(StandardCharsets.UTF_8);
            int size = body == null ? 0 : body.length;
            if (body != null && body.length > RejectedRecord.MAX_KEPT_BYTES) {
                body = java.util.Arrays.copyOf(body, RejectedRecord.MAX_KEPT_BYTES);
            }
            rejects.add(new RejectedRecord(TOPIC_PREFIX + runId, -1, seq++, CORRUPT_REASON, detailAndLine[0], run.getAppId(),
                    size, body, clockMs.getAsLong(), runId));
        }

        private void store(Object payload, long timeMs) {
            if (timeMs > 0) {
                lastTimeMs = timeMs;
            }
            long s = seq++;
            Event e = new Event(run, source, s, Math.max(0, lastTimeMs) * 1000L, payload);
            byte[] body;
            try {
                body = EventCodec.get().encode(e);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot encode event " + s + " of " + log.name(), ex);
            }
            String topic = TOPIC_PREFIX + runId;
            assembler.accept(e, new Origin(topic, -1, s));
            if (!(payload instanceof SelfMetrics)) {
                events++;
            }
            batch.add(new StoredEvent(runId, source.getInstanceId(), s, e.getTimeMicros(), payload.getClass().getSimpleName(),
                    topic, -1, s, false, body));
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        private void flush() {
            if (!batch.isEmpty() || !rejects.isEmpty()) {
                store.append(new ArrayList<>(batch), new ArrayList<>(rejects));
                batch.clear();
                rejects.clear();
            }
        }

        /** The import's last word, as an emitter's final report: what it read, stored and lost. */
        private SelfMetrics accounting() {
            Map<String, Long> dropped = new TreeMap<>();
            if (corrupt > 0) {
                dropped.put(CORRUPT_LINE, corrupt);
            }
            Map<String, Long> counters = new TreeMap<>();
            counters.put(LINES_COUNTER, lines);
            counters.put(IGNORED_COUNTER, ignored);
            counters.put(CounterNames.TRUNCATED_STRINGS, truncated);
            return SelfMetrics.newBuilder()
                    .setOffered(events + corrupt)
                    .setSent(events)
                    .setDropped(dropped)
                    .setCounters(counters)
                    .setAtShutdown(true)
                    .build();
        }

        private void progressed(long n) {
            bytes += n;
            if (bytes >= nextProgressAt) {
                nextProgressAt = (bytes / progressEveryBytes + 1) * progressEveryBytes;
                progress.printf(java.util.Locale.ROOT, "import-eventlog: %s: %.1f MB read, %d events, %d corrupt lines%n",
                        log.name(), bytes / 1048576.0, events, corrupt);
                progress.flush();
            }
        }

        /** Counts the bytes read from disk (compressed), for progress. */
        private final class Counting extends FilterInputStream {
            Counting(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    progressed(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    progressed(n);
                }
                return n;
            }
        }
    }
}
