/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.bench;

import dev.pyrometer.testkit.KafkaBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Side-by-side wall time of a local job of many tiny tasks without and with the listener (broker
 * up), each run in a fresh JVM, alternating. Run by hand:
 * {@code java -cp <test class path> dev.pyrometer.listener.bench.TinyTasksComparison 200000 2}.
 */
public final class TinyTasksComparison {
    private TinyTasksComparison() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        try (KafkaBroker broker = KafkaBroker.start()) {
            for (int r = 0; r < rounds; r++) {
                String topic = "tiny-" + r;
                createTopic(broker.bootstrapServers(), topic);
                for (String mode : new String[] {"off", "on"}) {
                    run(tasks, mode, broker.bootstrapServers(), topic);
                }
            }
        }
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        try (org.apache.kafka.clients.admin.AdminClient admin = org.apache.kafka.clients.admin.AdminClient.create(p)) {
            admin.createTopics(java.util.Collections.singletonList(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static void run(int tasks, String mode, String bootstrap, String topic) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/java.lang.invoke=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(TinyTasksJob.class.getName());
        cmd.add(String.valueOf(tasks));
        cmd.add(mode);
        cmd.add(bootstrap);
        cmd.add(topic);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT") || line.contains("[pyrometer]")) {
                    System.out.println(line);
                }
            }
        }
        p.waitFor();
    }

}
