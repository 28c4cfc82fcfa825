/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.agent.processes;

import dev.pyrometer.agent.module.AgentContext;
import dev.pyrometer.agent.spark.SparkBridge;
import dev.pyrometer.wire.CounterNames;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which task each Python worker serves, learned from Spark's worker factory: {@code create()}
 * runs on the task's thread and returns the worker with its pid; {@code releaseWorker} and
 * {@code stopWorker} end the assignment. Every created worker is also handed to
 * {@link ProcessSightings}. Both maps are bounded; past the bound nothing new is
 * tracked and the miss is counted. Called once per task, never per record.
 */
public final class PythonWorkerTasks {
    static final int MAX = 4096;

    private static final Map<Long, Long> TASK_BY_PID = new ConcurrentHashMap<>();
    /** System.nanoTime() when the worker with this pid started serving its current task. */
    private static final Map<Long, Long> SINCE_BY_PID = new ConcurrentHashMap<>();
    private static final Map<Object, Long> PID_BY_WORKER = Collections.synchronizedMap(new IdentityHashMap<Object, Long>());

    private PythonWorkerTasks() {
    }

    /**
     * {@code create()} returned {@code Tuple2(worker, Option(pid))} on a task thread: the worker
     * serves that thread's task attempt, and is sighted at once so it is reported even if it
     * exits before the next sample.
     */
    public static void created(Object factory, Object workerAndPid) {
        try {
            if (workerAndPid == null || off) {
                return;
            }
            Object worker = workerAndPid.getClass().getMethod("_1").invoke(workerAndPid);
            long pid = pidOf(workerAndPid.getClass().getMethod("_2").invoke(workerAndPid));
            if (pid <= 0) {
                return;
            }
            Long task = SparkBridge.currentTaskAttemptId(factory == null ? null : factory.getClass().getClassLoader());
            ProcessSightings.SYSTEM.workerCreated(pid, task);
            if (task == null) {
                return;
            }
            if (TASK_BY_PID.size() >= MAX || PID_BY_WORKER.size() >= MAX) {
                AgentContext.counters().count(CounterNames.AGENT_PYTHON_WORKERS_UNTRACKED, 1);
                return;
            }
            SINCE_BY_PID.put(pid, System.nanoTime());
            TASK_BY_PID.put(pid, task);
            PID_BY_WORKER.put(worker, pid);
        } catch (Throwable t) {
            AgentContext.counters().suppressed("agent.python_worker.advice");
        }
    }

    /** The worker went back to the idle pool. */
    public static void released(Object worker) {
        Long pid = PID_BY_WORKER.get(worker);
        if (pid != null) {
            TASK_BY_PID.remove(pid);
            SINCE_BY_PID.remove(pid);
        }
    }

    /** The worker was stopped. */
    public static void stopped(Object worker) {
        Long pid = PID_BY_WORKER.remove(worker);
        if (pid != null) {
            TASK_BY_PID.remove(pid);
            SINCE_BY_PID.remove(pid);
        }
    }

    /** The task attempt the worker with this pid serves now, or null. */
    public static Long taskOf(long pid) {
        return TASK_BY_PID.get(pid);
    }

    /** System.nanoTime() when the worker with this pid began its current task, or null. */
    public static Long servingSince(long pid) {
        return SINCE_BY_PID.get(pid);
    }

    /** The pids of the workers serving a task now (a copy). */
    public static java.util.Set<Long> servingPids() {
        return new java.util.HashSet<>(TASK_BY_PID.keySet());
    }

    /** Spark 3.5 gives {@code Option<Integer>}; 4.x gives {@code Option<ProcessHandle>}. */
    static long pidOf(Object option) throws ReflectiveOperationException {
        if (option == null || !((Boolean) option.getClass().getMethod("isDefined").invoke(option))) {
            return -1;
        }
        Object v = option.getClass().getMethod("get").invoke(option);
        if (v instanceof Number) {
            return ((Number) v).longValue(); // Spark 3.x: Option[Int]
        }
        Class<?> processHandle = processHandleClass();
        if (processHandle != null && processHandle.isInstance(v)) {
            // Spark 4.0: Option[ProcessHandle], through the public interface (the implementation
            // class is not accessible outside java.base).
            return ((Number) processHandle.getMethod("pid").invoke(v)).longValue();
        }
        // Spark 4.1+: Option[PythonWorkerHandle]; the local implementation has a public pid().
        java.lang.reflect.Method pid = null;
        if (v != null && java.lang.reflect.Modifier.isPublic(v.getClass().getModifiers())) {
            try {
                pid = v.getClass().getMethod("pid");
            } catch (NoSuchMethodException e) {
                pid = null;
            }
        }
        if (pid == null || !(pid.getReturnType() == long.class || pid.getReturnType() == int.class)) {
            // A Spark whose worker handle we do not know: attribution off, said once, not an error per worker.
            off = true;
            dev.pyrometer.emitter.HostLog.info("Python worker task attribution off: unknown worker handle "
                    + (v == null ? "null" : v.getClass().getName()) + " from PythonWorkerFactory.create()");
            return -1;
        }
        return ((Number) pid.invoke(v)).longValue();
    }

    private static Class<?> processHandleClass() {
        try {
            return Class.forName("java.lang.ProcessHandle"); // Java 9+
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Set once when create()'s result is of a shape this agent does not know. */
    private static volatile boolean off;

    static void resetForTest() {
        off = false;
    }
}
