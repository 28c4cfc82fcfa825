/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.Emitter;
import dev.pyrometer.emitter.SharedEmitter;
import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ExecutorAdded;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.SqlExecutionEnd;
import dev.pyrometer.event.SqlExecutionStart;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.listener.PyrometerListener;
import dev.pyrometer.listener.mapping.ConfRedactor;
import dev.pyrometer.testkit.KafkaBrokerExtension;
import dev.pyrometer.wire.CounterNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.status.api.v1.JobData;
import org.apache.spark.status.api.v1.StageData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real local SparkSession (Spark 3.5, Scala 2.12) with the listener attached through
 * {@code spark.extraListeners}, against a real broker: the events read back agree with Spark's
 * status tracker and status store (jobs, stages, task counts, stage durations), SQL executions
 * are captured, secrets are redacted, and nothing is dropped or suppressed.
 */
class ListenerIT {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TOPIC = "listener-it";
    private static final String SECRET = "hunter2-do-not-emit";

    @Test
    void eventsOfARunAgreeWithSparksOwnAccounting() throws Exception {
        Topics.create(KAFKA.bootstrapServers(), TOPIC);
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("listener-it")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.extraListeners", PyrometerListener.class.getName())
                .config("spark.pyrometer.bootstrap.servers", KAFKA.bootstrapServers())
                .config("spark.pyrometer.topic", TOPIC)
                .config("spark.pyrometer.series", "it-series")
                .config("spark.pyrometer.tags", "team=pyro;scale=small")
                .config("spark.pyrometer.self.metrics.interval.ms", "500")
                .config("spark.pyrometer.kafka.linger.ms", "5")
                .config("spark.driver.password", SECRET)
                .config("spark.executor.extraJavaOptions", "-Dkey.token=" + SECRET)
                .getOrCreate();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SparkAccounting accounting = SampleJobs.runAll(jsc);
        assertThat(spark.range(0, 1000).selectExpr("id % 7 as k").groupBy("k").count().collectAsList()).hasSize(7);
        List<StageData> stages = scala.collection.JavaConverters.seqAsJavaList(spark.sparkContext().statusStore().stageList(null, false, false, new double[0], null));
        List<JobData> jobs = scala.collection.JavaConverters.seqAsJavaList(spark.sparkContext().statusStore().jobsList(null));
        spark.stop();

        RunEvents events = RunEvents.read(KAFKA.bootstrapServers(), TOPIC,
                r -> !r.of(ApplicationEnd.class).isEmpty(), Duration.ofSeconds(60));
        events.assertAgreesWith(accounting);

        assertThat(events.of(JobStart.class)).hasSameSizeAs(jobs);
        for (StageData sd : stages) {
            if (sd.submissionTime().isEmpty() || sd.completionTime().isEmpty()) {
                continue;
            }
            long sparkDuration = sd.completionTime().get().getTime() - sd.submissionTime().get().getTime();
            assertThat(events.of(StageCompleted.class))
                    .filteredOn(s -> s.getStageId() == sd.stageId() && s.getAttemptId() == sd.attemptId())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getCompletionTimeMs() - s.getSubmissionTimeMs())
                            .as("duration of stage %d", sd.stageId()).isEqualTo(sparkDuration));
        }

        assertThat(events.of(SqlExecutionStart.class)).isNotEmpty().allSatisfy(s -> assertThat(s.getPhysicalPlan()).isNotEmpty());
        assertThat(events.of(SqlExecutionStart.class)).anySatisfy(s -> assertThat(s.getPhysicalPlan()).contains("HashAggregate"));
        assertThat(events.of(SqlExecutionEnd.class)).hasSameSizeAs(events.of(SqlExecutionStart.class));
        assertThat(events.of(JobStart.class)).anySatisfy(j -> assertThat(j.getSqlExecutionId()).isNotNull());

        Event first = events.all.get(0);
        assertThat(first.getRun().getSeries()).isEqualTo("it-series");
        assertThat(first.getRun().getTags()).containsEntry("team", "pyro").containsEntry("scale", "small");
        ApplicationStart start = events.of(ApplicationStart.class).get(0);
        assertThat(start.getAppName()).isEqualTo("listener-it");
        assertThat(start.getMaster()).isEqualTo("local[2]");
        assertThat(start.getSparkVersion()).startsWith("3.5");
        assertThat(start.getScalaVersion()).startsWith("2.12");
        assertThat(start.getConf()).containsEntry("spark.driver.password", ConfRedactor.REDACTED)
                .containsEntry("spark.executor.extraJavaOptions", ConfRedactor.REDACTED)
                .containsEntry("spark.pyrometer.topic", TOPIC);
        for (byte[] raw : events.raw) {
            assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        }
        assertThat(events.of(ExecutorAdded.class)).anySatisfy(e -> assertThat(e.getExecutorId()).isEqualTo("driver"));
        assertThat(events.of(ApplicationEnd.class).get(0).getExitCode()).isNull();

        Emitter emitter = SharedEmitter.current();
        assertThat(emitter.counters().suppressedSnapshot()).isEmpty();
        assertThat(emitter.counters().droppedSnapshot()).isEmpty();
        Map<String, Long> counters = emitter.counters().countersSnapshot();
        assertThat(counters).doesNotContainKey(CounterNames.LISTENER_BUS_DROPS_UNAVAILABLE);
        assertThat(counters.keySet()).anyMatch(k -> k.startsWith(CounterNames.LISTENER_BUS_DROPPED_PREFIX));
        counters.forEach((k, v) -> {
            if (k.startsWith(CounterNames.LISTENER_BUS_DROPPED_PREFIX)) {
                assertThat(v).as(k).isZero();
            }
        });
    }
}
