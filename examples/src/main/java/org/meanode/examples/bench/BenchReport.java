package org.meanode.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The benchmark's console tables, the targets, and {@value #CSV}. */
public final class BenchReport {
    /** The CSV file name. */
    public static final String CSV = "bench.csv";
    /** Median/min ratio of a step time above which the report suggests checking thread settings. */
    public static final double JITTER_WARNING = 1.3;
    /** Display names of the implementations, in table order. */
    private static final Map<String, String> LABELS = Map.of(
            BenchRow.FUSED, "fused (default kernel)",
            BenchRow.FUSED_CHECKPOINT, "fused + checkpointing",
            BenchRow.FUSED_ND4J_OPS, "fused, ND4J-ops kernel",
            BenchRow.LIMIT, "limit layer, RK4",
            BenchRow.FUSED_BIAS, "fused, bias unit",
            BenchRow.FUSED_GATED, "fused, gated unit",
            BenchRow.STOCK, "stock DL4J graph");
    private static final List<String> ORDER = List.of(BenchRow.FUSED, BenchRow.FUSED_CHECKPOINT, BenchRow.FUSED_ND4J_OPS,
            BenchRow.LIMIT, BenchRow.FUSED_BIAS, BenchRow.FUSED_GATED, BenchRow.STOCK);

    private BenchReport() {
    }

    /**
     * Prints the tables without load figures.
     *
     * @param cases the cases, in order
     * @param rows  every measurement
     * @param out   destination
     */
    public static void print(List<BenchCase> cases, List<BenchRow> rows, PrintWriter out) {
        print(cases, rows, Double.NaN, Double.NaN, out);
    }

    /**
     * @param cases     the cases, in order
     * @param rows      every measurement
     * @param loadStart 1-minute load average at the start (NaN if unknown)
     * @param loadEnd   1-minute load average at the end
     * @param out       destination
     */
    public static void print(List<BenchCase> cases, List<BenchRow> rows, double loadStart, double loadEnd, PrintWriter out) {
        double peak = peak(rows);
        out.println();
        for (BenchRow r : rows) {
            if (r.impl().equals(BenchRow.SGEMM_SQUARE)) {
                out.printf(Locale.ROOT, "reference: Nd4j.gemm float32 %s: %.1f GFLOP/s (median of %d)%n", r.sizes(), r.gflops(),
                        r.timing().iterations());
            }
        }
        out.printf(Locale.ROOT, "load average (1 min): %.2f at start, %.2f at end, on %d cores%n", loadStart, loadEnd,
                Runtime.getRuntime().availableProcessors());
        out.println("GD step = one fit(DataSet), float32, full batch; GFLOP/s count 12·L·M·D·N flops per step");
        out.printf(Locale.ROOT, "%-7s %18s  %-24s | %10s %10s %8s %7s | %8s %8s%n", "case", "sizes", "implementation",
                "median ms", "min ms", "GFLOP/s", "% SGEMM", "vs stock", "vs fused");
        for (BenchCase c : cases) {
            Optional<BenchRow> stock = find(rows, c, BenchRow.STOCK);
            Optional<BenchRow> fused = find(rows, c, BenchRow.FUSED);
            for (String impl : ORDER) {
                Optional<BenchRow> row = find(rows, c, impl);
                if (row.isEmpty()) {
                    continue;
                }
                BenchRow r = row.get();
                double med = r.timing().medianSeconds();
                out.printf(Locale.ROOT, "%-7s %18s  %-24s | %10.3f %10.3f %8.2f %7s | %8s %8s%n", c.name(), r.sizes(),
                        LABELS.get(impl), 1e3 * med, 1e3 * r.timing().minSeconds(), r.gflops(),
                        Double.isNaN(peak) ? "-" : fmt("%.0f%%", 100 * r.gflops() / peak),
                        stock.map(s -> fmt("%.2fx", s.timing().medianSeconds() / med)).orElse("-"),
                        fused.map(f -> fmt("%.2fx", f.timing().medianSeconds() / med)).orElse("-"));
            }
            find(rows, c, BenchRow.SGEMM_BLOCK).ifPresent(g -> out.printf(Locale.ROOT,
                    "%-7s %18s  %-24s | Nd4j.gemm [%s]: %.2f GFLOP/s%n", "", "", "(block-shaped SGEMM)", g.sizes(), g.gflops()));
        }
        out.println("% SGEMM = GFLOP/s / best square Nd4j.gemm GFLOP/s; vs stock, vs fused = that median / this median"
                + " (above 1: faster);");
        out.println("sizes: L x M x D x N; for the limit layer S x P x D x N (RK4: S steps of 4 stages of P nodes),"
                + " its GFLOP/s counting 12·S·4·P·D·N; the bias and gated rows count the 2LP unit's flops");
        out.println();
        out.printf(Locale.ROOT, "%-7s %-24s | %10s %10s %10s %10s | %10s %10s%n", "memory", "implementation", "model MiB",
                "stack MiB", "wkspc MiB", "total MiB", "RSS+ MiB", "heap MiB");
        for (BenchCase c : cases) {
            for (String impl : ORDER) {
                Optional<BenchRow> row = find(rows, c, impl);
                if (row.isEmpty() || row.get().footprint() == null) {
                    continue;
                }
                Footprint f = row.get().footprint();
                MemoryProbe.Peak m = row.get().memory();
                out.printf(Locale.ROOT, "%-7s %-24s | %10.2f %10s %10s %10.2f | %10s %10s%n", c.name(), LABELS.get(impl),
                        mib(f.modelBytes()), f.stackBytes() < 0 ? "-" : fmt("%.2f", mib(f.stackBytes())),
                        f.workspaceBytes() < 0 ? "-" : fmt("%.2f", mib(f.workspaceBytes())), mib(f.totalBytes()),
                        m == null ? "-" : fmt("%.0f", m.rssRiseMiB()), m == null ? "-" : fmt("%.0f", m.heapPeakMiB()));
            }
        }
        out.println("model = parameters + gradient view + updater state; stack = arrays the stack keeps between"
                + " forward and backward pass; wkspc = DL4J workspaces after the steps; total = their sum (counted"
                + " array by array, off-heap);");
        out.println("RSS+ = peak resident memory during the measurement minus resident memory before the network was"
                + " built (exact for the first measurement of a JVM; later ones reuse freed memory, so read it as a"
                + " lower bound: run one --impls per JVM for clean figures); heap = peak JVM heap use (upper bound)");
        printTargets(cases, rows, peak, out);
        double jitter = rows.stream().filter(r -> ORDER.contains(r.impl()))
                .mapToDouble(r -> r.timing().medianSeconds() / r.timing().minSeconds()).max().orElse(1.0);
        if (jitter > JITTER_WARNING && System.getenv("OMP_WAIT_POLICY") == null) {
            out.printf(Locale.ROOT, "note: step times are jittery (median/min up to %.1f). On machines with few cores,"
                    + " OpenMP threads that spin while OpenBLAS works can cause this; compare a run with the"
                    + " environment variable OMP_WAIT_POLICY=PASSIVE.%n", jitter);
        }
    }

