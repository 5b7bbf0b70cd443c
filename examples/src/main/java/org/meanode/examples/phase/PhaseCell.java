package org.meanode.examples.phase;

/**
 * One measured point of the phase diagram.
 *
 * @param sweep          "sigma" (α × σ_v/√D) or "eta" (α × η)
 * @param alpha          α
 * @param sigmaRatio     σ_v/√D
 * @param eta            base rate η
 * @param unitMovement   ‖U_K − U_0‖_F/‖U_0‖_F over all blocks
 * @param vMovement      ‖V_K − V_0‖_F/‖V_0‖_F over all blocks
 * @param hiddenMovement mean over depths s = l/L (l = 1 … L) of ‖h_K(s) − h_0(s)‖_F/‖h_0(s)‖_F on the probe batch
 * @param initialLoss    training MSE at step 0
 * @param finalLoss      training MSE after K steps (NaN if diverged)
 * @param diverged       true if the loss became non-finite
 */
public record PhaseCell(String sweep, double alpha, double sigmaRatio, double eta, double unitMovement, double vMovement,
                        double hiddenMovement, double initialLoss, double finalLoss, boolean diverged) {

    /** @return finalLoss/initialLoss (NaN if diverged) */
    public double lossRatio() {
        return diverged ? Double.NaN : finalLoss / initialLoss;
    }
}
