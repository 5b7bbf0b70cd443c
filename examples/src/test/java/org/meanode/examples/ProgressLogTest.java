package org.meanode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress lines of the long commands: elapsed time and the estimate of the time left. */
class ProgressLogTest {

    @Test
    void estimateExtrapolatesTheShareOfWorkDone() {
        assertEquals("(10s elapsed, ~30s left)", ProgressLog.suffix(10, 0.25));
        assertEquals("(1m00s elapsed, ~3m00s left)", ProgressLog.suffix(60, 0.25));
        assertEquals("(2s elapsed)", ProgressLog.suffix(2, 1.0));
        assertEquals("(0s elapsed)", ProgressLog.suffix(0.2, 0.0));
        assertEquals("1h02m", ProgressLog.time(3725));
    }

    @Test
    void everyLineCarriesTheElapsedTimeAndOnlyUnfinishedOnesAnEstimate() {
        StringWriter sw = new StringWriter();
        ProgressLog log = new ProgressLog(new PrintWriter(sw), 3, 1);
        log.accept("first");
        log.accept("second");
        log.accept("unexpected extra line");
        String[] lines = sw.toString().split("\\R");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("first   (") && lines[0].contains(" elapsed, ~") && lines[0].endsWith(" left)"), lines[0]);
        assertTrue(lines[1].startsWith("second   (") && lines[1].endsWith(" elapsed)"), lines[1]);
        assertTrue(lines[2].endsWith(" elapsed)"), lines[2]);
    }

    @Test
    void rejectsWeightsWithoutWork() {
        PrintWriter pw = new PrintWriter(new StringWriter());
        assertThrows(IllegalArgumentException.class, () -> new ProgressLog(pw, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressLog(pw, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> ProgressLog.ofLines(pw, 0));
    }
}
