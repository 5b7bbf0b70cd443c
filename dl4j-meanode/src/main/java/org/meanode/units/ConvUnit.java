package org.meanode.units;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The convolutional two-layer unit (docs/conv.md; docs/MODEL.md, "Convolutional blocks"): for a
 * state h of C channels on an H×W image,
 * <pre>
 *   φ(h, (u, v)) = v ⊗ σ((u ⋆ h) / F),   u ∈ R^{C×k×k},  v ∈ R^C,  F = C·k²
 * </pre>
 * where (u ⋆ h)(y, x) = Σ_{c,a,b} u[c, a, b] · h[c, y + a − r, x + b − r], r = (k − 1)/2, with zeros
 * outside the image (padding "same", stride 1, odd k): an inner convolution whose M output
 * channels are the units and a 1×1 convolution back to C channels. It is the 2LP unit of MODEL.md
 * applied to every k×k patch, with F in the role of D for u. A layer of M units has params "U":
 * [F, M] (row c·k² + a·k + b) and "V": [C, M].
 *
 * <p>Computation (im2col + GEMM on the kernel's arrays, pixels as rows): X = im2col(h) :
 * [N·H·W, F], P = X U / F, A = σ(P), out += scale · (A Vᵀ) transposed back to NCHW; backward
 * dY = g in pixel rows, dV = scale · dYᵀA, dP = σ'(P) ⊙ (scale · dY V), dU = Xᵀ dP / F,
 * dH += col2im(dP Uᵀ / F). X is recomputed in the backward pass, not stored.
 *
 * <p>Init: u ~ N(0, σ_u²), v ~ N(0, σ_v²), defaults σ_u = √F (pre-activations O(1)) and σ_v = √C
 * (the complete regime, C in the role of D for v). Learning rates: MODEL.md's per-unit step
 * (Sgd factor 1 for both; the layer's multiplier L·M·D/(2α²) with D = C·H·W), adaptive σ_u/α,
 * σ_v/α. Default σ = tanh.
 */
public final class ConvUnit implements SpatialUnit {
    private static final long serialVersionUID = 1L;
    /** Key of u. */
    public static final String U_KEY = "U";
    /** Key of v. */
    public static final String V_KEY = "V";

    private final int channels;
    private final int height;
    private final int width;
    private final int kernelSize;
    private final IActivation activation;
    private final Double sigmaU;
    private final Double sigmaV;
    private transient int[] im2col;
    private transient int[] toNchw;

    /**
     * σ = tanh, default init scales.
     *
     * @param channels   C
     * @param height     H
     * @param width      W
     * @param kernelSize k, odd, ≤ min(H, W)
     */
    public ConvUnit(int channels, int height, int width, int kernelSize) {
        this(channels, height, width, kernelSize, new ActivationTanH(), null, null);
    }

    /**
     * @param channels   C ≥ 1
     * @param height     H ≥ 1
     * @param width      W ≥ 1
     * @param kernelSize k: odd (padding "same" centres the kernel) and at most the image's size
     * @param activation σ (C² for the theory)
     * @param sigmaU     σ_u, or null for √F = √(C·k²)
     * @param sigmaV     σ_v, or null for √C
     */
    @JsonCreator
    public ConvUnit(@JsonProperty("channels") int channels, @JsonProperty("height") int height,
                    @JsonProperty("width") int width, @JsonProperty("kernelSize") int kernelSize,
                    @JsonProperty("activation") IActivation activation, @JsonProperty("sigmaU") Double sigmaU,
                    @JsonProperty("sigmaV") Double sigmaV) {
        positive("channels", channels, "the number C of channels of the state");
        positive("height", height, "the image height H");
        positive("width", width, "the image width W");
        positive("kernelSize", kernelSize, "an odd kernel size such as 3");
        if (kernelSize % 2 == 0) {
            throw new IllegalArgumentException("ConvUnit.kernelSize = " + kernelSize + " is even: padding \"same\" with"
                    + " stride 1 needs an odd kernel (centred on each pixel); use kernelSize " + (kernelSize - 1) + " or "
                    + (kernelSize + 1));
        }
        if (kernelSize > Math.min(height, width)) {
            throw new IllegalArgumentException("ConvUnit.kernelSize = " + kernelSize + " is larger than the image "
                    + height + "×" + width + ": use a kernel of at most " + Math.min(height, width) + " (odd)");
        }
        UnitChecks.activation("ConvUnit", "activation", activation);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernelSize = kernelSize;
        this.activation = activation;
        this.sigmaU = UnitChecks.optionalStd("ConvUnit", "sigmaU", sigmaU);
        this.sigmaV = UnitChecks.optionalStd("ConvUnit", "sigmaV", sigmaV);
    }

    private static void positive(String field, int v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException("ConvUnit." + field + " = " + v + " is invalid: pass " + what + " (≥ 1)");
        }
    }

    @Override
    public int getChannels() {
        return channels;
    }

    @Override
    public int getHeight() {
        return height;
    }

    @Override
    public int getWidth() {
        return width;
    }

    /** @return k */
    public int getKernelSize() {
        return kernelSize;
    }

    /** @return σ */
    public IActivation getActivation() {
        return activation;
    }

    /** @return σ_u, or null for the default √F */
    public Double getSigmaU() {
        return sigmaU;
    }

    /** @return σ_v, or null for the default √C */
    public Double getSigmaV() {
        return sigmaV;
    }

    /** @return F = C·k², the fan-in of a unit's inner convolution */
    @JsonIgnore
    public long fanIn() {
        return (long) channels * kernelSize * kernelSize;
    }

    private int pixels() {
        return height * width;
    }

    @Override
    public List<UnitParam> params(long d) {
        if (d != stateSize()) {
            throw new IllegalArgumentException("ConvUnit: the layer's embeddingDim D = " + d + " differs from C·H·W = "
                    + channels + "·" + height + "·" + width + " = " + stateSize() + "; leave embeddingDim unset (it"
                    + " defaults to C·H·W) or make the unit's image shape match the layer's input");
        }
        long f = fanIn();
        return List.of(UnitParam.vector(U_KEY, f, sigmaU == null ? Math.sqrt(f) : sigmaU),
                UnitParam.vector(V_KEY, channels, sigmaV == null ? Math.sqrt(channels) : sigmaV));
    }

    /** @return A, and P before it if σ's gradient needs P; [N, H·W·M] each (pixel rows [N·H·W, M]) */
    @Override
    public long[] storedColumns(long d, int m, UnitOps ops) {
        long c = (long) pixels() * m;
        return ops.keepsInput(activation) ? new long[] {c, c} : new long[] {c};
    }

    /** @return X (im2col, then dX) [N, H·W·F]; Y (then dY) [N, H·W·C]; dA [N, H·W·M]; an activation scratch if P is kept */
    @Override
    public long[] scratchColumns(long d, int m, UnitOps ops) {
        long hw = pixels();
        long c = hw * m;
        return ops.keepsInput(activation) ? new long[] {hw * fanIn(), hw * channels, c, c}
                : new long[] {hw * fanIn(), hw * channels, c};
    }

    /** im2col table: entry p·F + q (pixel p, patch entry q = c·k² + a·k + b) → column of h, or −1 (padding). */
    private int[] im2colIndex() {
        if (im2col == null) {
            int k = kernelSize;
            int r = (k - 1) / 2;
            int f = (int) fanIn();
            int[] idx = new int[pixels() * f];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int base = (y * width + x) * f;
                    for (int c = 0; c < channels; c++) {
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                int yy = y + a - r;
                                int xx = x + b - r;
                                boolean in = yy >= 0 && yy < height && xx >= 0 && xx < width;
                                idx[base + c * k * k + a * k + b] = in ? c * pixels() + yy * width + xx : -1;
                            }
                        }
                    }
                }
            }
            im2col = idx;
        }
        return im2col;
    }

    /** Pixel rows to NCHW: entry p·C + c → column c·H·W + p. */
    private int[] nchwIndex() {
        if (toNchw == null) {
            int hw = pixels();
            int[] idx = new int[hw * channels];
            for (int p = 0; p < hw; p++) {
                for (int c = 0; c < channels; c++) {
                    idx[p * channels + c] = c * hw + p;
                }
            }
            toNchw = idx;
        }
        return toNchw;
    }

    @Override
    public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored,
                        INDArray[] scratch, boolean training) {
        long rows = h.size(0) * pixels();
        int m = (int) z[0].size(1);
        INDArray x = ops.view(scratch[0], rows, fanIn());
        ops.gather(h, im2colIndex(), scratch[0]);
        INDArray p = ops.view(stored[0], rows, m);
        INDArray a = ops.view(stored[stored.length - 1], rows, m);
        ops.gemm(x, false, z[0], false, p, 1.0 / fanIn(), 0.0);
        ops.activate(activation, p, a, training);
        if (out != null) {
            INDArray y = ops.view(scratch[1], rows, channels);
            ops.gemm(a, false, z[1], true, y, scale, 0.0);
            ops.scatterAdd(scratch[1], nchwIndex(), 1.0, out);
        }
    }

    @Override
    public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                         INDArray[] scratch, INDArray dH, INDArray[] dZ) {
        long rows = h.size(0) * pixels();
        int m = (int) z[0].size(1);
        double invF = 1.0 / fanIn();
        ops.gather(dOut, nchwIndex(), scratch[1]); // dOut read completely before dH is written
        INDArray dy = ops.view(scratch[1], rows, channels);
        INDArray a = ops.view(stored[stored.length - 1], rows, m);
        INDArray p = stored.length > 1 ? ops.view(stored[0], rows, m) : null;
        INDArray dA = ops.view(scratch[2], rows, m);
        ops.gemm(dy, true, a, false, dZ[1], scale, 0.0);
        ops.gemm(dy, false, z[1], false, dA, scale, 0.0);
        INDArray tmp = scratch.length > 3 ? ops.view(scratch[3], rows, m) : dA;
        INDArray dP = ops.activationGrad(activation, p, a, dA, tmp);
        INDArray x = ops.view(scratch[0], rows, fanIn());
        ops.gather(h, im2colIndex(), scratch[0]);
        ops.gemm(x, true, dP, false, dZ[0], invF, 0.0);
        ops.gemm(dP, false, z[0], true, x, invF, 0.0);
        ops.scatterAdd(scratch[0], im2colIndex(), 1.0, dH);
    }

    /**
     * @return C: one unit's output at a pixel is v ⊗ σ(·) with v ∈ R^C and σ_v = √C, so each
     *         coordinate of the state gets a Monte Carlo error of size α·√C/√(L·M) from the L·M
     *         units, whatever H, W and k (the pixels share the units; F = C·k² only sets the
     *         pre-activation scale, which σ_u = √F keeps O(1)); docs/conv.md, "Distance to the limit"
     */
    @Override
    public long samplingDimension(long embeddingDim) {
        return channels;
    }

    /** @return 2·H·W·(F + C): the inner convolution and the 1×1 convolution, per example and unit */
    @Override
    public double forwardFlopsPerUnit(long d) {
        return 2.0 * pixels() * (fanIn() + channels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvUnit t && channels == t.channels && height == t.height && width == t.width
                && kernelSize == t.kernelSize && activation.equals(t.activation) && Objects.equals(sigmaU, t.sigmaU)
                && Objects.equals(sigmaV, t.sigmaV);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ConvUnit.class, channels, height, width, kernelSize, activation, sigmaU, sigmaV);
    }

    @Override
    public String toString() {
        return "ConvUnit(C=" + channels + ", H=" + height + ", W=" + width + ", k=" + kernelSize + ", activation="
                + activation + ", sigmaU=" + (sigmaU == null ? "√F" : sigmaU) + ", sigmaV="
                + (sigmaV == null ? "√C" : sigmaV) + ")";
    }
}
