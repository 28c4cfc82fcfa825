package dev.pyrometer.agent.spark;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Spark job ids for the agent: the id of a JobWaiter that DAGScheduler.submitJob or
 * submitMapStage returned (read through a cached method handle: no allocation, no reflection
 * per job), and the jobs active in the application. Nothing here throws; unknown is -1 or null.
 */
public final class SparkJobs {
    private static final MethodType INT_OF_OBJECT = MethodType.methodType(int.class, Object.class);
    private static volatile Class<?> waiterClass;
    private static volatile MethodHandle jobId;

    private SparkJobs() {
    }

    /** {@code JobWaiter.jobId()} (an int in Spark 3.3 to 4.x), or -1. */
    public static int jobIdOf(Object waiter) {
        if (waiter == null) {
            return -1;
        }
        try {
            MethodHandle h = jobId;
            if (h == null || waiterClass != waiter.getClass()) {
                h = MethodHandles.publicLookup().findVirtual(waiter.getClass(), "jobId", MethodType.methodType(int.class))
                        .asType(INT_OF_OBJECT);
                jobId = h;
                waiterClass = waiter.getClass();
            }
            return (int) h.invokeExact(waiter);
        } catch (Throwable t) {
            return -1;
        }
    }

    /** {@code sc.statusTracker().getActiveJobIds()} of the driver's SparkContext, or null. */
    public static int[] activeJobIds() {
        Object sc = SparkBridge.context();
        if (sc == null) {
            return null;
        }
        try {
            Object tracker = sc.getClass().getMethod("statusTracker").invoke(sc);
            return (int[]) tracker.getClass().getMethod("getActiveJobIds").invoke(tracker);
        } catch (Throwable t) {
            return null;
        }
    }
}
