package org.meanode.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The records encode and decode symmetrically through every Persistable entry point. */
class MovementRecordTest {
    static MovementStaticInfo info() {
        return new MovementStaticInfo.Builder().keys("sess-ü", "worker", 1234L)
                .network("ComputationGraph", 128, 64, 32, "FLOAT").kind(MovementStaticInfo.LIMIT)
                .scaling(1.0, Math.sqrt(32), 32.0 / 3, "tanh", "custom (α = 1)")
                .prediction(0.25, "1/L + √D/√(LM)")
                .recording(10, 32, 7)
                .layout(new String[] {"stack: ScaledResidualStack, 128 blocks", "β"}, new double[] {0, 0.5},
                        new double[] {0, 0.5, 1.0})
                .build();
    }

    static MovementUpdate update() {
        return new MovementUpdate("sess-ü", "worker", 1240L, 20, 3, 0.125, new double[] {0.1, Double.NaN},
                new double[] {0.2, 0.3}, new double[] {0, 1e-300, Double.POSITIVE_INFINITY}, 1.5);
    }

    @Test
    void roundTripsThroughEveryEntryPoint() throws IOException {
        for (MovementRecord r : new MovementRecord[] {info(), update(), new MovementUpdate("s", "w", 0, 0, 0, 0,
                new double[0], new double[0], new double[0], 0)}) {
            byte[] enc = r.encode();
            assertEquals(enc.length, r.encodingLengthBytes());

            MovementRecord a = fresh(r);
            a.decode(enc);
            assertEquals(r, a);

            MovementRecord b = fresh(r);
            ByteBuffer bb = ByteBuffer.allocate(enc.length);
            r.encode(bb);
            bb.flip();
            b.decode(bb);
            assertEquals(r, b);

            MovementRecord c = fresh(r);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            r.encode(out);
            c.decode(new ByteArrayInputStream(out.toByteArray()));
            assertEquals(r, c);
            assertEquals(r.hashCode(), c.hashCode());
            assertEquals(FeatureMovementListener.TYPE_ID, c.getTypeID());
        }
        assertNotEquals(info(), new MovementStaticInfo());
    }

    @Test
    void foreignBytesFailClearly() {
        MovementUpdate u = new MovementUpdate();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> u.decode(info().encode()));
        assertTrue(e.getCause().getMessage().contains("not a MovementUpdate encoding"), e.getCause().getMessage());
        byte[] truncated = java.util.Arrays.copyOf(update().encode(), 20);
        assertThrows(UncheckedIOException.class, () -> new MovementUpdate().decode(truncated));
    }

    private static MovementRecord fresh(MovementRecord r) {
        return r instanceof MovementStaticInfo ? new MovementStaticInfo() : new MovementUpdate();
    }
}
