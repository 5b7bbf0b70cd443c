package org.meanode.examples.bench;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Off-heap memory a trained network holds, counted array by array (exact, independent of the
 * load and of how the allocator recycles memory, unlike {@link MemoryProbe}'s RSS):
 *
 * @param modelBytes     parameters, their gradient view and the updater state
 * @param stackBytes     arrays the residual stack keeps between its forward and backward pass
 *                       (−1: the network has no stack)
 * @param workspaceBytes DL4J/ND4J workspaces of the calling thread after the steps (the
 *                       activations and gradients DL4J passes between layers); −1 if not
 *                       attributable (networks timed together share the thread's workspaces)
 */
public record Footprint(long modelBytes, long stackBytes, long workspaceBytes) {

    /** Destroys the calling thread's workspaces, so that {@link #of} counts only what follows. */
    public static void resetWorkspaces() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }

    /**
     * @param net        a network after some {@code fit} calls
     * @param stackBytes the stack's kept bytes, −1 if none
     * @return its footprint
     */
    public static Footprint of(ComputationGraph net, long stackBytes) {
        long model = bytes(net.params()) + bytes(net.getGradientsViewArray()) + bytes(net.updaterState());
        long ws = 0;
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            ws += w.getCurrentSize();
        }
        return new Footprint(model, stackBytes, ws);
    }

    private static long bytes(INDArray a) {
        return a == null ? 0 : a.length() * a.dataType().width();
    }

    /** @return the sum of the parts (absent parts counted as 0) */
    public long totalBytes() {
        return modelBytes + Math.max(0, stackBytes) + Math.max(0, workspaceBytes);
    }

    /** @return this footprint without the workspace part (−1) */
    public Footprint withoutWorkspaces() {
        return new Footprint(modelBytes, stackBytes, -1);
    }
}
