package org.meanode.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmark's console table and {@value #CSV}. */
public final class BenchReport {
    /** The CSV file name. */
    public static final String CSV = "bench.csv";
    /** Median/min ratio of a step time above which the report suggests checking thread settings. */
    public static final double JITTER_WARNING = 1.3;

    private BenchReport() {
    }

    /**
     * @param cases the cases, in order
     * @param rows  every measurement
     * @param out   destination
     */
    public static void print(List<BenchCase> cases, List<BenchRow> rows, PrintWriter out) {
        double peak = peak(rows);
        out.println();
        for (BenchRow r : rows) {
            if (r.impl().equals(BenchRow.SGEMM_SQUARE)) {
                out.printf(Locale.ROOT, "reference: Nd4j.gemm float32 %s: %.1f GFLOP/s (median of %d)%n", r.sizes(), r.gflops(),
                        r.timing().iterations());
            }
        }
        out.println("GD step = one fit(DataSet), float32, full batch; GFLOP/s count 12·L·M·D·N flops per step");
        out.printf(Locale.ROOT, "%-7s %16s | %9s %9s %8s | %9s %9s %8s | %7s | %11s %8s %8s%n", "case", "L x M x D x N",
                "fused ms", "min ms", "GFLOP/s", "stock ms", "min ms", "GFLOP/s", "speedup", "SGEMM blk", "vs blk", "vs peak");
        for (BenchCase c : cases) {
            Optional<BenchRow> fused = find(rows, c, BenchRow.FUSED);
            Optional<BenchRow> stock = find(rows, c, BenchRow.STOCK);
            Optional<BenchRow> gemm = find(rows, c, BenchRow.SGEMM_BLOCK);
            if (fused.isEmpty()) {
                continue;
            }
            BenchRow f = fused.get();
            out.printf(Locale.ROOT, "%-7s %16s | %9.3f %9.3f %8.2f | %9s %9s %8s | %7s | %11s %8s %8s%n", c.name(), c.sizes(),
                    1e3 * f.timing().medianSeconds(), 1e3 * f.timing().minSeconds(), f.gflops(),
                    stock.map(s -> fmt("%.3f", 1e3 * s.timing().medianSeconds())).orElse("-"),
                    stock.map(s -> fmt("%.3f", 1e3 * s.timing().minSeconds())).orElse("-"),
                    stock.map(s -> fmt("%.2f", s.gflops())).orElse("-"),
                    stock.map(s -> fmt("%.2fx", s.timing().medianSeconds() / f.timing().medianSeconds())).orElse("-"),
                    gemm.map(g -> fmt("%.2f", g.gflops())).orElse("-"),
                    gemm.map(g -> fmt("%.0f%%", 100 * f.gflops() / g.gflops())).orElse("-"),
                    Double.isNaN(peak) ? "-" : fmt("%.0f%%", 100 * f.gflops() / peak));
        }
        out.println("speedup = stock median / fused median; SGEMM blk = Nd4j.gemm of [N,D]x[D,M] (one block's first"
                + " product); vs peak = fused GFLOP/s / best square SGEMM GFLOP/s");
        double jitter = rows.stream().filter(r -> r.impl().equals(BenchRow.FUSED) || r.impl().equals(BenchRow.STOCK))
                .mapToDouble(r -> r.timing().medianSeconds() / r.timing().minSeconds()).max().orElse(1.0);
        if (jitter > JITTER_WARNING && System.getenv("OMP_WAIT_POLICY") == null) {
            out.printf(Locale.ROOT, "note: step times are jittery (median/min up to %.1f). On machines with few cores,"
                    + " OpenMP threads that spin while OpenBLAS works can cause this; compare a run with the"
                    + " environment variable OMP_WAIT_POLICY=PASSIVE.%n", jitter);
        }
    }

    /**
     * @param rows  every measurement
     * @param dir   an existing directory
     * @throws IOException if the file cannot be written
     */
    public static void writeCsv(List<BenchRow> rows, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("case,sizes,impl,flops_per_iteration,iterations,median_seconds,min_seconds,gflops_median,gflops_best");
        for (BenchRow r : rows) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%.6g,%d,%.6g,%.6g,%.4f,%.4f", r.caseName(), r.sizes(), r.impl(),
                    r.flops(), r.timing().iterations(), r.timing().medianSeconds(), r.timing().minSeconds(), r.gflops(),
                    r.timing().gflopsBest(r.flops())));
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

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }
}
