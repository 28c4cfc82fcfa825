/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonPlanNodesTest {
    @Test
    void pythonNodesAndTheirPathAreKnownByName() {
        assertThat(PythonPlanNodes.isPython("BatchEvalPython")).isTrue();
        assertThat(PythonPlanNodes.isArrow("BatchEvalPython")).isFalse();
        assertThat(PythonPlanNodes.isArrow("BatchEvalPythonUDTF")).isFalse();
        for (String arrow : new String[] {"ArrowEvalPython", "MapInPandas", "PythonMapInArrow", "MapInArrow",
                "FlatMapGroupsInPandas", "FlatMapCoGroupsInPandas", "AggregateInPandas", "WindowInPandas",
                "ArrowEvalPythonUDTF", "FlatMapGroupsInPandasWithState"}) {
            assertThat(PythonPlanNodes.isArrow(arrow)).as(arrow).isTrue();
        }
        for (String other : new String[] {"Project", "HashAggregate", "Exchange", "Filter", "Range", null}) {
            assertThat(PythonPlanNodes.isPython(other)).as(other).isFalse();
        }
    }

    @Test
    void functionsAreTheExpressionsThatCarryAResultIdAfterTheirArguments() {
        assertThat(PythonPlanNodes.functions("BatchEvalPython [pairs_of(id#0L)#8L], [pythonUDF0#12L]"))
                .containsExactly("pairs_of");
        // Spark's own expressions inside the arguments are not Python functions.
        assertThat(PythonPlanNodes.functions("ArrowEvalPython [normalize(cast(name#1 as string))#9, (a#2 + b#3)], [pythonUDF0#13], 200"))
                .containsExactly("normalize");
        assertThat(PythonPlanNodes.functions("MapInPandas <lambda>(id#0L, v#1L)#7, [id#8L, v#9L], false"))
                .containsExactly("<lambda>");
        assertThat(PythonPlanNodes.functions("FlatMapGroupsInPandas [k#1L], center(k#1L, v#2L)#10, [k#11L, v#12L]"))
                .containsExactly("center");
        // Chained and repeated UDFs: each once, outer first.
        assertThat(PythonPlanNodes.functions("BatchEvalPython [f(g(x#1)#3)#4, f(y#2)#5, mod.h(z#6)#7], [pythonUDF0#8]"))
                .containsExactly("f", "g", "mod.h");
        assertThat(PythonPlanNodes.functions("BatchEvalPython [pythonUDF0#12L]")).isEmpty();
        assertThat(PythonPlanNodes.functions(null)).isEmpty();
        // Cut off mid-expression (maxToStringFields): what was complete is kept.
        assertThat(PythonPlanNodes.functions("BatchEvalPython [a(x#1)#2, b(y#3")).containsExactly("a");
    }

    @Test
    void aPlanWithManyFunctionsKeepsABoundedList() {
        StringBuilder b = new StringBuilder("BatchEvalPython [");
        for (int i = 0; i < 100; i++) {
            b.append("f").append(i).append("(x#1)#").append(100 + i).append(", ");
        }
        assertThat(PythonPlanNodes.functions(b.toString())).hasSize(PythonPlanNodes.MAX_FUNCTIONS);
        String longName = new String(new char[500]).replace('\0', 'n');
        assertThat(PythonPlanNodes.functions(longName + "(x#1)#2").get(0)).hasSize(PythonPlanNodes.MAX_NAME_CHARS);
    }
}
