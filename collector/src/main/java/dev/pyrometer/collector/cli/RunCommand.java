/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.cli;

import dev.pyrometer.collector.consume.IngestConfig;
import dev.pyrometer.collector.consume.Ingestor;
import dev.pyrometer.collector.serve.ReportServer;
import dev.pyrometer.collector.store.RunStore;
import dev.pyrometer.collector.timeline.CompletionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Consume and store. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Consume the event topic (as a member of a consumer group) and keep the store up to date.")
final class RunCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--topic", defaultValue = IngestConfig.DEFAULT_TOPIC, description = "Event topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--group", defaultValue = IngestConfig.DEFAULT_GROUP,
            description = "Consumer group; collectors in one group share the partitions (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Extra consumer property, e.g. security.protocol=SASL_SSL (repeatable; values are never printed).")
    Map<String, String> kafkaProperties = new TreeMap<>();

    @Option(names = "--embedded-kafka", description = "Start a single-node Kafka broker in this process and print its address.")
    boolean embeddedKafka;

    @Option(names = "--embedded-kafka-port", defaultValue = "9092", description = "Port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int embeddedKafkaPort;

    @Option(names = "--embedded-kafka-dir", paramLabel = "DIR", defaultValue = "pyrometer-kafka",
            description = "Data directory of the embedded broker (default: ${DEFAULT-VALUE}).")
    Path embeddedKafkaDir;

    @Option(names = "--grace", defaultValue = "10s", converter = DurationConverter.class,
            description = "Wait after an application end for late executor events (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--idle-timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "A run without events for this long and without an application end is ended (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--until-complete", description = "Exit once at least one run finished, no run is open and the topic is drained.")
    boolean untilComplete;

    @Option(names = "--exit-after", converter = DurationConverter.class, description = "Exit after this long in any case.")
    Duration exitAfter;

    @Option(names = "--progress-every", defaultValue = "5s", converter = DurationConverter.class,
            description = "Print a progress line this often to stderr; 0s for never (default: ${DEFAULT-VALUE}).")
    Duration progressEvery;

    @Option(names = "--http-port", defaultValue = "-1",
            description = "Also serve the runs over HTTP on this port (127.0.0.1); -1 for no server, 0 for a free port.")
    int httpPort;

    @Option(names = "--max-poll-records", defaultValue = "5000", description = "Records per poll and store transaction (default: ${DEFAULT-VALUE}).")
    int maxPollRecords;

    @Override
    public Integer call() throws Exception {
        storeOptions.checkWritable();
        if (grace.isNegative() || idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--grace must be >= 0 and --idle-timeout > 0");
        }
        if (maxPollRecords <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-poll-records must be positive");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        EmbeddedKafka broker = null;
        if (embeddedKafka) {
            broker = EmbeddedKafka.start(embeddedKafkaDir, embeddedKafkaPort, 3);
            bootstrap = broker.bootstrapServers();
            out.println("embedded Kafka broker at " + bootstrap);
            out.flush();
        }
        IngestConfig config = new IngestConfig(bootstrap, topic, group,
                new CompletionPolicy(grace.toMillis(), idleTimeout.toMillis()), Duration.ofSeconds(5), maxPollRecords,
                kafkaProperties);
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        try (RunStore store = storeOptions.open(false);
                Ingestor ingestor = new Ingestor(config, store, System::currentTimeMillis);
                ReportServer server = httpPort >= 0 ? ReportServer.start(store, "127.0.0.1", httpPort) : null) {
            if (server != null) {
                out.println("serving runs at " + server.url());
                out.flush();
            }
            // On SIGTERM/Ctrl-C: stop polling, let the loop save open runs and close the store cleanly.
            Thread hook = new Thread(() -> {
                stop.set(true);
                ingestor.wakeup();
                try {
                    closed.await(15, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "pyrometer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long started = System.nanoTime();
            long lastProgress = started;
            while (!stop.get()) {
                ingestor.pollOnce(Duration.ofMillis(500));
                long now = System.nanoTime();
                if (!progressEvery.isZero() && now - lastProgress >= progressEvery.toNanos()) {
                    err.println(ingestor.progress().line());
                    err.flush();
                    lastProgress = now;
                }
                if (untilComplete && ingestor.completedRuns() > 0 && ingestor.drained()) {
                    break;
                }
                if (exitAfter != null && now - started >= exitAfter.toNanos()) {
                    break;
                }
            }
            err.println(ingestor.progress().line());
            err.flush();
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                closed.countDown();
            }
        }
        return 0;
    }
}
