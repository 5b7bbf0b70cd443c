package org.meanode.arbiter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a search keeps of one candidate, finished or failed: enough to rank, explain and rebuild
 * it. Written by {@link SearchResultStore} as one JSON file per candidate.
 *
 * @param index             the candidate's index (Arbiter's candidate counter)
 * @param status            COMPLETE or FAILED
 * @param score             the score (e.g. validation MSE) of a complete candidate; null if failed
 * @param failureReason     why it failed (first line), null if complete
 * @param hyperparameters   the sampled values (D, L, M, alpha, eta, …) in a fixed order
 * @param unitValues        the point of the unit hypercube the candidate was built from
 * @param configurationJson the network configuration (DL4J JSON)
 * @param startMillis       training start, epoch milliseconds
 * @param endMillis         end of training and scoring, epoch milliseconds
 * @param provenance        project, DL4J and Arbiter versions, seeds and the like
 */
public record CandidateRecord(int index, Status status, Double score, String failureReason,
                              Map<String, Object> hyperparameters, double[] unitValues, String configurationJson,
                              long startMillis, long endMillis, Map<String, String> provenance) {

    /** Outcome of a candidate. */
    public enum Status {
        /** Trained and scored with a finite score. */
        COMPLETE,
        /** Threw, diverged (non-finite loss) or scored non-finite; see the failure reason. */
        FAILED
    }

    /**
     * Defensive copies. Numbers in the hyperparameters are normalised (integral types to Long,
     * others to Double) so that a record read back from JSON equals the one written.
     */
    public CandidateRecord {
        Objects.requireNonNull(status, "status");
        Map<String, Object> h = new LinkedHashMap<>();
        hyperparameters.forEach((k, v) -> h.put(k, normalise(v)));
        hyperparameters = Collections.unmodifiableMap(h);
        unitValues = unitValues == null ? new double[0] : unitValues.clone();
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    private static Object normalise(Object v) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return v;
    }

    /** @return the training and scoring time in seconds */
    public double seconds() {
        return (endMillis - startMillis) / 1000.0;
    }

    @Override
    public double[] unitValues() {
        return unitValues.clone();
    }

    /** @return the record as a JSON-ready map (keys in a fixed order) */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("status", status.name());
        m.put("score", score);
        m.put("failureReason", failureReason);
        m.put("hyperparameters", new LinkedHashMap<>(hyperparameters));
        List<Double> u = new ArrayList<>();
        for (double v : unitValues) {
            u.add(v);
        }
        m.put("unitValues", u);
        m.put("configurationJson", configurationJson);
        m.put("startMillis", startMillis);
        m.put("endMillis", endMillis);
        m.put("provenance", new LinkedHashMap<>(provenance));
        return m;
    }

    /**
     * @param m a map written by {@link #toMap()} and read back from JSON
     * @return the record
     */
    @SuppressWarnings("unchecked")
    public static CandidateRecord fromMap(Map<String, Object> m) {
        List<Number> u = (List<Number>) m.getOrDefault("unitValues", List.of());
        double[] unit = new double[u.size()];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = u.get(i).doubleValue();
        }
        Object score = m.get("score");
        Map<String, String> prov = new LinkedHashMap<>();
        ((Map<String, Object>) m.getOrDefault("provenance", Map.of())).forEach((k, v) -> prov.put(k, String.valueOf(v)));
        return new CandidateRecord(((Number) m.get("index")).intValue(), Status.valueOf((String) m.get("status")),
                score == null ? null : ((Number) score).doubleValue(), (String) m.get("failureReason"),
                (Map<String, Object>) m.getOrDefault("hyperparameters", Map.of()), unit,
                (String) m.get("configurationJson"), ((Number) m.get("startMillis")).longValue(),
                ((Number) m.get("endMillis")).longValue(), prov);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidateRecord r && index == r.index && status == r.status && Objects.equals(score, r.score)
                && Objects.equals(failureReason, r.failureReason) && hyperparameters.equals(r.hyperparameters)
                && Arrays.equals(unitValues, r.unitValues) && Objects.equals(configurationJson, r.configurationJson)
                && startMillis == r.startMillis && endMillis == r.endMillis && provenance.equals(r.provenance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, status, score, failureReason, hyperparameters, Arrays.hashCode(unitValues),
                configurationJson, startMillis, endMillis, provenance);
    }
}
