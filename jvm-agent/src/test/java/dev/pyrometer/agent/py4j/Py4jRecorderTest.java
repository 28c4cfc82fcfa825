package dev.pyrometer.agent.py4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.stats.IntervalAccumulator;
import dev.pyrometer.emitter.LossCounters;
import org.junit.jupiter.api.Test;

class Py4jRecorderTest {
    private final LossCounters counters = new LossCounters();
    private final Py4jRecorder recorder = new Py4jRecorder(16, 64, 4, 1000, 1_000_000_000L, () -> counters);

    private void call(Object target, String method, String response, boolean error) {
        recorder.commandStart();
        recorder.invokeStart(null, target, method);
        recorder.invokeEnd(error, error ? new IllegalStateException("x") : null);
        recorder.response(response);
        recorder.commandEnd();
    }

    private IntervalAccumulator.Snapshot drained(Object target, String method) {
        IntervalAccumulator.Snapshot s = new IntervalAccumulator.Snapshot();
        assertThat(recorder.table().entry(target, method).acc.drainInto(s)).isTrue();
        return s;
    }

    @Test
    void aggregatesCallsPerTargetClassAndMethod() {
        for (int i = 0; i < 5; i++) {
            call("a string target", "length", "!yi5", false);
        }
        call(Integer.valueOf(3), "intValue", "!yi3", false);
        call("s", "charAt", "!xro12", true);

        IntervalAccumulator.Snapshot len = drained(String.class, "length");
        assertThat(len.count).isEqualTo(5);
        assertThat(len.totalSize).isEqualTo(20);
        assertThat(len.maxSize).isEqualTo(4);
        assertThat(len.errors).isZero();
        assertThat(drained(Integer.class, "intValue").count).isEqualTo(1);
        assertThat(drained(String.class, "charAt").errors).isEqualTo(1);
        assertThat(counters.totalSuppressed()).isZero();
    }
}
