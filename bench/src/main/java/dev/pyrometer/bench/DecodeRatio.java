/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.bench;

import dev.pyrometer.codec.EventCodec;
import dev.pyrometer.event.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;

/**
 * Today's decode path ({@link EventCodec}) against Avro's resolving {@link BinaryMessageDecoder},
 * interleaved in one JVM so the ratio holds on a noisy machine. Usage: DecodeRatio [decodes] [rounds]
 */
public final class DecodeRatio {
    private DecodeRatio() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        byte[] bytes = EventCodec.get().encode(RealisticEvents.envelope(RealisticEvents.taskEnd(5), 1));
        BinaryMessageDecoder<Event> resolving =
                new BinaryMessageDecoder<>(SpecificData.getForSchema(Event.getClassSchema()), Event.getClassSchema());
        List<Double> codec = new ArrayList<>();
        List<Double> avro = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                EventCodec.get().decode(bytes);
            }
            codec.add((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                resolving.decode(bytes);
            }
            avro.add((System.nanoTime() - t0) / 1e9);
        }
        Collections.sort(codec);
        Collections.sort(avro);
        double c = codec.get(rounds / 2);
        double a = avro.get(rounds / 2);
        System.out.printf("decode TaskEnd: codec %.0f/s, BinaryMessageDecoder %.0f/s, ratio %.2f (medians of %d interleaved rounds of %d)%n",
                n / c, n / a, a / c, rounds, n);
    }
}
