/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.serializer;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.pyrometer.agent.module.AdviceClasses;
import dev.pyrometer.agent.module.TypeInstrumentation;
import dev.pyrometer.agent.module.TypeNames;
import dev.pyrometer.emitter.HostLog;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Bytes and time Spark's Python runners move to and from Python workers, per task attempt
 * ({@link PythonTaskIo}). From Python: the {@code DataInputStream} every
 * {@code BasePythonRunner.ReaderIterator} reads the worker's output from (the first declared
 * constructor argument on Spark 3.3 to 4.x, the second in bytecode after the enclosing runner) is replaced by one over a counting stream, once per task. To
 * Python: the runner's writer method that sends the task's input ({@code writeIteratorToStream}
 * of the writer thread on 3.x, {@code writeNextInputToStream} of the writer on 4.x) is timed and
 * its {@code DataOutputStream.size()} read before and after: nothing wrapped, no allocation.
 * Where neither shape is there the type is left alone, with one info line.
 */
public final class PythonRunnerInstrumentation implements TypeInstrumentation {
    static final String READER = "org.apache.spark.api.python.BasePythonRunner$ReaderIterator";
    static final String WRITER_3 = "org.apache.spark.api.python.BasePythonRunner$WriterThread";
    static final String WRITER_4 = "org.apache.spark.api.python.BasePythonRunner$Writer";
    private static final AtomicBoolean NO_READER_LOGGED = new AtomicBoolean();

    @Override
    public TypeNames targets() {
        // Abstract writers included: Spark 3.5's SQL UDF writer (BasePythonUDFRunner.PythonUDFWriterThread)
        // is abstract and defines writeIteratorToStream itself. Abstract methods are never advised.
        // The pre-filter checks the super classes from the class files, so Byte Buddy is offered only
        // the writers; its own hasSuperType below stays as the check of record.
        return TypeNames.of(READER).or(PythonRunnerInstrumentation::writerCandidateInternal).extending(WRITER_3, WRITER_4);
    }

    /**
     * hasSuperType parses the class file of the type and of every super type, so it is only
     * asked of names that can be a writer: both writers are inner classes of BasePythonRunner,
     * so a subclass is nested in a runner (a '$' in its name), and Spark's runners are all
     * Python-named (org.apache.spark.api.python, org.apache.spark.sql.execution.python, 3.3 to
     * 4.x). Asked of every Spark class, it made a trivial PySpark driver's class loading cost
     * seconds of CPU (bench/macro/agent_cost.py).
     */
    @Override
    public ElementMatcher<TypeDescription> patternRefinement() {
        return hasSuperType(named(WRITER_3).or(named(WRITER_4)));
    }

    /** By name alone: a Spark class nested in another, with "python" in its name. */
    static boolean writerCandidate(String typeName) {
        return writerCandidateInternal(TypeNames.internal(typeName));
    }

    static boolean writerCandidateInternal(String internalName) {
        return internalName.startsWith("org/apache/spark/") && internalName.indexOf('$') > 0
                && internalName.toLowerCase(java.util.Locale.ROOT).contains("python");
    }

    /** Byte Buddy's method matchers, created when the first runner class is transformed (never by the pre-filter). */
    private static final class Methods {
        /** Its bytecode constructor takes the enclosing runner first, then the stream (javap -s). */
        static final ElementMatcher.Junction<MethodDescription> READER_CONSTRUCTOR = isConstructor().and(takesArguments(9))
                .and(takesArgument(1, DataInputStream.class)).and(takesArgument(8, named("org.apache.spark.TaskContext")));
        static final ElementMatcher.Junction<MethodDescription> WRITE_INPUT =
                named("writeIteratorToStream").or(named("writeNextInputToStream"))
                        .and(takesArguments(1)).and(takesArgument(0, DataOutputStream.class)).and(not(isAbstract()));
    }

    @Override
    public AgentBuilder.Transformer transformer() {
        return (builder, type, loader, module, domain) -> {
            if (type.getName().equals(READER)) {
                if (type.getDeclaredMethods().filter(Methods.READER_CONSTRUCTOR).isEmpty()) {
                    if (NO_READER_LOGGED.compareAndSet(false, true)) {
                        HostLog.info("this Spark's Python runner reads its worker differently: bytes from Python workers not measured");
                    }
                    return builder;
                }
                return builder.visit(AdviceClasses.to(ReaderAdvice.class).on(Methods.READER_CONSTRUCTOR));
            }
            return builder.visit(AdviceClasses.to(WriteAdvice.class).on(Methods.WRITE_INPUT));
        };
    }

    /** Reads the worker's output through a counting stream; runs on the task thread, once per task. */
    public static final class ReaderAdvice {
        private ReaderAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(value = 1, readOnly = false) DataInputStream stream) {
            stream = PythonRunnerIo.fromPython(stream);
        }
    }

    /** Times one write of task input and counts the bytes it added to the stream. */
    public static final class WriteAdvice {
        private WriteAdvice() {
        }

        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static long enter(@Advice.Argument(0) DataOutputStream out, @Advice.Local("size") int size) {
            size = out == null ? 0 : out.size();
            return System.nanoTime();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter long start, @Advice.Argument(0) DataOutputStream out, @Advice.Local("size") int size) {
            PythonRunnerIo.toPython(out, size, start);
        }
    }
}
