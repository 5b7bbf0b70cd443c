package org.meanode.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.deeplearning4j.core.storage.Persistable;

/**
 * Base of the monitor's {@link Persistable} records: the storage keys (session, type, worker,
 * timestamp) and a versioned binary encoding (big-endian, via {@link DataOutputStream}) that
 * {@link #decode} reads back exactly. Subclasses write their own fields after the keys.
 */
public abstract class MovementRecord implements Persistable {
    private static final long serialVersionUID = 1L;

    private String sessionId;
    private String typeId;
    private String workerId;
    private long timeStamp;

    /** For decoding: fields are filled by {@link #decode}. */
    protected MovementRecord() {
    }

    protected MovementRecord(String sessionId, String typeId, String workerId, long timeStamp) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.typeId = Objects.requireNonNull(typeId, "typeId");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.timeStamp = timeStamp;
    }

    /** @return the magic number identifying the concrete record type in its encoding */
    protected abstract int magic();

    /** @return the encoding version written by this class */
    protected abstract int version();

    protected abstract void writeBody(DataOutputStream out) throws IOException;

    /**
     * @param in      the stream, positioned after the keys
     * @param version the version read from the encoding (≤ {@link #version()})
     */
    protected abstract void readBody(DataInputStream in, int version) throws IOException;

    @Override
    public String getSessionID() {
        return sessionId;
    }

    @Override
    public String getTypeID() {
        return typeId;
    }

    @Override
    public String getWorkerID() {
        return workerId;
    }

    @Override
    public long getTimeStamp() {
        return timeStamp;
    }

    @Override
    public int encodingLengthBytes() {
        return encode().length;
    }

    @Override
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic());
            out.writeInt(version());
            writeString(out, sessionId);
            writeString(out, typeId);
            writeString(out, workerId);
            out.writeLong(timeStamp);
            writeBody(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + getClass().getSimpleName(), e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void encode(ByteBuffer buffer) {
        buffer.put(encode());
    }

    @Override
    public void encode(OutputStream outputStream) throws IOException {
        outputStream.write(encode());
    }

    @Override
    public void decode(byte[] encoding) {
        try {
            decode(new ByteArrayInputStream(encoding));
        } catch (IOException e) {
            throw new UncheckedIOException("decoding " + getClass().getSimpleName() + " from " + encoding.length + " bytes", e);
        }
    }

    @Override
    public void decode(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        decode(b);
    }

    @Override
    public void decode(InputStream inputStream) throws IOException {
        DataInputStream in = new DataInputStream(inputStream);
        int m = in.readInt();
        if (m != magic()) {
            throw new IOException("not a " + getClass().getSimpleName() + " encoding: magic 0x" + Integer.toHexString(m)
                    + ", expected 0x" + Integer.toHexString(magic()));
        }
        int v = in.readInt();
        if (v < 1 || v > version()) {
            throw new IOException(getClass().getSimpleName() + " encoding version " + v + " is not supported (this build reads 1.."
                    + version() + "); read it with the dl4j-meanode version that wrote it or newer");
        }
        sessionId = readString(in);
        typeId = readString(in);
        workerId = readString(in);
        timeStamp = in.readLong();
        readBody(in, v);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new IOException("corrupt record: string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double x : a) {
            out.writeDouble(x);
        }
    }

    static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 24)) {
            throw new IOException("corrupt record: array length " + n);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    static void writeStrings(DataOutputStream out, String[] a) throws IOException {
        out.writeInt(a.length);
        for (String s : a) {
            writeString(out, s);
        }
    }

    static String[] readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 20)) {
            throw new IOException("corrupt record: array length " + n);
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = readString(in);
        }
        return a;
    }

    /** @return true when the keys of both records are equal */
    protected boolean sameKeys(MovementRecord o) {
        return Objects.equals(sessionId, o.sessionId) && Objects.equals(typeId, o.typeId)
                && Objects.equals(workerId, o.workerId) && timeStamp == o.timeStamp;
    }

    /** @return a hash of the keys */
    protected int keysHash() {
        return Objects.hash(sessionId, typeId, workerId, timeStamp);
    }
}
