/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.emitter;

import dev.pyrometer.wire.CounterNames;
import dev.pyrometer.wire.DropReasons;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A bounded local spill of encoded records, written by the sender thread while Kafka is away
 * and replayed, oldest first, when it returns. Records live in segment files under
 * {@code dir/<instanceId>/}; when the bound is reached the oldest segment is deleted and its
 * records are counted as dropped ({@code spill_full}). Spill directories left by JVMs that
 * died are adopted and replayed too, so their events still reach the collector.
 * Only the emitter's sender thread uses an instance.
 */
final class Spill {
    /** One spilled record. */
    static final class Record {
        final String key;
        final byte[] value;

        Record(String key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    private static final class Segment {
        final File file;
        long records;
        long bytes;

        Segment(File file, long records, long bytes) {
            this.file = file;
            this.records = records;
            this.bytes = bytes;
        }
    }

    private final File own;
    private final long maxBytes;
    private final long segmentBytes;
    private final LossCounters counters;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final FileLock lock;
    private final RandomAccessFile lockFile;
    private long totalBytes;
    private long nextSegment;
    private Segment writing;
    private DataOutputStream out;
    private DataInputStream in;
    private Segment reading;
    private Record peeked;

    Spill(File dir, String instanceId, long maxBytes, LossCounters counters) throws IOException {
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(64 * 1024, maxBytes / 8);
        this.counters = counters;
        this.own = new File(dir, instanceId);
        if (!own.mkdirs() && !own.isDirectory()) {
            throw new IOException("cannot create spill directory " + own);
        }
        this.lockFile = new RandomAccessFile(new File(own, "lock"), "rw");
        this.lock = lockFile.getChannel().tryLock();
        adoptOrphans(dir);
    }

    private void adoptOrphans(File dir) {
        File[] others = dir.listFiles(File::isDirectory);
        if (others == null) {
            return;
        }
        Arrays.sort(others);
        for (File other : others) {
            if (other.equals(own)) {
                continue;
            }
            try (RandomAccessFile raf = new RandomAccessFile(new File(other, "lock"), "rw");
                 FileLock theirs = raf.getChannel().tryLock()) {
                if (theirs == null) {
                    continue;
                }
                File[] segs = other.listFiles((d, name) -> name.endsWith(".spill"));
                if (segs == null) {
                    continue;
                }
                Arrays.sort(segs);
                for (File s : segs) {
                    File moved = new File(own, "adopted-" + other.getName() + "-" + s.getName());
                    if (s.renameTo(moved)) {
                        Segment seg = scan(moved);
                        segments.addLast(seg);
                        totalBytes += seg.bytes;
                    }
                }
                counters.count(CounterNames.SPILL_ADOPTED_DIRS, 1);
            } catch (IOException | RuntimeException e) {
                counters.suppressed("emitter.spill.adopt");
            }
            new File(other, "lock").delete();
            other.delete();
        }
    }

    private static Segment scan(File f) {
        Segment seg = new Segment(f, 0, 0);
        try (DataInputStream r = new DataInputStream(new BufferedInputStream(new FileInputStream(f)))) {
            Record rec;
            while ((rec = readRecord(r)) != null) {
                seg.records++;
                seg.bytes += size(rec);
            }
        } catch (IOException e) {
            // a torn tail (a JVM that died mid-write) counts as the end of the segment
        }
        return seg;
    }

    private static long size(Record r) {
        return 8L + r.key.getBytes(StandardCharsets.UTF_8).length + r.value.length;
    }

    boolean isEmpty() {
        return peeked == null && segments.isEmpty() && (writing == null || writing.records == 0);
    }

    long bytes() {
        return totalBytes;
    }

    /** Appends one record; deletes the oldest segments (counted) to stay within the bound. */
    void append(String key, byte[] value) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        long size = 8L + k.length + value.length;
        while (totalBytes + size > maxBytes && !segments.isEmpty()) {
            dropOldest();
        }
        if (totalBytes + size > maxBytes) {
            counters.drop(DropReasons.SPILL_FULL);
            return;
        }
        if (writing == null || writing.bytes >= segmentBytes) {
            rotate();
        }
        out.writeInt(k.length);
        out.write(k);
        out.writeInt(value.length);
        out.write(value);
        out.flush();
        writing.records++;
        writing.bytes += size;
        totalBytes += size;
        counters.count(CounterNames.SPILLED, 1);
    }

    /** The oldest record, or null when the spill is empty. */
    Record peek() throws IOException {
        while (peeked == null) {
            if (in == null) {
                if (segments.isEmpty()) {
                    if (writing == null || writing.records == 0) {
                        return null;
                    }
                    rotate();
                }
                reading = segments.peekFirst();
                in = new DataInputStream(new BufferedInputStream(new FileInputStream(reading.file)));
            }
            peeked = readRecord(in);
            if (peeked == null) {
                finishReading();
            }
        }
        return peeked;
    }

    /** Removes the record returned by {@link #peek()}: it was delivered. */
    void pop() {
        if (peeked != null) {
            long size = size(peeked);
            totalBytes -= size;
            if (reading != null) {
                reading.records--;
                reading.bytes -= size;
            }
            peeked = null;
        }
    }

    void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (in != null) {
                in.close();
            }
            if (lock != null) {
                lock.release();
            }
            lockFile.close();
        } catch (IOException e) {
            counters.suppressed("emitter.spill.close");
        }
        if (isEmpty()) {
            File[] left = own.listFiles();
            if (left != null) {
                for (File f : left) {
                    f.delete();
                }
            }
            own.delete();
        }
    }

    private void rotate() throws IOException {
        if (out != null) {
            out.close();
            segments.addLast(writing);
        }
        writing = new Segment(new File(own, String.format("seg-%020d.spill", nextSegment++)), 0, 0);
        out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(writing.file)));
    }

    private void finishReading() throws IOException {
        in.close();
        in = null;
        Segment done = segments.pollFirst();
        if (done != null) {
            totalBytes -= done.bytes;
            done.file.delete();
        }
        reading = null;
    }

    private void dropOldest() throws IOException {
        Segment oldest = segments.pollFirst();
        if (oldest == reading && in != null) {
            in.close();
            in = null;
            peeked = null;
            reading = null;
        }
        for (long i = 0; i < oldest.records; i++) {
            counters.drop(DropReasons.SPILL_FULL);
        }
        totalBytes -= oldest.bytes;
        oldest.file.delete();
    }

    private static Record readRecord(DataInputStream r) throws IOException {
        try {
            int kl = r.readInt();
            if (kl < 0 || kl > 1 << 16) {
                return null;
            }
            byte[] k = new byte[kl];
            r.readFully(k);
            int vl = r.readInt();
            if (vl < 0 || vl > 64 << 20) {
                return null;
            }
            byte[] v = new byte[vl];
            r.readFully(v);
            return new Record(new String(k, StandardCharsets.UTF_8), v);
        } catch (EOFException torn) {
            return null;
        }
    }
}
