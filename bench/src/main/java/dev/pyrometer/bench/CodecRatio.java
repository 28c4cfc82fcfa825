/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Today's {@link EventCodec} against the path it replaced, interleaved in one JVM so the ratio
 * holds on a noisy, shared machine: encode against Avro's {@link BinaryMessageEncoder} on the
 * class's own model (schema-walking writer, a fresh header per event, two copies), decode against
 * a plain {@link SpecificDatumReader} without the generated coders. Each round is timed in CPU
 * time of this thread, so time spent descheduled by other load does not count.
 * Usage: CodecRatio [payload type] [operations per round] [rounds]
 */
public final class CodecRatio {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CodecRatio() {
    }

    public static void main(String[] args) throws Exception {
        String type = args.length > 0 ? args[0] : "TaskEnd";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Event event = RealisticEvents.envelope(RealisticEvents.payload(type), 1);
        BinaryMessageEncoder<Event> oldEncoder =
                new BinaryMessageEncoder<>(SpecificData.getForSchema(Event.getClassSchema()), Event.getClassSchema());
        byte[] bytes = EventCodec.get().encode(event);
        if (!Arrays.equals(bytes, toArray(oldEncoder.encode(event)))) {
            throw new IllegalStateException("EventCodec and BinaryMessageEncoder disagree on the bytes of " + type);
        }
        SpecificDatumReader<Event> oldReader = new SpecificDatumReader<>(Event.getClassSchema());
        BinaryDecoder[] reuse = new BinaryDecoder[1];
        List<Double> encNew = new ArrayList<>();
        List<Double> encOld = new ArrayList<>();
        List<Double> decNew = new ArrayList<>();
        List<Double> decOld = new ArrayList<>();
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu();
            for (int i = 0; i < n; i++) {
                sink += EventCodec.get().encode(event).length;
            }
            encNew.add(n / ((cpu() - t0) / 1e9));
            t0 = cpu();
            for (int i = 0; i < n; i++) {
                sink += toArray(oldEncoder.encode(event)).length;
            }
            encOld.add(n / ((cpu() - t0) / 1e9));
            t0 = cpu();
            for (int i = 0; i < n; i++) {
                sink += EventCodec.get().decode(bytes).getSeq();
            }
            decNew.add(n / ((cpu() - t0) / 1e9));
            t0 = cpu();
            for (int i = 0; i < n; i++) {
                reuse[0] = DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, reuse[0]);
                sink += oldReader.read(null, reuse[0]).getSeq();
            }
            decOld.add(n / ((cpu() - t0) / 1e9));
        }
        System.out.printf("%s (%d bytes), per CPU second of one thread, medians of %d interleaved rounds of %d (checksum %d):%n",
                type, bytes.length, rounds, n, sink);
        System.out.printf("  encode: EventCodec %.0f/s, BinaryMessageEncoder %.0f/s, ratio %.2f%n",
                median(encNew), median(encOld), median(encNew) / median(encOld));
        System.out.printf("  decode: EventCodec %.0f/s, SpecificDatumReader without generated coders %.0f/s, ratio %.2f%n",
                median(decNew), median(decOld), median(decNew) / median(decOld));
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static byte[] toArray(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        return out;
    }
}
