/*
 * Copyright 2026 The Pyrometer Authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.pyrometer.codec;

import dev.pyrometer.event.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The one codec of the event contract: Avro single-object encoding of {@link Event}
 * ({@code C3 01}, 8-byte little-endian CRC-64-AVRO fingerprint, binary body). The decoder
 * knows every released envelope schema (resources {@code dev/pyrometer/event/history/event-vN.avsc})
 * and resolves old data to today's classes. Thread-safe.
 */
public final class EventCodec {
    private static final String HISTORY = "/dev/pyrometer/event/history/event-v";

    /** Kafka records are at most a few MB, so a larger declared length can only be corruption. */
    static final long MAX_DECODED_LENGTH = 16L << 20;

    static {
        // A corrupted length prefix must not make Avro allocate gigabytes; Avro reads these once.
        limit("org.apache.avro.limits.string.maxLength", MAX_DECODED_LENGTH);
        limit("org.apache.avro.limits.bytes.maxLength", MAX_DECODED_LENGTH);
        limit("org.apache.avro.limits.collectionItems.maxLength", 1_000_000);
    }

    private static final EventCodec INSTANCE = new EventCodec();

    private static void limit(String property, long value) {
        try {
            if (System.getProperty(property) == null) {
                System.setProperty(property, Long.toString(value));
            }
        } catch (SecurityException ignored) {
            // keep Avro's defaults
        }
    }

    /** Output buffers above this size (a rare huge event) are not kept for the next encode. */
    private static final int KEPT_BUFFER_BYTES = 64 << 10;

    /**
     * Older versions' decoder, built on the first record that needs it: a JVM that only encodes
     * (every listener and agent) never parses the released schemas.
     */
    private volatile Decoding decoding;
    private final long currentFingerprint = currentFingerprint();
    /** Single-object header of today's schema: C3 01 and the fingerprint, little-endian. */
    private final byte[] header = header(currentFingerprint);
    private final ThreadLocal<EncodeState> encodeState = ThreadLocal.withInitial(EncodeState::new);
    /** Today's records need no schema resolution: a plain reader per thread is several times faster. */
    private final ThreadLocal<SpecificDatumReader<Event>> currentReader =
            ThreadLocal.withInitial(() -> new SpecificDatumReader<>(Event.getClassSchema(), Event.getClassSchema(), Reading.FAST_MODEL));
    private final ThreadLocal<BinaryDecoder> reusableDecoder = new ThreadLocal<>();

    /**
     * What only decoding needs, built on the first decode. Our model with Avro's generated
     * per-class coders switched on (straight-line {@code customDecode} instead of walking the
     * schema per field); a private instance, because the process-wide switch (a system
     * property) would also change the behaviour of any other Avro user in the JVM.
     */
    private static final class Reading {
        static final SpecificData FAST_MODEL = fastModel();
    }

    /**
     * Per thread: an encoder and a growable output array that starts with the header. Encoding
     * is the generated straight-line {@code customEncode} of each record: no schema, no
     * {@code DatumWriter}, so a JVM that only encodes (every listener and agent) never loads
     * Avro's {@code Schema} or the Jackson it brings.
     */
    private final class EncodeState {
        final Output out = new Output(header);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    }

    /** A byte array output stream without locks whose first bytes (the header) survive a reset. */
    private static final class Output extends java.io.OutputStream {
        private final int headerLength;
        byte[] buf;
        int count;

        Output(byte[] header) {
            this.buf = new byte[1024];
            System.arraycopy(header, 0, buf, 0, header.length);
            this.headerLength = header.length;
            this.count = headerLength;
        }

