/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.HostLog;
import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.emitter.SharedEmitter;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.RunRef;
import dev.pyrometer.listener.compat.ScalaValues;
import dev.pyrometer.listener.mapping.ApplicationMapper;
import dev.pyrometer.listener.mapping.ConfRedactor;
import dev.pyrometer.listener.mapping.ConnectEventMapper;
import dev.pyrometer.listener.mapping.ExecutorMapper;
import dev.pyrometer.listener.mapping.ExecutorMetricReader;
import dev.pyrometer.listener.mapping.JobStageMapper;
import dev.pyrometer.listener.mapping.ListenerBusDrops;
import dev.pyrometer.listener.mapping.PythonUdfTracker;
import dev.pyrometer.listener.mapping.SqlEventMapper;
import dev.pyrometer.listener.mapping.TaskEndMapper;
import dev.pyrometer.listener.mapping.TaskFailureMapper;
import dev.pyrometer.listener.mapping.TextRedactor;
import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.TextLimit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Pyrometer's Spark listener: maps every application, job, stage, task, executor, SQL
 * execution and Spark Connect session/operation event to Avro and offers it to the JVM's one {@link Emitter}, which sends it to
 * Kafka from its own thread.
 *
 * <p>Attach with {@code --conf spark.extraListeners=dev.pyrometer.listener.PyrometerListener}
 * and configure under {@code spark.pyrometer.*} (see docs/listener.md). Callbacks run on Spark's
 * listener-bus thread: they only map and offer, never block, never throw (every swallowed error
 * is counted as suppressed at {@code listener.<callback>}), and ignore events they do not know.
 */
public class PyrometerListener extends SparkListener {

    private final ListenerConfig config;
    private final Emitter emitter;
    private final LossCounters counters;
    private final TaskEndMapper tasks;
    private final JobStageMapper jobs;
    private final ExecutorMapper executors;
    private final SqlEventMapper sql;
    private final PythonUdfTracker pythonUdfs;
    private final ConnectEventMapper connect;
    private final ApplicationMapper application;
    private final ListenerBusDrops busDrops;
    private final String appIdFromConf;
    private final String attemptIdFromConf;
    /** The application started on this listener's bus (its end is then owed). */
    private volatile boolean started;
    /** Counted down once the application's end was offered. */
    private final CountDownLatch ended = new CountDownLatch(1);

    /** The constructor Spark uses for {@code spark.extraListeners}. */
    public PyrometerListener(SparkConf conf) {
        this(confMap(conf));
    }

    /** For {@code sparkContext.addSparkListener(new PyrometerListener())}: reads the active context's conf. */
    public PyrometerListener() {
        this(confMap(activeConf()));
    }

    private PyrometerListener(Map<String, String> sparkConf) {
        this.config = ListenerConfig.parse(withoutPrefix(sparkConf, ListenerConfig.PREFIX));
        for (String error : config.errors()) {
            HostLog.warn("listener config: " + error);
        }
        this.emitter = SharedEmitter.obtain(config.emitter(), "listener");
        this.counters = emitter.counters();
        if (config.rejectedValues() > 0) {
            // Values that fell back to their defaults, each warned about above. A count, not a
            // suppressed error: nothing failed at run time.
            counters.count(CounterNames.LISTENER_CONFIG_REJECTED, config.rejectedValues());
        }
        emitter.identify(Role.DRIVER, "driver");
        TextLimit limit = new TextLimit(config.maxStringChars(), counters.counting(CounterNames.TRUNCATED_STRINGS));
        TaskFailureMapper failures = new TaskFailureMapper(limit);
        ExecutorMetricReader metricReader = ExecutorMetricReader.resolve();
        this.sql = new SqlEventMapper(limit);
        this.pythonUdfs = new PythonUdfTracker(sql.getters(), counters);
        this.tasks = new TaskEndMapper(emitter, failures, metricReader, pythonUdfs);
        this.jobs = new JobStageMapper(limit, failures);
        this.executors = new ExecutorMapper(metricReader, config.heartbeatMinIntervalMs());
        ConfRedactor redactor = new ConfRedactor(sparkConf.get("spark.redaction.regex"), config.redactionPattern(),
                config.captureConfs(), limit);
        this.application = new ApplicationMapper(sparkConf, redactor, ListenerConfig.PREFIX + ListenerConfig.SCALE.key(),
                config.scale());
        this.connect = new ConnectEventMapper(limit, new TextRedactor(redactor, sparkConf.get("spark.redaction.string.regex")));
        this.busDrops = new ListenerBusDrops(counters);
        this.appIdFromConf = sparkConf.get("spark.app.id");
        this.attemptIdFromConf = sparkConf.get("spark.app.attempt.id");
        if (appIdFromConf != null) {
            setRun(appIdFromConf, attemptIdFromConf);
        }
        emitter.atShutdownAwait(this::awaitApplicationEnd);
    }

    /**
     * At JVM shutdown with the application still running, Spark's own shutdown hook stops the
     * SparkContext, which posts the application's end; the emitter's hook, running beside it, waits
     * for that end to be offered (within the flush timeout) instead of sealing the run without it.
     */
    private void awaitApplicationEnd(long timeoutNanos) throws InterruptedException {
        if (started && !ended.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
            counters.count(CounterNames.LISTENER_APPLICATION_END_NOT_SEEN_AT_SHUTDOWN, 1);
        }
    }

