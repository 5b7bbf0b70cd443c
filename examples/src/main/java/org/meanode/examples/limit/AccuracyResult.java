package org.meanode.examples.limit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meanode.examples.demo.LogLogFit;

/**
 * Measurements of the accuracy experiment.
 *
 * @param settings          what was run
 * @param points            every point, curves in the order of {@link #curveLabels()}
 * @param referenceSampling estimated sampling error of the reference: RMS distance of its two draws / 2
 * @param referenceDiscretisation estimated discretisation error of the reference: RMS distance to the
 *                          same nodes at half the steps / 15 (RK4: error ∝ S⁻⁴)
 * @param referenceNorm     RMS of the reference outputs
 */
public record AccuracyResult(AccuracySettings settings, List<AccuracyPoint> points, double referenceSampling,
                             double referenceDiscretisation, double referenceNorm) {

    /** @return √(sampling² + discretisation²), the reference's own error estimate */
    public double referenceError() {
        return Math.hypot(referenceSampling, referenceDiscretisation);
    }

    /** @return the curves' labels: the stack first, then the limit curves */
    public List<String> curveLabels() {
        List<String> out = new ArrayList<>();
        out.add(settings.stackLabel());
        settings.curves().forEach(c -> out.add(c.label()));
        return out;
    }

    /**
     * @param label a curve label
     * @return its points by increasing cost
     */
    public List<AccuracyPoint> curve(String label) {
        return points.stream().filter(p -> p.curve().equals(label)).sorted((a, b) -> Long.compare(a.cost(), b.cost()))
                .toList();
    }

    /** @return per curve, the log-log fit of error against cost (absent with fewer than 2 points) */
    public Map<String, LogLogFit> fits() {
        Map<String, LogLogFit> out = new LinkedHashMap<>();
        for (String label : curveLabels()) {
            List<AccuracyPoint> c = curve(label);
            if (c.size() >= 2) {
                out.put(label, LogLogFit.fit(c.stream().mapToDouble(AccuracyPoint::cost).toArray(),
                        c.stream().mapToDouble(AccuracyPoint::rmsError).toArray()));
            }
        }
        return out;
    }

    /**
     * @param label a limit curve's label
     * @param cost  a cost
     * @return the stack's error over that curve's error at that cost (how many times more accurate the limit layer is)
     */
    public double advantage(String label, long cost) {
        double stack = at(settings.stackLabel(), cost).rmsError();
        return stack / at(label, cost).rmsError();
    }

    /**
     * @param label a curve label
     * @param cost  a cost
     * @return the point
     */
    public AccuracyPoint at(String label, long cost) {
        return points.stream().filter(p -> p.curve().equals(label) && p.cost() == cost).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no point for " + label + " at cost " + cost));
    }
}
