/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.event.RunRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** A JVM that emits into a closed port and returns from main: it must exit promptly. */
public final class NoBrokerMain {
    private NoBrokerMain() {
    }

    public static void main(String[] args) {
        Map<String, String> raw = new HashMap<>();
        raw.put("bootstrap.servers", args[0]);
        raw.put("flush.timeout.ms", "1000");
        Emitter e = SharedEmitter.obtain(EmitterConfig.parse(raw, new ArrayList<String>()), "test");
        e.setRun(RunRef.newBuilder().setAppId("app-exit").build());
        for (int i = 0; i < 10_000; i++) {
            e.offer(dev.pyrometer.codec.SampleEvents.taskEndPayload(i));
        }
        System.out.println("offered; dropped so far " + e.counters().totalDropped());
    }
}
