/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.collector.eventlog;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import net.jpountz.lz4.LZ4BlockInputStream;
import org.xerial.snappy.SnappyInputStream;

/**
 * How an event-log file is compressed, told by its name the way Spark names it
 * ({@code <app>[.<codec>][.inprogress]}, {@code spark.eventLog.compression.codec}), and how to
 * read it: Spark writes lz4 with lz4-java's block stream, snappy with snappy-java's stream
 * format and zstd as plain zstd frames, so the same libraries read them back.
 */
public enum EventLogCodec {
    NONE(""),
    LZ4("lz4"),
    SNAPPY("snappy"),
    ZSTD("zstd"),
    /** Spark's lzf codec; recognised so that the user gets a clear line instead of garbage. */
    LZF("lzf");

    private final String shortName;

    EventLogCodec(String shortName) {
        this.shortName = shortName;
    }

    /** The codec a file name declares (after dropping {@code .inprogress}); NONE for no known suffix. */
    public static EventLogCodec ofFileName(String name) {
        String n = stripInProgress(name).toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        if (dot < 0) {
            return NONE;
        }
        String ext = n.substring(dot + 1);
        for (EventLogCodec c : values()) {
            if (c != NONE && c.shortName.equals(ext)) {
                return c;
            }
        }
        return NONE;
    }

    static String stripInProgress(String name) {
        return name.endsWith(".inprogress") ? name.substring(0, name.length() - ".inprogress".length()) : name;
    }

    /** The decompressed content of {@code raw}; closing it closes {@code raw}. */
    public InputStream open(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 64 * 1024);
        return switch (this) {
            case NONE -> in;
            // Not stopping at an empty block: Spark's block stream ends with one, and a log
            // appended after a restart would be a second stream behind it.
            case LZ4 -> new LZ4BlockInputStream(in, false);
            case SNAPPY -> new SnappyInputStream(in);
            case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(in).setContinuous(true), 64 * 1024);
            case LZF -> throw new IOException("lzf-compressed event logs are not supported;"
                    + " decompress them first or use spark.eventLog.compression.codec=zstd|lz4|snappy");
        };
    }
}
