package org.meanode.examples.rates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.meanode.examples.demo.LogLogFit;
import org.meanode.predict.BlockModel;
import org.meanode.predict.DistancePredictor;
import org.meanode.predict.DistanceSample;

/**
 * All measurements of a rates run and what is fitted on them.
 *
 * @param settings   what was run
 * @param references the limit reference per D
 * @param sizes      the measured distances per size
 * @param seconds    wall time of the run
 */
public record RatesResult(RatesSettings settings, Map<Integer, ReferenceResult> references, Map<Size, SizeResult> sizes,
                          double seconds) {

    /** A point counts as sampling-dominated when the fitted sampling term is at least this many times c₁/L. */
    public static final double SAMPLING_DOMINANCE = 4.0;

    /**
     * @param sweep a sweep that was run
     * @return its results in sweep order
     */
    public List<SizeResult> sweep(Sweep sweep) {
        List<Size> s = settings.sweeps().get(sweep);
        if (s == null) {
            throw new IllegalArgumentException("sweep (" + sweep.letter() + ") was not run");
        }
        return s.stream().map(sizes::get).toList();
    }

    /**
     * @param sweep a sweep that was run
     * @return least squares of log(distance) against log(abscissa) over the sweep
     */
    public LogLogFit fit(Sweep sweep) {
        List<SizeResult> r = sweep(sweep);
        return LogLogFit.fit(r.stream().mapToDouble(x -> sweep.x(x.size())).toArray(),
                r.stream().mapToDouble(SizeResult::distance).toArray());
    }

    /** @return one sample per measured size, for {@link DistancePredictor#fit} */
    public List<DistanceSample> samples() {
        List<DistanceSample> out = new ArrayList<>();
        for (SizeResult r : sizes.values()) {
            out.add(new DistanceSample(r.size().depth(), r.size().width(), r.size().embeddingDim(),
                    settings.training().alpha(), r.distance()));
        }
        return out;
    }

    /**
     * @return the bound c₁/L + c₂·α√D/√(L·M) fitted on every measured size (non-negative least
     *         squares on relative residuals)
     */
    public DistancePredictor bound() {
        TrainingSpec t = settings.training();
        String source = String.format(Locale.ROOT, "meanode rates: sweeps %s, %d sizes x %d networks, K = %d GD steps,"
                + " eta = %s, alpha = %s, d_in = %d, d_out = %d, N = %d, tanh, sigma_u = sigma_v = sqrt(D), data seed %d,"
                + " network seed %d; limit: %s, mean of %d replicates",
                settings.sweeps().keySet().stream().map(Sweep::letter).collect(Collectors.joining(",")), sizes.size(),
                settings.seeds(), t.steps(), t.learningRate(), t.alpha(), settings.nIn(), settings.nOut(), settings.examples(),
                settings.dataSeed(), settings.networkSeed(), settings.reference().describe(), settings.references());
        return DistancePredictor.fit(samples(), BlockModel.TWO_LAYER_PERCEPTRON, source);
    }

    /** @return the most common D among the measured sizes (the D of sweeps a and b by default) */
    public int baseDim() {
        Map<Integer, Long> count = sizes.keySet().stream()
                .collect(Collectors.groupingBy(Size::embeddingDim, TreeMap::new, Collectors.counting()));
        return count.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * @param bound the fitted bound
     * @return the sizes at the base D whose fitted sampling term is at least
     *         {@value #SAMPLING_DOMINANCE}× the 1/L term, by L·M
     */
    public List<SizeResult> samplingDominated(DistancePredictor bound) {
        int d = baseDim();
        double alpha = settings.training().alpha();
        return sizes.values().stream().filter(r -> r.size().embeddingDim() == d)
                .filter(r -> bound.samplingTerm(r.size().depth(), r.size().width(), d, alpha)
                        >= SAMPLING_DOMINANCE * bound.discretisationTerm(r.size().depth()))
                .sorted(Comparator.comparingLong((SizeResult r) -> r.size().depthTimesWidth()))
                .toList();
    }

    /**
     * @param bound the fitted bound
     * @return log-log slope of distance vs L·M over {@link #samplingDominated}, or null with
     *         fewer than 3 points or fewer than 2 distinct L·M
     */
    public LogLogFit samplingSlope(DistancePredictor bound) {
        List<SizeResult> pts = samplingDominated(bound);
        if (pts.size() < 3 || pts.stream().mapToLong(r -> r.size().depthTimesWidth()).distinct().count() < 2) {
            return null;
        }
        return LogLogFit.fit(pts.stream().mapToDouble(r -> r.size().depthTimesWidth()).toArray(),
                pts.stream().mapToDouble(SizeResult::distance).toArray());
    }

    /** @return groups of measured sizes with equal L·M and D and at least 2 depths, by L·M */
    public List<EqualProductGroup> equalProductGroups() {
        Map<String, List<SizeResult>> groups = sizes.values().stream()
                .sorted(Comparator.comparingInt((SizeResult r) -> r.size().embeddingDim())
                        .thenComparingLong(r -> r.size().depthTimesWidth()))
                .collect(Collectors.groupingBy(r -> r.size().embeddingDim() + "/" + r.size().depthTimesWidth(),
                        LinkedHashMap::new, Collectors.toList()));
        List<EqualProductGroup> out = new ArrayList<>();
        for (List<SizeResult> g : groups.values()) {
            if (g.stream().map(r -> r.size().depth()).distinct().count() >= 2) {
                out.add(EqualProductGroup.of(g));
            }
        }
        return out;
    }

    /**
     * The distance with the reference's random error removed: the reference's replicates are
     * independent of the networks, so E[distance²] = (true distance)² + errorOfMean², and
     * √(distance² − errorOfMean²) (0 if negative) estimates the true distance.
     *
     * @param r a measured size
     * @return the corrected distance
     */
    public double corrected(SizeResult r) {
        double e = references.get(r.size().embeddingDim()).errorOfMean();
        return Math.sqrt(Math.max(0, r.distance() * r.distance() - e * e));
    }

    /**
     * @return for each D, the reference's estimated error ({@link ReferenceResult#error()}) divided
     *         by the smallest distance measured at that D
     */
    public Map<Integer, Double> referenceErrorRatios() {
        Map<Integer, Double> out = new TreeMap<>();
        Map<Integer, Double> minDist = sizes.values().stream().collect(Collectors.toMap(r -> r.size().embeddingDim(),
                SizeResult::distance, Math::min, TreeMap::new));
        for (Map.Entry<Integer, Double> e : minDist.entrySet()) {
            out.put(e.getKey(), references.get(e.getKey()).error() / e.getValue());
        }
        return out;
    }
}
