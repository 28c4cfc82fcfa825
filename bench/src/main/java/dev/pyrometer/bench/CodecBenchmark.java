/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.codec.DecodeException;
import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encode and decode of one envelope per payload type (single-object encoding, one thread). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    @Param({"TaskEnd", "JobStart", "JvmSample", "ProcessTreeSample", "Py4jCallStats"})
    public String payload;

    private Event event;
    private byte[] encoded;

    @Setup
    public void setUp() throws IOException {
        event = RealisticEvents.envelope(RealisticEvents.payload(payload), 1);
        encoded = EventCodec.get().encode(event);
    }

    @Benchmark
    public byte[] encode() throws IOException {
        return EventCodec.get().encode(event);
    }

    @Benchmark
    public Event decode() throws DecodeException {
        return EventCodec.get().decode(encoded);
    }

    /** Bytes per event of each payload type, for BENCHMARKS.md. */
    public static void main(String[] args) throws IOException {
        for (String t : new String[] {"TaskEnd", "JobStart", "JvmSample", "ProcessTreeSample", "Py4jCallStats"}) {
            System.out.println(t + " " + EventCodec.get().encode(RealisticEvents.envelope(RealisticEvents.payload(t), 1)).length + " bytes");
        }
    }
}
