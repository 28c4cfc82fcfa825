/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.emitter.LossCounters;
import dev.pyrometer.event.PythonUdfMetrics;
import dev.pyrometer.event.SqlMetricValue;
import dev.pyrometer.listener.compat.EventGetters;
import dev.pyrometer.wire.CounterNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.sql.execution.SparkPlanInfo;
import org.apache.spark.sql.execution.metric.SQLMetricInfo;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Spark 3.5's own SparkPlanInfo and SQLMetricInfo, read by name as the listener reads them at run time. */
class PythonUdfTrackerTest {
    private final LossCounters counters = new LossCounters();
    private final PythonUdfTracker tracker = new PythonUdfTracker(new EventGetters(), counters);

    @Test
    void aTaskGetsTheFunctionsAndItsMetricValuesOfThePythonNodesItRan() {
        tracker.onPlan(new PlanEvent(3, plan()));
        TaskInfo info = SparkEvents.taskInfo(42);
        info.setAccumulables(seq(Arrays.asList(
                update(1, "internal.metrics.executorRunTime", 200L),
                update(101, "data sent to Python workers", 4_096L),
                update(102, "data returned from Python workers", 512L),
                update(103, "number of output rows", 40L),
                update(201, "data sent to Python workers", 8_192L),
                update(300, "number of output rows", 7L))));
        List<PythonUdfMetrics> got = tracker.forTask(info);
        assertThat(got).hasSize(2);
        PythonUdfMetrics pickled = got.stream().filter(p -> !p.getArrow()).findFirst().get();
        assertThat(pickled.getExecutionId()).isEqualTo(3);
        assertThat(pickled.getNode()).isEqualTo("BatchEvalPython");
        assertThat(pickled.getFunctions()).containsExactly("pairs_of", "<lambda>");
        assertThat(pickled.getMetrics().stream().map(m -> m.getName() + "=" + m.getValue() + " " + m.getMetricType())
                .collect(Collectors.toList())).containsExactly("data sent to Python workers=4096 size",
                        "data returned from Python workers=512 size", "number of output rows=40 sum");
        PythonUdfMetrics arrow = got.stream().filter(PythonUdfMetrics::getArrow).findFirst().get();
        assertThat(arrow.getNode()).isEqualTo("ArrowEvalPython");
        assertThat(arrow.getFunctions()).containsExactly("normalize");
        assertThat(arrow.getMetrics()).extracting(SqlMetricValue::getValue).containsExactly(8_192L);
    }

    @Test
    void anExecutionsIdsAreReleasedAtItsEndAndTasksThenCostNothing() {
        tracker.onPlan(new PlanEvent(3, plan()));
        assertThat(tracker.held()).isEqualTo(4);
        tracker.onEnd(new PlanEvent(3, null));
        assertThat(tracker.held()).isZero();
        TaskInfo info = SparkEvents.taskInfo(42);
        info.setAccumulables(seq(Collections.singletonList(update(101, "data sent to Python workers", 1L))));
        assertThat(tracker.forTask(info)).isEmpty();
    }

    @Test
    void theTableOfAccumulatorIdsIsBoundedAndWhatDoesNotFitIsCounted() {
        for (int e = 0; e * 4 < PythonUdfTracker.MAX_ACCUMULATORS + 8; e++) {
            tracker.onPlan(new PlanEvent(e, plan(e * 1_000L)));
        }
        assertThat(tracker.held()).isEqualTo(PythonUdfTracker.MAX_ACCUMULATORS);
        assertThat(counters.countersSnapshot()).containsEntry(CounterNames.LISTENER_PYTHON_METRICS_NOT_KEPT, 8L);
    }

    private static SparkPlanInfo plan() {
        return plan(0);
    }

    /** HashAggregate over ArrowEvalPython over BatchEvalPython over Range, metric ids offset by base. */
    private static SparkPlanInfo plan(long base) {
        SparkPlanInfo range = node("Range", "Range (0, 3000, step=1, splits=4)", Collections.emptyList(),
                Collections.singletonList(new SQLMetricInfo("number of output rows", base + 300, "sum")));
        SparkPlanInfo batch = node("BatchEvalPython", "BatchEvalPython [pairs_of(id#0L)#8L, <lambda>(id#0L)#9L], [pythonUDF0#12L]",
                Collections.singletonList(range), Arrays.asList(
                        new SQLMetricInfo("data sent to Python workers", base + 101, "size"),
                        new SQLMetricInfo("data returned from Python workers", base + 102, "size"),
                        new SQLMetricInfo("number of output rows", base + 103, "sum")));
        SparkPlanInfo arrow = node("ArrowEvalPython", "ArrowEvalPython [normalize(cast(name#1 as string))#9], [pythonUDF1#13], 200",
                Collections.singletonList(batch), Collections.singletonList(
                        new SQLMetricInfo("data sent to Python workers", base + 201, "size")));
        return node("HashAggregate", "HashAggregate(keys=[], functions=[count(1)])", Collections.singletonList(arrow),
                Collections.emptyList());
    }

    private static SparkPlanInfo node(String name, String text, List<SparkPlanInfo> children, List<SQLMetricInfo> metrics) {
        return new SparkPlanInfo(name, text, seq(children), scala.collection.immutable.Map$.MODULE$.<String, String>empty(),
                seq(metrics));
    }

    private static AccumulableInfo update(long id, String name, long value) {
        return new AccumulableInfo(id, Option.apply(name), Option.apply((Object) value), Option.apply((Object) value), false,
                false, Option.<String>empty());
    }

    private static <T> Seq<T> seq(List<T> xs) {
        return JavaConverters.asScalaBufferConverter(new ArrayList<>(xs)).asScala().toSeq();
    }
}
