/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

class SeqAccessorTest {
    /** Getters declaring different Scala sequence types, as Spark on Scala 2.12 and 2.13 do. */
    public static final class Holder {
        public scala.collection.Seq<Object> collectionSeq() {
            return JavaConverters.asScalaBufferConverter(Arrays.<Object>asList(1, 2, 3)).asScala().toSeq();
        }

        public scala.collection.immutable.List<Object> immutableList() {
            return JavaConverters.asScalaBufferConverter(Arrays.<Object>asList(4, 5)).asScala().toList();
        }

        public scala.collection.Seq<Object> nothing() {
            return null;
        }
    }

    @Test
    void readsGettersWhateverScalaSequenceTypeTheyDeclare() {
        assertThat(SeqAccessor.of(Holder.class, "collectionSeq").ints(new Holder())).containsExactly(1, 2, 3);
        assertThat(SeqAccessor.of(Holder.class, "immutableList").ints(new Holder())).containsExactly(4, 5);
        assertThat(SeqAccessor.of(Holder.class, "immutableList").count(new Holder())).isEqualTo(2);
    }

    @Test
    void treatsNullAsEmpty() {
        assertThat(SeqAccessor.of(Holder.class, "nothing").count(new Holder())).isZero();
    }

    @Test
    void failsOnceAtResolutionForAMissingGetter() {
        assertThatThrownBy(() -> SeqAccessor.of(Holder.class, "noSuchGetter"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noSuchGetter");
    }

    @Test
    void readsSparksOwnSequenceAccessors() {
        StageInfo a = new StageInfo(3, 0, "a", 2, seq(), seq((Object) 7, 8), "details", null, null, scala.Option.empty(), 0, false, 0);
        StageInfo b = new StageInfo(4, 0, "b", 5, seq(), seq(), "details", null, null, scala.Option.empty(), 0, false, 0);
        SparkListenerJobStart start = new SparkListenerJobStart(1, 0L, seq(a, b), new java.util.Properties());
        SeqAccessor infos = SeqAccessor.of(SparkListenerJobStart.class, "stageInfos");
        assertThat(infos.count(start)).isEqualTo(2);
        assertThat(SeqAccessor.of(StageInfo.class, "parentIds").ints(a)).containsExactly(7, 8);
        assertThat(SeqAccessor.of(SparkListenerJobStart.class, "stageIds").ints(start)).containsExactly(3, 4);
    }

    @SafeVarargs
    private static <T> scala.collection.Seq<T> seq(T... xs) {
        return JavaConverters.asScalaBufferConverter(Arrays.asList(xs)).asScala().toSeq();
    }
}