    /** The targets of the speed issue, for the named cases that ran. */
    private static void printTargets(List<BenchCase> cases, List<BenchRow> rows, double peak, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        for (BenchCase c : cases) {
            Optional<BenchRow> fused = find(rows, c, BenchRow.FUSED);
            Optional<BenchRow> stock = find(rows, c, BenchRow.STOCK);
            if (fused.isEmpty()) {
                continue;
            }
            double pct = 100 * fused.get().gflops() / peak;
            double speedup = stock.map(s -> s.timing().medianSeconds() / fused.get().timing().medianSeconds()).orElse(Double.NaN);
            if (c.equals(BenchCase.LARGE)) {
                lines.add(fmt("large : %.0f%% of SGEMM (target >= 60%%): ", pct) + verdict(pct >= 60));
            } else if (c.equals(BenchCase.MEDIUM)) {
                lines.add(fmt("medium: %.2fx stock (target >= 3x), ", speedup) + fmt("%.0f%% of SGEMM (target >= 40%%): ", pct)
                        + (Double.isNaN(speedup) ? "stock not run" : verdict(speedup >= 3 && pct >= 40)));
            } else if (c.equals(BenchCase.SMALL)) {
                lines.add(fmt("small : %.2fx stock (target >= 5x): ", speedup)
                        + (Double.isNaN(speedup) ? "stock not run" : verdict(speedup >= 5)));
            }
            find(rows, c, BenchRow.FUSED_CHECKPOINT).ifPresent(k -> lines.add(String.format(Locale.ROOT, "%-6s", c.name())
                    + ": checkpointing costs "
                    + fmt("%+.0f%% time and keeps ", 100 * (k.timing().medianSeconds() / fused.get().timing().medianSeconds() - 1))
                    + fmt("%.0f%% of the stack's memory", 100.0 * k.stackBytes() / fused.get().stackBytes())));
        }
        if (!lines.isEmpty()) {
            out.println("targets of the speed issue (default kernel, this run):");
            lines.forEach(l -> out.println("  " + l));
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    /**
     * @param rows  every measurement
     * @param dir   an existing directory
     * @throws IOException if the file cannot be written
     */
    public static void writeCsv(List<BenchRow> rows, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("case,sizes,impl,flops_per_iteration,iterations,median_seconds,min_seconds,gflops_median,gflops_best,"
                + "stack_bytes,model_bytes,workspace_bytes,rss_rise_bytes,rss_peak_bytes,heap_peak_bytes");
        for (BenchRow r : rows) {
            MemoryProbe.Peak m = r.memory();
            Footprint f = r.footprint();
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%.6g,%d,%.6g,%.6g,%.4f,%.4f,%d,%d,%d,%d,%d,%d", r.caseName(),
                    r.sizes(), r.impl(), r.flops(), r.timing().iterations(), r.timing().medianSeconds(),
                    r.timing().minSeconds(), r.gflops(), r.timing().gflopsBest(r.flops()), r.stackBytes(),
                    f == null ? -1 : f.modelBytes(), f == null ? -1 : f.workspaceBytes(),
                    m == null || m.rssPeakBytes() < 0 || m.rssBaselineBytes() < 0 ? -1 : m.rssPeakBytes() - m.rssBaselineBytes(),
                    m == null ? -1 : m.rssPeakBytes(), m == null ? -1 : m.heapPeakBytes()));
        }
        Files.write(dir.resolve(CSV), lines, StandardCharsets.UTF_8);
    }

    /**
     * @param rows every measurement
     * @return the best square-SGEMM median rate, NaN if none
     */
    public static double peak(List<BenchRow> rows) {
        return rows.stream().filter(r -> r.impl().equals(BenchRow.SGEMM_SQUARE)).mapToDouble(BenchRow::gflops).max()
                .orElse(Double.NaN);
    }

    private static Optional<BenchRow> find(List<BenchRow> rows, BenchCase c, String impl) {
        return rows.stream().filter(r -> r.caseName().equals(c.name()) && r.impl().equals(impl)).findFirst();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
