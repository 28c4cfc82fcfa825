package dev.pyrometer.agent.serializer;

/** Where a measured stream reports, once, what went through it. */
public interface StreamSink {
    void streamDone(long bytes, long nanos, long maxNanos);
}
