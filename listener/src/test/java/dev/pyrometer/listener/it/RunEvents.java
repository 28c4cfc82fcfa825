/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.ApplicationEnd;
import dev.pyrometer.event.ApplicationStart;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.JobEnd;
import dev.pyrometer.event.JobStart;
import dev.pyrometer.event.Role;
import dev.pyrometer.event.SelfMetrics;
import dev.pyrometer.event.StageCompleted;
import dev.pyrometer.event.StageSubmitted;
import dev.pyrometer.event.TaskEnd;
import dev.pyrometer.event.TaskFailureKind;
import dev.pyrometer.event.TaskStart;
import dev.pyrometer.event.TaskStatus;
import dev.pyrometer.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The events of one run read back from Kafka, and the checks every listener IT applies to them. */
public final class RunEvents {
    public final List<Event> all = new ArrayList<>();
    public final List<byte[]> raw = new ArrayList<>();

    /** Reads the topic until {@code done} holds for the decoded events, or fails after the timeout. */
    public static RunEvents read(String bootstrap, String topic, Predicate<RunEvents> done, Duration timeout) {
        RunEvents[] last = new RunEvents[1];
        TopicReader.readUntil(bootstrap, topic, records -> {
            last[0] = decode(records);
            return done.test(last[0]);
        }, timeout);
        RunEvents events = last[0] == null ? new RunEvents() : last[0];
        assertThat(done.test(events)).as("events read within %s: %s", timeout, events.summary()).isTrue();
        return events;
    }

    private static RunEvents decode(List<ConsumerRecord<String, byte[]>> records) {
        RunEvents r = new RunEvents();
        for (ConsumerRecord<String, byte[]> rec : records) {
            r.raw.add(rec.value());
            try {
                r.all.add(EventCodec.get().decode(rec.value()));
            } catch (dev.pyrometer.codec.DecodeException e) {
                throw new AssertionError("undecodable record at offset " + rec.offset(), e);
            }
        }
        return r;
    }

