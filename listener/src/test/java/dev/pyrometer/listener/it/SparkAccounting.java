/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.listener.it;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark's own account of a run, from its status tracker: per job the status and stage ids, per
 * stage the task counts. Written to a properties file by a child JVM and read back by the test.
 */
public final class SparkAccounting {
    /** job id to status (SUCCEEDED, FAILED). */
    public final TreeMap<Integer, String> jobStatus = new TreeMap<>();
    /** job id to its stage ids. */
    public final TreeMap<Integer, TreeSet<Integer>> jobStages = new TreeMap<>();
    /** stage id to numTasks, completed, failed (latest attempt). */
    public final TreeMap<Integer, int[]> stageTasks = new TreeMap<>();
    public String appId;

    public static SparkAccounting of(JavaSparkContext jsc) {
        SparkAccounting a = new SparkAccounting();
        a.appId = jsc.sc().applicationId();
        // Jobs without a group and the cancelled job's group: every job the samples run.
        TreeSet<Integer> jobs = new TreeSet<>();
        for (int id : jsc.statusTracker().getJobIdsForGroup(null)) {
            jobs.add(id);
        }
        for (int id : jsc.statusTracker().getJobIdsForGroup(SampleJobs.CANCEL_GROUP)) {
            jobs.add(id);
        }
        for (int jobId : jobs) {
            SparkJobInfo j = jsc.statusTracker().getJobInfo(jobId);
            a.jobStatus.put(jobId, j.status().name());
            TreeSet<Integer> stages = new TreeSet<>();
            for (int s : j.stageIds()) {
                stages.add(s);
                SparkStageInfo si = jsc.statusTracker().getStageInfo(s);
                if (si != null) {
                    a.stageTasks.put(s, new int[] {si.numTasks(), si.numCompletedTasks(), si.numFailedTasks()});
                }
            }
            a.jobStages.put(jobId, stages);
        }
        return a;
    }

    public void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("appId", appId);
        for (Integer j : jobStatus.keySet()) {
            p.setProperty("job." + j + ".status", jobStatus.get(j));
            StringBuilder sb = new StringBuilder();
            for (Integer s : jobStages.get(j)) {
                sb.append(sb.length() == 0 ? "" : ",").append(s);
            }
            p.setProperty("job." + j + ".stages", sb.toString());
        }
        for (Integer s : stageTasks.keySet()) {
            int[] t = stageTasks.get(s);
            p.setProperty("stage." + s + ".tasks", t[0] + "," + t[1] + "," + t[2]);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "spark accounting");
        }
    }

    public static SparkAccounting read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        SparkAccounting a = new SparkAccounting();
        a.appId = p.getProperty("appId");
        for (String k : p.stringPropertyNames()) {
            String[] parts = k.split("\\.");
            if (parts[0].equals("job") && parts[2].equals("status")) {
                int j = Integer.parseInt(parts[1]);
                a.jobStatus.put(j, p.getProperty(k));
                TreeSet<Integer> stages = new TreeSet<>();
                for (String s : p.getProperty("job." + j + ".stages").split(",")) {
                    if (!s.isEmpty()) {
                        stages.add(Integer.parseInt(s));
                    }
                }
                a.jobStages.put(j, stages);
            } else if (parts[0].equals("stage")) {
                String[] t = p.getProperty(k).split(",");
                a.stageTasks.put(Integer.parseInt(parts[1]),
                        new int[] {Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(t[2])});
            }
        }
        return a;
    }
}
