package dev.pyrometer.agent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;

class PythonWorkerTasksTest {
    @Test
    void readsThePidOfBothSparkLines() throws Exception {
        assertThat(PythonWorkerTasks.pidOf(Option.apply(1234))).isEqualTo(1234);
        assertThat(PythonWorkerTasks.pidOf(Option.apply(ProcessHandle.current()))).isEqualTo(ProcessHandle.current().pid());
        assertThat(PythonWorkerTasks.pidOf(Option.empty())).isEqualTo(-1);
    }

    @Test
    void withoutATaskContextNothingIsTracked() {
        PythonWorkerTasks.created(null, new Tuple2<>(new Object(), Option.apply(4321)));
        assertThat(PythonWorkerTasks.taskOf(4321)).isNull();
    }

    @Test
    void tagParsingKeepsKeyValuePairs() {
        assertThat(SparkBridge.parseTags("team=data; env = prod;bad")).containsEntry("team", "data").containsEntry("env", "prod").hasSize(2);
    }
}