    public <T> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Event e : all) {
            if (type.isInstance(e.getPayload())) {
                out.add(type.cast(e.getPayload()));
            }
        }
        return out;
    }

    public boolean hasShutdownMetrics() {
        for (SelfMetrics m : of(SelfMetrics.class)) {
            if (m.getAtShutdown()) {
                return true;
            }
        }
        return false;
    }

    public String summary() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Event e : all) {
            counts.merge(e.getPayload().getClass().getSimpleName(), 1, Integer::sum);
        }
        return counts.toString();
    }

    /** The checks shared by every Spark version: events complete and in agreement with Spark's accounting. */
    public void assertAgreesWith(SparkAccounting spark) {
        assertThat(all).allSatisfy(e -> {
            assertThat(e.getRun().getAppId()).isEqualTo(spark.appId);
            assertThat(e.getSource().getRole()).isEqualTo(Role.DRIVER);
            assertThat(e.getSource().getProducer()).contains("listener");
        });
        // One emitter, nothing lost: sequence numbers run from 0 without gaps.
        TreeSet<Long> seqs = new TreeSet<>();
        for (Event e : all) {
            seqs.add(e.getSeq());
        }
        assertThat(seqs.first()).isZero();
        assertThat(seqs.last()).isEqualTo(seqs.size() - 1L);

        assertThat(of(ApplicationStart.class)).hasSize(1);
        assertThat(of(ApplicationStart.class).get(0).getSparkVersion()).isNotEmpty();
        assertThat(of(ApplicationEnd.class)).hasSize(1);

        // Only the sample jobs are compared; a test may run more (SQL) around them.
        List<JobStart> starts = new ArrayList<>(of(JobStart.class));
        starts.removeIf(s -> !spark.jobStatus.containsKey(s.getJobId()));
        List<JobEnd> ends = new ArrayList<>(of(JobEnd.class));
        ends.removeIf(e -> !spark.jobStatus.containsKey(e.getJobId()));
        assertThat(starts).extracting(JobStart::getJobId).containsExactlyInAnyOrderElementsOf(spark.jobStatus.keySet());
        assertThat(ends).extracting(JobEnd::getJobId).containsExactlyInAnyOrderElementsOf(spark.jobStatus.keySet());
        for (JobStart s : starts) {
            assertThat(new TreeSet<>(s.getStageIds())).as("stages of job %d", s.getJobId())
                    .isEqualTo(spark.jobStages.get(s.getJobId()));
        }
        for (JobEnd e : ends) {
            assertThat(e.getSucceeded()).as("job %d succeeded", e.getJobId())
                    .isEqualTo("SUCCEEDED".equals(spark.jobStatus.get(e.getJobId())));
        }

        List<TaskEnd> taskEnds = new ArrayList<>(of(TaskEnd.class));
        taskEnds.removeIf(t -> !spark.stageTasks.containsKey(t.getStageId()));
        List<TaskStart> taskStarts = new ArrayList<>(of(TaskStart.class));
        taskStarts.removeIf(t -> !spark.stageTasks.containsKey(t.getStageId()));
        for (Map.Entry<Integer, int[]> st : spark.stageTasks.entrySet()) {
            int stage = st.getKey();
            int[] t = st.getValue();
            assertThat(count(taskEnds, stage, TaskStatus.SUCCESS)).as("completed tasks of stage %d", stage).isEqualTo(t[1]);
            assertThat(count(taskEnds, stage, TaskStatus.FAILED)).as("failed tasks of stage %d", stage).isEqualTo(t[2]);
            assertThat(of(StageSubmitted.class)).filteredOn(s -> s.getStageId() == stage)
                    .singleElement().satisfies(s -> assertThat(s.getNumTasks()).isEqualTo(t[0]));
            assertThat(of(StageCompleted.class)).filteredOn(s -> s.getStageId() == stage).hasSize(1);
        }
        assertThat(taskStarts).hasSameSizeAs(taskEnds);
        for (TaskEnd t : taskEnds) {
            assertThat(t.getMetrics()).isNotNull();
            assertThat(t.getExecutorId()).isEqualTo("driver");
        }

        // The shuffle: a map stage wrote what the result stage read.
        long written = 0;
        long read = 0;
        for (TaskEnd t : taskEnds) {
            written += t.getMetrics().getShuffleRecordsWritten();
            read += t.getMetrics().getShuffleRecordsRead();
        }
        assertThat(written).isPositive().isEqualTo(read);

        // The exception with a nested cause, whole.
        assertThat(taskEnds).filteredOn(t -> t.getStatus() == TaskStatus.FAILED).singleElement().satisfies(t -> {
            assertThat(t.getFailure().getKind()).isEqualTo(TaskFailureKind.EXCEPTION);
            assertThat(t.getFailure().getException().getClassName()).isEqualTo("java.lang.IllegalStateException");
            assertThat(t.getFailure().getException().getMessage()).isEqualTo(SampleJobs.FAILURE_MESSAGE);
            assertThat(t.getFailure().getException().getStackTrace())
                    .contains("Caused by: java.lang.IllegalArgumentException: " + SampleJobs.NESTED_CAUSE);
            assertThat(t.getFailure().getException().getTruncated()).isFalse();
        });
        assertThat(ends).filteredOn(e -> !e.getSucceeded()).hasSize(2)
                .anySatisfy(e -> assertThat(e.getFailure().getMessage()).contains(SampleJobs.FAILURE_MESSAGE));

        // The cancelled job: its tasks killed, its stage failed, its group recorded.
        JobStart cancelled = starts.stream().filter(s -> SampleJobs.CANCEL_GROUP.equals(s.getJobGroup())).findFirst()
                .orElseThrow(() -> new AssertionError("no job start with group " + SampleJobs.CANCEL_GROUP));
        int cancelledStage = cancelled.getStageIds().get(0);
        assertThat(taskEnds).filteredOn(t -> t.getStageId() == cancelledStage).hasSize(2).allSatisfy(t -> {
            assertThat(t.getStatus()).isEqualTo(TaskStatus.KILLED);
            assertThat(t.getFailure().getKind()).isEqualTo(TaskFailureKind.TASK_KILLED);
        });
        assertThat(of(StageCompleted.class)).filteredOn(s -> s.getStageId() == cancelledStage).singleElement()
                .satisfies(s -> assertThat(s.getFailureReason()).isNotNull());
    }

    private static long count(List<TaskEnd> ends, int stage, TaskStatus status) {
        return ends.stream().filter(t -> t.getStageId() == stage && t.getStatus() == status).count();
    }
}
