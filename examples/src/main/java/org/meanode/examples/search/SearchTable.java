package org.meanode.examples.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.SearchResultStore;

/**
 * Console table and CSV of a search's candidate records. The CSV has one row per candidate,
 * appended (and flushed) as each finishes, with its provenance: the network configuration
 * JSON, the network seed, the search seed and the project, DL4J and Arbiter versions.
 */
public final class SearchTable {
    /** The CSV's file name. */
    public static final String CSV = "candidates.csv";
    /** Hyperparameter columns, in order (keys of {@code MeanOdeConfiguration.hyperparameters()}). */
    static final List<String> HYPER = List.of("D", "L", "M", "alpha", "sigmaU", "sigmaV", "eta", "regime", "activation",
            "updater", "seed", "epochs");
    /** Provenance columns, in order. */
    static final List<String> PROVENANCE = List.of("searchSeed", "dataSeed", "projectVersion", "dl4jVersion", "arbiterVersion",
            "nd4jBackend");
    /** CSV header. */
    public static final String HEADER = "index,status,validation_mse,failure_reason,seconds," + String.join(",", HYPER) + ","
            + String.join(",", PROVENANCE) + ",unit_values,configuration_json";
    /** CSV header of a {@code search --conv} (score: validation cross-entropy). */
    public static final String CONV_HEADER = HEADER.replace("validation_mse", "validation_loss");
    /** Provenance key naming the score of a record ("val MSE" when absent). */
    static final String SCORE_KEY = "score";

    private SearchTable() {
    }

    /**
     * Prints the ranked table: complete candidates by validation MSE, then the failed ones.
     *
     * @param records the records
     * @param top     at most this many complete rows (all failures are listed)
     * @param out     destination
     */
    public static void print(List<CandidateRecord> records, int top, PrintWriter out) {
        List<CandidateRecord> ranked = SearchResultStore.ranked(records);
        long complete = records.stream().filter(r -> r.status() == CandidateRecord.Status.COMPLETE).count();
        out.printf(Locale.ROOT, "%d candidates: %d complete, %d failed%n", records.size(), complete, records.size() - complete);
        String label = records.isEmpty() ? "val MSE" : records.get(0).provenance().getOrDefault(SCORE_KEY, "val MSE");
        out.printf(Locale.ROOT, "%4s %5s  %-8s %12s %4s %5s %4s %8s %9s %-13s %7s  %s%n", "rank", "#", "status", label,
                "D", "L", "M", "alpha", "eta", "regime/unit", "seconds", "failure");
        int rank = 0;
        for (CandidateRecord r : ranked) {
            boolean ok = r.status() == CandidateRecord.Status.COMPLETE;
            if (ok && rank >= top) {
                continue;
            }
            Map<String, Object> h = r.hyperparameters();
            out.printf(Locale.ROOT, "%4s %5d  %-8s %12s %4s %5s %4s %8s %9s %-13s %7.1f  %s%n", ok ? String.valueOf(++rank) : "-",
                    r.index(), r.status(), ok ? String.format(Locale.ROOT, "%.6f", r.score()) : "-", h.getOrDefault("D", "?"),
                    h.getOrDefault("L", "?"), h.getOrDefault("M", "?"), num(h.get("alpha"), "%.3f"), num(h.get("eta"), "%.4g"),
                    regimeOrUnit(h), r.seconds(), ok ? "" : r.failureReason());
        }
        if (complete > top) {
            out.printf(Locale.ROOT, "(%d more complete candidates in %s)%n", complete - top, CSV);
        }
        out.flush();
    }

    /** @return the regime, or for a conv candidate (no regime) its channels and kernel size, "C=8 k=3" */
    static String regimeOrUnit(Map<String, Object> h) {
        if (h.containsKey("regime")) {
            return String.valueOf(h.get("regime"));
        }
        return h.containsKey("C") && h.containsKey("k") ? "C=" + h.get("C") + " k=" + h.get("k") : "?";
    }

    private static String num(Object v, String fmt) {
        return v instanceof Number n ? String.format(Locale.ROOT, fmt, n.doubleValue()) : "?";
    }

    /**
     * Appends one record to the CSV (writing the header first if the file is new) and flushes.
     *
     * @param csv the CSV file
     * @param r   the record
     */
    public static synchronized void append(Path csv, CandidateRecord r) {
        try {
            boolean fresh = !Files.exists(csv);
            try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                if (fresh) {
                    w.write(("val loss".equals(r.provenance().get(SCORE_KEY)) ? CONV_HEADER : HEADER) + "\n");
                }
                w.write(row(r) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param r a record
     * @return its CSV row (RFC 4180 quoting)
     */
    static String row(CandidateRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.index()).append(',').append(r.status()).append(',').append(r.score() == null ? "" : r.score()).append(',')
                .append(quote(r.failureReason())).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds()));
        for (String k : HYPER) {
            sb.append(',').append(quote(r.hyperparameters().get(k)));
        }
        for (String k : PROVENANCE) {
            sb.append(',').append(quote(r.provenance().get(k)));
        }
        StringBuilder unit = new StringBuilder();
        for (double u : r.unitValues()) {
            unit.append(unit.length() == 0 ? "" : " ").append(u);
        }
        sb.append(',').append(quote(unit.toString())).append(',').append(quote(r.configurationJson()));
        return sb.toString();
    }

    private static String quote(Object v) {
        if (v == null) {
            return "";
        }
        String s = v.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
