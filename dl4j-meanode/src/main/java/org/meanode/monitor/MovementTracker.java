package org.meanode.monitor;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce3.EuclideanDistance;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The baseline (U_0, V_0 of every unit group, h_0(s) of every hidden state on the probe batch)
 * and the relative movements of MODEL.md against it:
 * ‖U_k − U_0‖_F/‖U_0‖_F, ‖V_k − V_0‖_F/‖V_0‖_F per group and ‖h_k(s) − h_0(s)‖_F/‖h_0(s)‖_F per
 * state. Hidden states of consecutive layers share their boundary: layer j's input is layer
 * j−1's last state and is listed once.
 */
final class MovementTracker {
    private final MonitoredNetwork net;
    private final INDArray[] probe;
    private final List<INDArray> u0 = new ArrayList<>();
    private final List<INDArray> v0 = new ArrayList<>();
    private final List<double[]> u0Norm = new ArrayList<>();
    private final List<double[]> v0Norm = new ArrayList<>();
    private final INDArray h0;
    private final double[] h0Norm;
    private final double[] unitDepths;
    private final double[] stateDepths;

    /**
     * Takes the baseline with the network's current parameters.
     *
     * @param net   the network
     * @param probe the probe batch (detached copies), one array per network input
     */
    MovementTracker(MonitoredNetwork net, INDArray[] probe) {
        this.net = net;
        this.probe = probe;
        List<Double> units = new ArrayList<>();
        List<Double> states = new ArrayList<>();
        double offset = 0;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (MonitoredLayer l : net.layers()) {
                if (l.units() != null) {
                    INDArray u = l.units().unitsU().dup('c');
                    INDArray v = l.units().unitsV().dup('c');
                    u0.add(u);
                    v0.add(v);
                    u0Norm.add(groupNorms(u));
                    v0Norm.add(groupNorms(v));
                    for (double s : l.units().unitDepths()) {
                        units.add(offset + s);
                    }
                }
                double[] rel = l.probe().stateDepths();
                for (int j = states.isEmpty() ? 0 : 1; j < rel.length; j++) {
                    states.add(offset + rel[j]);
                }
                offset += rel[rel.length - 1];
            }
            h0 = concatStates(net.states(probe));
            h0Norm = groupNorms(h0);
        }
        unitDepths = units.stream().mapToDouble(Double::doubleValue).toArray();
        stateDepths = states.stream().mapToDouble(Double::doubleValue).toArray();
        if (stateDepths.length != h0.size(0)) {
            throw new IllegalStateException("hidden states: " + h0.size(0) + " computed, " + stateDepths.length + " depth-times");
        }
    }

    /** @return depth-time of each unit group */
    double[] unitDepths() {
        return unitDepths.clone();
    }

    /** @return depth-time of each hidden state */
    double[] stateDepths() {
        return stateDepths.clone();
    }

    /** @return the probe batch size */
    long probeSize() {
        return probe[0].size(0);
    }

    /**
     * @return {U movement per group, V movement per group, hidden movement per state} with the
     *         network's current parameters
     */
    double[][] measure() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            double[] um = new double[unitDepths.length];
            double[] vm = new double[unitDepths.length];
            int at = 0;
            int k = 0;
            for (MonitoredLayer l : net.layers()) {
                if (l.units() == null) {
                    continue;
                }
                double[] du = groupDistances(l.units().unitsU(), u0.get(k));
                double[] dv = groupDistances(l.units().unitsV(), v0.get(k));
                for (int g = 0; g < du.length; g++) {
                    um[at + g] = du[g] / u0Norm.get(k)[g];
                    vm[at + g] = dv[g] / v0Norm.get(k)[g];
                }
                at += du.length;
                k++;
            }
            double[] dh = groupDistances(concatStates(net.states(probe)), h0);
            double[] hm = new double[dh.length];
            for (int j = 0; j < dh.length; j++) {
                hm[j] = dh[j] / h0Norm[j];
            }
            return new double[][] {um, vm, hm};
        }
    }

    /** @return the Frobenius norm of each slice a[g] of a [groups, ...] array (rank 3), in double */
    static double[] groupNorms(INDArray a) {
        return a.norm2(1, 2).toDoubleVector();
    }

    /**
     * @return ‖a[g] − b[g]‖_F for each slice g of two [groups, ...] arrays of rank 3, in one pass
     *         over both (no difference array is formed)
     */
    static double[] groupDistances(INDArray a, INDArray b) {
        INDArray d = Nd4j.getExecutioner().exec(new EuclideanDistance(a, b, 1, 2));
        return d.toDoubleVector();
    }

    private static INDArray concatStates(List<INDArray> perLayer) {
        if (perLayer.size() == 1) {
            return perLayer.get(0);
        }
        List<INDArray> parts = new ArrayList<>();
        for (int j = 0; j < perLayer.size(); j++) {
            INDArray s = perLayer.get(j);
            parts.add(j == 0 ? s : s.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, s.size(0))));
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
