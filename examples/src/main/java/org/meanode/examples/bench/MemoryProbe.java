package org.meanode.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak memory of one measurement, from the operating system and the JVM:
 * <ul>
 *   <li>peak resident set size (RSS: JVM heap, ND4J's off-heap arrays, native libraries) from
 *       Linux's {@code VmHWM}, reset at {@link #start()} through {@code /proc/self/clear_refs};
 *       reported as the rise above the RSS at {@link #start()};</li>
 *   <li>peak JVM heap use: the sum of the heap pools' peaks since {@link #start()} (an upper
 *       bound: pools may peak at different times).</li>
 * </ul>
 * {@link #start()} first runs the garbage collector twice and waits, so that ND4J frees the
 * off-heap arrays of earlier measurements (they are released when their Java objects are
 * collected). Where {@code /proc} is missing or read-only (not Linux), RSS figures are NaN.
 */
public final class MemoryProbe {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private long baselineRss = -1;
    private boolean rssReset;

    /**
     * @param rssBaselineBytes RSS at {@link #start()} (−1 if unknown)
     * @param rssPeakBytes     peak RSS between start and stop (−1 if unknown)
     * @param heapPeakBytes    sum of the heap pools' peak use between start and stop
     */
    public record Peak(long rssBaselineBytes, long rssPeakBytes, long heapPeakBytes) {
        /** @return peak RSS minus the RSS at start, in MiB (NaN if unknown) */
        public double rssRiseMiB() {
            return rssPeakBytes < 0 || rssBaselineBytes < 0 ? Double.NaN : (rssPeakBytes - rssBaselineBytes) / 1048576.0;
        }

        /** @return peak heap use in MiB */
        public double heapPeakMiB() {
            return heapPeakBytes / 1048576.0;
        }
    }

    /** Collects garbage, resets the peaks and records the baseline. */
    public void start() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        try {
            Files.writeString(CLEAR_REFS, "5");
            rssReset = true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            rssReset = false;
        }
        baselineRss = statusKb("VmRSS:");
    }

    /** @return the peaks since {@link #start()} */
    public Peak stop() {
        long heap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                heap += p.getPeakUsage().getUsed();
            }
        }
        long peak = rssReset ? statusKb("VmHWM:") : -1;
        return new Peak(baselineRss, peak, heap);
    }

    /** @return a /proc/self/status field in bytes, −1 if unavailable */
    private static long statusKb(String field) {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            for (String l : lines) {
                if (l.startsWith(field)) {
                    String[] p = l.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(p[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** @return CPU time of this process (all threads, native ones included) in ns, or −1 where the JVM cannot say */
    public static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    /** @return the 1-minute load average from /proc/loadavg, NaN if unavailable */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? Double.NaN : l;
        }
    }
}
