/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.collector.timeline.RunTimeline.FailureScope;
import dev.pyrometer.event.Event;
import dev.pyrometer.event.ProcessInfo;
import dev.pyrometer.event.ProcessKind;
import dev.pyrometer.event.ProcessTreeSample;
import dev.pyrometer.event.SerializerStats;
import dev.pyrometer.event.TaskEnd;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunAssemblerTest {

    private static RunTimeline join(List<Event> events) {
        RunAssembler a = new RunAssembler(RunAssembler.runIdOf(events.get(0).getRun()));
        for (Event e : events) {
            a.accept(e, Origin.NONE);
        }
        return a.timeline(RunStatus.COMPLETE);
    }

    @Test
    void joinsJobsStagesTasksLanesAndProcesses() {
        SyntheticRun run = new SyntheticRun();
        RunTimeline t = join(run.build());
        assertThat(t.app().name()).isEqualTo("synthetic");
        assertThat(t.app().endSeen()).isTrue();
        assertThat(t.jobs()).hasSize(3);
        assertThat(t.jobs().get(2).succeeded()).isFalse();
        assertThat(t.stages()).extracting(RunTimeline.Stage::tasksSucceeded).containsExactly(8, 8, 7);
        assertThat(t.stages().get(0).shuffleWriteBytes()).isEqualTo(8 * 500_000L);
        assertThat(t.tasks()).hasSize(24);
        assertThat(t.failedTasks()).isEqualTo(1);
        // the driver is a lane too: its own JVM samples and, in local mode, its tasks
        assertThat(t.executors()).extracting(RunTimeline.Executor::executorId).containsExactly("driver", "1", "2");
        assertThat(t.executors()).extracting(RunTimeline.Executor::tasks).containsExactly(0, 12, 12);
        // per executor: JVM, daemon and one worker (same pid, same start time)
        assertThat(t.processes()).hasSize(6);
        assertThat(t.peakPythonRss()).isEqualTo(107_000_000L);
        assertThat(t.py4jStats()).hasSize(3);
        assertThat(t.py4jOutliers()).singleElement().satisfies(o -> assertThat(o.responseChars()).isEqualTo(50_000_000));
        assertThat(t.serializerStats()).hasSize(6);
        assertThat(t.failures()).extracting(RunTimeline.Failure::scope).containsExactlyInAnyOrder(FailureScope.TASK, FailureScope.STAGE, FailureScope.JOB);
        assertThat(t.failures()).filteredOn(f -> f.scope() == FailureScope.TASK).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("ValueError: bad record"));
        assertThat(t.loss().lostEvents()).isZero();
        assertThat(t.inconsistencies()).isEmpty();
    }

    @Test
    void aTasksPeakPythonRssIsItsWorkersAsSampledWithoutSparksProcessTreeMetrics() {
        SyntheticRun run = new SyntheticRun();
        run.sparkPythonRssPeaks = false;
        RunTimeline t = join(run.build());
        // Task i of each stage was sampled mid-task with its worker at 100 MB + i MB.
        assertThat(t.tasks()).allSatisfy(task -> assertThat(task.peakPythonRss())
                .isEqualTo(100_000_000L + task.index() * 1_000_000L));
    }

    @Test
    void exitedProcessesKeepFirstAndLastSeenAndAWorkerSeenOnlyAtCreationIsKept() {
        List<Event> events = new ArrayList<>(new SyntheticRun().build());
        Event sample = events.stream().filter(e -> e.getPayload() instanceof ProcessTreeSample)
                .filter(e -> !"driver".equals(e.getSource().getExecutorId())).findFirst().orElseThrow();
        long t1 = sample.getTimeMicros() + 10_000_000L;
        long t2 = t1 + 1_000_000L;
        ProcessInfo sampled = ProcessInfo.newBuilder().setPid(888).setPpid(1).setKind(ProcessKind.PYTHON_WORKER)
                .setRssBytes(5_000_000L).setStartTimeMicros(t1 - 50_000).setFirstSeenMicros(t1).setTaskId(3L).build();
        // Lived 200 ms between two samples: reported once, exited, first seen when Spark created it.
        ProcessInfo shortLived = ProcessInfo.newBuilder().setPid(777).setPpid(1).setKind(ProcessKind.PYTHON_WORKER)
                .setRssBytes(9_000_000L).setStartTimeMicros(t1 + 300_000).setFirstSeenMicros(t1 + 300_000)
                .setExited(true).setTaskId(5L).build();
        events.add(Event.newBuilder(sample).setSeq(1_000_000).setTimeMicros(t1)
                .setPayload(ProcessTreeSample.newBuilder().setProcesses(List.of(sampled)).build()).build());
        events.add(Event.newBuilder(sample).setSeq(1_000_001).setTimeMicros(t2)
                .setPayload(ProcessTreeSample.newBuilder().setProcesses(List.of(
                        ProcessInfo.newBuilder(sampled).setExited(true).build(), shortLived)).build()).build());
        RunTimeline t = join(events);

        RunTimeline.ProcessSeries s = t.processes().stream().filter(p -> p.pid() == 888).findFirst().orElseThrow();
        assertThat(s.exited()).isTrue();
        assertThat(s.points()).hasSize(1);
        assertThat(s.lastMs()).as("last seen is the last sample that saw it, not the one reporting the exit")
                .isEqualTo(s.firstMs());
        RunTimeline.ProcessSeries w = t.processes().stream().filter(p -> p.pid() == 777).findFirst().orElseThrow();
        assertThat(w.exited()).isTrue();
        assertThat(w.firstMs()).isEqualTo(w.lastMs()).isEqualTo(s.firstMs() + 300);
        assertThat(w.peakRssBytes()).isEqualTo(9_000_000L);
        assertThat(w.points()).singleElement().satisfies(p -> assertThat(p.taskId()).isEqualTo(5L));
    }

    @Test
    void theExitTimeAnAgentSawIsTheLastSeenTime() {
        List<Event> events = new ArrayList<>(new SyntheticRun().build());
        Event sample = events.stream().filter(e -> e.getPayload() instanceof ProcessTreeSample)
                .filter(e -> !"driver".equals(e.getSource().getExecutorId())).findFirst().orElseThrow();
        long t1 = sample.getTimeMicros() + 10_000_000L;
        long t2 = t1 + 1_000_000L;
        ProcessInfo sampled = ProcessInfo.newBuilder().setPid(889).setPpid(1).setKind(ProcessKind.OTHER)
                .setRssBytes(1_000_000L).setStartTimeMicros(t1 - 50_000).setFirstSeenMicros(t1).build();
        // A shell the JVM started (rdd.pipe) between two samples, exit time from the JVM (event-v3).
        ProcessInfo piped = ProcessInfo.newBuilder().setPid(778).setPpid(1).setKind(ProcessKind.OTHER)
                .setCommand("sh -c cat").setRssBytes(1_000_000L).setStartTimeMicros(t1 + 100_000)
                .setFirstSeenMicros(t1 + 100_000).setExited(true).setExitMicros(t1 + 150_000)
                .setLastSeenMicros(t1 + 150_000).build();
        events.add(Event.newBuilder(sample).setSeq(1_000_000).setTimeMicros(t1)
                .setPayload(ProcessTreeSample.newBuilder().setProcesses(List.of(sampled)).build()).build());
        events.add(Event.newBuilder(sample).setSeq(1_000_001).setTimeMicros(t2)
                .setPayload(ProcessTreeSample.newBuilder().setProcesses(List.of(ProcessInfo.newBuilder(sampled)
                        .setExited(true).setExitMicros(t1 + 700_000).setLastSeenMicros(t1 + 700_000).build(), piped))
                        .build()).build());
        RunTimeline t = join(events);

        RunTimeline.ProcessSeries s = t.processes().stream().filter(p -> p.pid() == 889).findFirst().orElseThrow();
        assertThat(s.lastMs()).isEqualTo(s.firstMs() + 700);
        RunTimeline.ProcessSeries p = t.processes().stream().filter(x -> x.pid() == 778).findFirst().orElseThrow();
        assertThat(p.exited()).isTrue();
        assertThat(p.firstMs()).isEqualTo(s.firstMs() + 100);
        assertThat(p.lastMs()).isEqualTo(s.firstMs() + 150);
    }

    @Test
    void childrenCpuNoSampleSawIsTheReapedCpuLessTheChildrenSampled() {
        List<Event> events = new ArrayList<>(new SyntheticRun().build());
        Event sample = events.stream().filter(e -> e.getPayload() instanceof ProcessTreeSample)
                .filter(e -> !"driver".equals(e.getSource().getExecutorId())).findFirst().orElseThrow();
        long t1 = sample.getTimeMicros() + 10_000_000L;
        long t2 = t1 + 1_000_000L;
        long ms = 1_000_000L;
        // A Python worker (pid 990) ran two subprocesses: one a sample saw (120 ms of CPU, 30 ms of its
        // own children's), one that lived between samples; the worker has reaped 500 ms in all.
        ProcessInfo worker = ProcessInfo.newBuilder().setPid(990).setPpid(1).setKind(ProcessKind.PYTHON_WORKER)
                .setStartTimeMicros(t1 - 50_000).setFirstSeenMicros(t1).setReapedChildrenCpuNanos(0L).build();
        ProcessInfo child = ProcessInfo.newBuilder().setPid(991).setPpid(990).setKind(ProcessKind.OTHER)
                .setStartTimeMicros(t1 - 10_000).setFirstSeenMicros(t1).setCpuNanos(120 * ms)
                .setReapedChildrenCpuNanos(30 * ms).build();
        events.add(Event.newBuilder(sample).setSeq(1_000_000).setTimeMicros(t1)
                .setPayload(ProcessTreeSample.newBuilder().setProcesses(List.of(worker, child)).build()).build());
        events.add(Event.newBuilder(sample).setSeq(1_000_001).setTimeMicros(t2)
                .setPayload(ProcessTreeSample.newBuilder().setProcesses(List.of(
                        ProcessInfo.newBuilder(worker).setReapedChildrenCpuNanos(500 * ms).build(),
                        ProcessInfo.newBuilder(child).setExited(true).build())).build()).build());
        RunTimeline t = join(events);

        RunTimeline.ProcessSeries w = t.processes().stream().filter(p -> p.pid() == 990).findFirst().orElseThrow();
        assertThat(w.unseenChildrenCpuMs()).isEqualTo(500 - 120 - 30);
        RunTimeline.ProcessSeries c = t.processes().stream().filter(p -> p.pid() == 991).findFirst().orElseThrow();
        assertThat(c.unseenChildrenCpuMs()).isEqualTo(30);
        // Agents before event-v3 report no reaped CPU: no value rather than a wrong one.
        assertThat(t.processes().stream().filter(p -> p.pid() != 990 && p.pid() != 991))
                .allSatisfy(p -> assertThat(p.unseenChildrenCpuMs()).isEqualTo(-1));
    }

    @Test
    void pythonRunnerStatsKeepTheirTaskAndTheAggregatesHaveNone() {
        List<Event> events = new ArrayList<>(new SyntheticRun().build());
        Event stat = events.stream().filter(e -> e.getPayload() instanceof SerializerStats).findFirst().orElseThrow();
        events.add(Event.newBuilder(stat).setSeq(1_000_000)
                .setPayload(SerializerStats.newBuilder((SerializerStats) stat.getPayload()).setSerializer("python-runner")
                        .setOperation("to-python").setCount(3).setBytes(70_000).setTaskId(7L).build()).build());
        RunTimeline t = join(events);

        assertThat(t.serializerStats()).filteredOn(s -> s.serializer().equals("python-runner")).singleElement()
                .satisfies(s -> {
                    assertThat(s.taskId()).isEqualTo(7L);
                    assertThat(s.bytes()).isEqualTo(70_000L);
                    assertThat(s.executorId()).isEqualTo(stat.getSource().getExecutorId());
                });
        assertThat(t.serializerStats()).filteredOn(s -> s.serializer().equals("pyrolite"))
                .isNotEmpty().allSatisfy(s -> assertThat(s.taskId()).isNull());
    }

    @Test
    void duplicatesAreJoinedOnceAndCounted() {
        List<Event> events = new SyntheticRun().build();
        List<Event> twice = new ArrayList<>(events);
        twice.addAll(events.subList(0, 40));
        RunTimeline once = join(events);
        RunTimeline again = join(twice);
        assertThat(again.loss().duplicates()).isEqualTo(40);
        assertThat(again.eventCount()).isEqualTo(once.eventCount());
        assertThat(again.tasks()).isEqualTo(once.tasks());
        assertThat(again.processes()).isEqualTo(once.processes());
    }

    @Test
    void anyArrivalOrderGivesTheSameTimeline() {
        List<Event> events = new SyntheticRun().build();
        RunTimeline inOrder = join(events);
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(42));
        RunTimeline outOfOrder = join(shuffled);
        assertThat(outOfOrder).isEqualTo(inOrder);
    }

    @Test
    void sequenceGapsAndEmitterDropsMarkTheRunIncomplete() {
        SyntheticRun run = new SyntheticRun();
        run.driverDropped = 7;
        run.listenerBusDropped = 11;
        List<Event> events = new ArrayList<>(run.build());
        // lose three driver events in the middle
        List<Event> lost = events.stream().filter(e -> e.getPayload() instanceof TaskEnd).limit(3).toList();
        events.removeAll(lost);
        RunTimeline t = join(events);
        // 7 dropped (counted) + 3 lost in transit (not counted) = 10 missing sequence numbers
        assertThat(t.loss().seqGaps()).isEqualTo(10);
        assertThat(t.loss().countedDrops()).isEqualTo(7);
        assertThat(t.loss().unaccounted()).isEqualTo(3);
        assertThat(t.loss().emitterDropped()).isEqualTo(7);
        assertThat(t.loss().listenerBusDropped()).isEqualTo(11);
        assertThat(t.loss().lostEvents()).isEqualTo(21);
        RunTimeline.SourceLoss driver = t.loss().sources().stream().filter(s -> s.role().equals("DRIVER")).findFirst()
                .orElseThrow();
        assertThat(driver.dropped()).containsEntry("queue_full", 7L);
        assertThat(driver.listenerBusDropped()).containsEntry("shared", 11L);
    }

    @Test
    void estimatesExecutorClockOffsetAndCorrectsSamples() {
        SyntheticRun run = new SyntheticRun();
        run.executorClockSkewMs = 5_000;
        RunTimeline t = join(run.build());
        assertThat(t.clockOffsetsMsByHost().get("worker-host")).isBetween(4_800L, 5_200L);
        assertThat(t.executors()).filteredOn(e -> !e.executorId().equals("driver"))
                .allSatisfy(e -> assertThat(e.clockOffsetMs()).isBetween(4_800L, 5_200L));
        // every worker sample now falls inside the task it served, on the driver's clock
        for (RunTimeline.ProcessSeries p : t.processes()) {
            for (RunTimeline.ProcessPoint pt : p.points()) {
                if (pt.taskId() != null) {
                    RunTimeline.Task task = t.tasks().stream().filter(x -> x.taskId() == pt.taskId()).findFirst()
                            .orElseThrow();
                    assertThat(pt.timeMs()).isBetween(task.launchMs(), task.finishMs());
                }
            }
        }
    }

    @Test
    void noSkewGivesZeroOffset() {
        SyntheticRun run = new SyntheticRun();
        run.executorClockSkewMs = 0;
        RunTimeline t = join(run.build());
        assertThat(t.clockOffsetsMsByHost().get("worker-host")).isBetween(-200L, 200L);
    }

    @Test
    void taskOfAStageNeverSeenIsKeptAndFlagged() {
        List<Event> events = new ArrayList<>(new SyntheticRun().build());
        Event end = events.stream().filter(e -> e.getPayload() instanceof TaskEnd).findFirst().orElseThrow();
        TaskEnd orphan = TaskEnd.newBuilder((TaskEnd) end.getPayload()).setTaskId(999).setStageId(77).build();
        events.add(Event.newBuilder(end).setSeq(10_000).setPayload(orphan).build());
        RunAssembler a = new RunAssembler("x");
        for (Event e : events) {
            a.accept(e, new Origin("t", 0, e.getSeq()));
        }
        RunTimeline t = a.timeline(RunStatus.COMPLETE);
        assertThat(t.tasks()).anySatisfy(task -> assertThat(task.taskId()).isEqualTo(999));
        assertThat(t.inconsistencies()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("TASK_FOR_UNKNOWN_STAGE");
            assertThat(i.origin().offset()).isEqualTo(10_000);
        });
    }

    @Test
    void runWithoutApplicationEndUsesTaskTimesForItsSpan() {
        SyntheticRun run = new SyntheticRun();
        run.withAppEnd = false;
        RunTimeline t = join(run.build());
        assertThat(t.app().endSeen()).isFalse();
        assertThat(t.app().endMs()).isEqualTo(t.tasks().stream().mapToLong(RunTimeline.Task::finishMs).max().orElseThrow()
                + 2);
    }
}