        void reset() {
            if (buf.length > KEPT_BUFFER_BYTES) {
                buf = Arrays.copyOf(buf, 1024);
            }
            count = headerLength;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    /** Every released schema and a decoder that resolves each to today's classes. */
    private static final class Decoding {
        final List<Schema> history = Collections.unmodifiableList(loadHistory());
        final BinaryMessageDecoder<Event> decoder;

        Decoding() {
            SchemaStore.Cache store = new SchemaStore.Cache();
            for (Schema s : history) {
                store.addSchema(s);
            }
            this.decoder = new BinaryMessageDecoder<>(SpecificData.getForSchema(Event.getClassSchema()), Event.getClassSchema(), store);
        }
    }

    private EventCodec() {
    }

    private Decoding decoding() {
        Decoding d = decoding;
        if (d == null) {
            synchronized (this) {
                d = decoding;
                if (d == null) {
                    d = new Decoding();
                    decoding = d;
                }
            }
        }
        return d;
    }

    public static EventCodec get() {
        return INSTANCE;
    }

    /**
     * Encodes one event; throws on an event with missing required fields. The bytes are those of
     * Avro's {@code BinaryMessageEncoder} for today's schema; the header is copied, not rebuilt,
     * and the encoder and its buffer are reused per thread.
     */
    public byte[] encode(Event event) throws IOException {
        EncodeState s = encodeState.get();
        s.out.reset();
        try {
            event.customEncode(s.encoder);
            s.encoder.flush();
        } catch (IOException | RuntimeException e) {
            // A half-written event may still sit in the encoder's buffer: start the next one clean.
            encodeState.remove();
            throw e;
        }
        return Arrays.copyOf(s.out.buf, s.out.count);
    }

    private static SpecificData fastModel() {
        SpecificData model = new SpecificData(EventCodec.class.getClassLoader());
        model.setCustomCoders(true);
        return model;
    }

    private static byte[] header(long fingerprint) {
        byte[] h = new byte[10];
        h[0] = (byte) 0xC3;
        h[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            h[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return h;
    }

    /** Decodes one record written by this or any released earlier version. */
    public Event decode(byte[] bytes) throws DecodeException {
        if (bytes == null || bytes.length < 10) {
            throw new DecodeException(DecodeException.Reason.BAD_HEADER,
                    "record of " + (bytes == null ? 0 : bytes.length) + " bytes is shorter than the 10-byte single-object header", null);
        }
        try {
            if ((bytes[0] & 0xff) == 0xC3 && bytes[1] == 0x01 && fingerprint(bytes) == currentFingerprint) {
                BinaryDecoder d = DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, reusableDecoder.get());
                reusableDecoder.set(d);
                Event e = currentReader.get().read(null, d);
                if (!d.isEnd()) {
                    throw new DecodeException(DecodeException.Reason.CORRUPT_BODY, "trailing bytes after the event", null);
                }
                return e;
            }
            return decoding().decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new DecodeException(DecodeException.Reason.BAD_HEADER, "not Avro single-object encoding: " + e.getMessage(), e);
        } catch (MissingSchemaException e) {
            throw new DecodeException(DecodeException.Reason.UNKNOWN_SCHEMA,
                    "unknown schema fingerprint " + fingerprintHex(bytes) + " (written by a newer Pyrometer?)", e);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException(DecodeException.Reason.CORRUPT_BODY, "corrupt or truncated body: " + e, e);
        } catch (OutOfMemoryError e) {
            // A corrupted length prefix can ask Avro for a gigantic array; treat it as corrupt data.
            throw new DecodeException(DecodeException.Reason.CORRUPT_BODY, "corrupt body: declared size too large", null);
        }
    }

    private static long fingerprint(byte[] bytes) {
        long fp = 0;
        for (int i = 9; i >= 2; i--) {
            fp = (fp << 8) | (bytes[i] & 0xffL);
        }
        return fp;
    }

    /** The writer schema fingerprint of an encoded record, as 16 hex digits (little-endian bytes 2..9). */
    public static String fingerprintHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 9; i >= 2 && i < bytes.length; i--) {
            sb.append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.toString();
    }

    /** Every released envelope schema, oldest first. */
    public List<Schema> history() {
        return decoding().history;
    }

    /**
     * CRC-64-AVRO fingerprint of today's envelope schema, computed when the classes were
     * generated (record.vm), so that encoding never parses the schema.
     */
    public static long currentFingerprint() {
        return Event.FINGERPRINT;
    }

    private static List<Schema> loadHistory() {
        List<Schema> out = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = EventCodec.class.getResourceAsStream(HISTORY + v + ".avsc")) {
                if (in == null) {
                    return out;
                }
                out.add(new Schema.Parser().parse(new String(readAll(in), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read released schema v" + v, e);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