    private void setRun(String appId, String attemptId) {
        emitter.setRun(RunRef.newBuilder()
                .setAppId(appId)
                .setAttemptId(attemptId)
                .setSeries(config.series())
                .setTags(config.tags())
                .build());
    }

    /** The configuration in effect (after falling back to defaults for bad values). */
    public ListenerConfig config() {
        return config;
    }

    @Override
    public void onApplicationStart(SparkListenerApplicationStart event) {
        started = true;
        try {
            String appId = ScalaValues.stringOrNull(event.appId());
            if (appId != null && (appIdFromConf == null || emitter.run() == null)) {
                setRun(appId, ScalaValues.stringOrNull(event.appAttemptId()));
            }
            emitter.offer(application.start(event), 4096);
        } catch (Throwable t) {
            counters.suppressed("listener.onApplicationStart");
        }
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd event) {
        try {
            busDrops.report();
            emitter.offer(application.end(event), 64);
        } catch (Throwable t) {
            counters.suppressed("listener.onApplicationEnd");
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        try {
            emitter.offer(jobs.jobStart(event), 512);
        } catch (Throwable t) {
            counters.suppressed("listener.onJobStart");
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        try {
            emitter.offer(jobs.jobEnd(event), 256);
            busDrops.report();
        } catch (Throwable t) {
            counters.suppressed("listener.onJobEnd");
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        try {
            emitter.offer(jobs.stageSubmitted(event.stageInfo()), 1024);
        } catch (Throwable t) {
            counters.suppressed("listener.onStageSubmitted");
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        try {
            emitter.offer(jobs.stageCompleted(event.stageInfo()), 512);
        } catch (Throwable t) {
            counters.suppressed("listener.onStageCompleted");
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
        if (!config.captureTaskStarts()) {
            return;
        }
        try {
            tasks.onTaskStart(event);
        } catch (Throwable t) {
            counters.suppressed("listener.onTaskStart");
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        if (!config.captureTasks()) {
            return;
        }
        try {
            tasks.onTaskEnd(event);
        } catch (Throwable t) {
            counters.suppressed("listener.onTaskEnd");
        }
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded event) {
        try {
            emitter.offer(executors.added(event), 512);
        } catch (Throwable t) {
            counters.suppressed("listener.onExecutorAdded");
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        try {
            emitter.offer(executors.removed(event), 256);
        } catch (Throwable t) {
            counters.suppressed("listener.onExecutorRemoved");
        }
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
        if (!config.captureExecutorMetrics()) {
            return;
        }
        try {
            Object update = executors.metricsUpdate(event, System.currentTimeMillis());
            if (update != null) {
                emitter.offer(update, 1024);
            }
        } catch (Throwable t) {
            counters.suppressed("listener.onExecutorMetricsUpdate");
        }
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
        try {
            Object mapped = null;
            if (config.captureSql() && SqlEventMapper.handles(event)) {
                mapped = sql.map(event);
                trackPythonNodes(event);
            } else if (config.captureSql() && event.getClass().getName().equals(SqlEventMapper.ADAPTIVE_UPDATE)) {
                trackPythonNodes(event);
            } else if (config.captureConnect() && ConnectEventMapper.handles(event)) {
                mapped = connect.map(event);
            }
            if (mapped != null) {
                emitter.offer(mapped, 2048);
            }
        } catch (Throwable t) {
            counters.suppressed("listener.onOtherEvent");
        }
    }

    /** The Python nodes of a SQL execution's plan, for its tasks' {@link PythonUdfTracker#forTask}. */
    private void trackPythonNodes(SparkListenerEvent event) {
        try {
            if (event.getClass().getName().equals(SqlEventMapper.END)) {
                pythonUdfs.onEnd(event);
            } else {
                pythonUdfs.onPlan(event);
            }
        } catch (Throwable t) {
            counters.suppressed("listener.pythonUdfs");
        }
    }

    private static SparkConf activeConf() {
        try {
            scala.Option<SparkContext> sc = SparkContext$.MODULE$.getActive();
            if (sc.isDefined()) {
                return sc.get().getConf();
            }
        } catch (Throwable t) {
            // No active context reachable: fall back to the spark.* system properties spark-submit sets.
        }
        return new SparkConf(true);
    }

    private static Map<String, String> confMap(SparkConf conf) {
        Map<String, String> out = new HashMap<>();
        if (conf == null) {
            return out;
        }
        for (scala.Tuple2<String, String> kv : conf.getAll()) {
            out.put(kv._1(), kv._2());
        }
        return out;
    }

    /** Sub-prefixes of {@code spark.pyrometer.} that the Spark plugin reads, not the listener. */
    private static final String AGENT_KEYS = "agent.";
    private static final String PLUGIN_KEYS = "plugin.";

    private static Map<String, String> withoutPrefix(Map<String, String> all, String prefix) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : "";
            // spark.pyrometer.agent.* and .plugin.* are the Spark plugin's (docs/platforms.md), not unknown keys.
            if (!key.isEmpty() && !key.startsWith(AGENT_KEYS) && !key.startsWith(PLUGIN_KEYS)) {
                out.put(key, e.getValue());
            }
        }
        return out;
    }
}
