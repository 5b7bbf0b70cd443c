package org.meanode.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise part of a block, A = σ(P) forward and dP = σ'(P) ⊙ dA backward, in one of
 * three forms chosen by {@link #of}: identity (no work at all), tanh or sigmoid over host memory
 * (σ' from the stored A, so P is not stored), or any ND4J {@link IActivation}
 * (P stored, σ' from {@code backprop}).
 */
abstract class ActivationPass {
    /** Entries per chunk of the host loops: two float64 chunks fit in a 32 KiB L1 cache. */
    static final int CHUNK = 2048;

    /**
     * @param sigma      the activation
     * @param hostMemory whether the arrays are in host memory Java may access (direct-BLAS path)
     * @param dataType   the arrays' type
     * @param entries    entries of one [N, M] array
     * @return the pass for σ
     */
    static ActivationPass of(IActivation sigma, boolean hostMemory, DataType dataType, long entries) {
        if (sigma instanceof ActivationIdentity) {
            return new Identity();
        }
        boolean nio = entries * dataType.width() <= Integer.MAX_VALUE;
        if (hostMemory && nio && (sigma instanceof ActivationTanH || sigma instanceof ActivationSigmoid)
                && (dataType == DataType.FLOAT || dataType == DataType.DOUBLE)) {
            return new Host(sigma);
        }
        return new Generic(sigma);
    }

    /** @return true if P must be kept (in {@code pre}) for the backward pass */
    abstract boolean needsPreActivation();

    /**
     * @param pre      P if {@link #needsPreActivation()}, else null
     * @param act      receives A; holds P on entry when P is not kept
     * @param training DL4J's training flag
     */
    abstract void forward(Operand pre, Operand act, boolean training);

    /**
     * @param pre P if kept, else null
     * @param act A
     * @param dA  ∂J/∂A, may be overwritten
     * @param tmp scratch [N, M] (used only if P is kept)
     * @return dP = σ'(P) ⊙ dA: {@code dA} or {@code tmp}
     */
    abstract Operand backward(Operand pre, Operand act, Operand dA, Operand tmp);

    /** σ = identity: A = P, dP = dA. */
    static final class Identity extends ActivationPass {
        @Override
        boolean needsPreActivation() {
            return false;
        }

        @Override
        void forward(Operand pre, Operand act, boolean training) {
        }

        @Override
        Operand backward(Operand pre, Operand act, Operand dA, Operand tmp) {
            return dA;
        }
    }

    /**
     * σ = tanh or sigmoid over host memory, whose derivative is a function of the output A, so P is
     * not stored. Forward: {@link FastTanh} in Java loops in float32 (sigmoid(x) = (1 + tanh(x/2))/2);
     * ND4J's own activation in float64 (one call per block), so that float64 results are bit for bit
     * those of ND4J's activation (Math.tanh differs from it in the last bit for about 40% of
     * arguments). Backward, in Java loops: dP = dA·(1 − A·A) (tanh) or dA·(A·(1 − A)) (sigmoid),
     * the expressions ND4J's derivatives evaluate, hence bit for bit equal to them given the same A
     * (checked by the backward-compatibility fixtures and, for tanh, on 10⁵ arguments).
     */
    static final class Host extends ActivationPass {
        private final IActivation sigma;
        private final boolean sigmoid;
        private final float[] f1 = new float[CHUNK];
        private final float[] f2 = new float[CHUNK];
        private final double[] d1 = new double[CHUNK];
        private final double[] d2 = new double[CHUNK];

        Host(IActivation sigma) {
            this.sigma = sigma;
            this.sigmoid = sigma instanceof ActivationSigmoid;
        }

        @Override
        boolean needsPreActivation() {
            return false;
        }

        @Override
        void forward(Operand pre, Operand act, boolean training) {
            int n = (int) act.length();
            if (act.array.dataType() == DataType.DOUBLE) {
                INDArray a = sigma.getActivation(act.array, training);
                if (a != act.array) {
                    act.array.assign(a);
                }
                return;
            }
            FloatBuffer a = act.floats();
            for (int s = 0; s < n; s += CHUNK) {
                int len = Math.min(CHUNK, n - s);
                a.get(s, f1, 0, len);
                if (sigmoid) {
                    for (int i = 0; i < len; i++) {
                        f1[i] = 0.5f + 0.5f * FastTanh.tanh(0.5f * f1[i]);
                    }
                } else {
                    FastTanh.tanh(f1, len);
                }
                a.put(s, f1, 0, len);
            }
        }

        @Override
        Operand backward(Operand pre, Operand act, Operand dA, Operand tmp) {
            int n = (int) act.length();
            if (act.array.dataType() == DataType.DOUBLE) {
                DoubleBuffer a = act.doubles();
                DoubleBuffer g = dA.doubles();
                for (int s = 0; s < n; s += CHUNK) {
                    int len = Math.min(CHUNK, n - s);
                    a.get(s, d1, 0, len);
                    g.get(s, d2, 0, len);
                    if (sigmoid) {
                        for (int i = 0; i < len; i++) {
                            d2[i] *= d1[i] * (1.0 - d1[i]);
                        }
                    } else {
                        for (int i = 0; i < len; i++) {
                            d2[i] *= 1.0 - d1[i] * d1[i];
                        }
                    }
                    g.put(s, d2, 0, len);
                }
            } else {
                FloatBuffer a = act.floats();
                FloatBuffer g = dA.floats();
                for (int s = 0; s < n; s += CHUNK) {
                    int len = Math.min(CHUNK, n - s);
                    a.get(s, f1, 0, len);
                    g.get(s, f2, 0, len);
                    if (sigmoid) {
                        for (int i = 0; i < len; i++) {
                            f2[i] *= f1[i] * (1.0f - f1[i]);
                        }
                    } else {
                        for (int i = 0; i < len; i++) {
                            f2[i] *= 1.0f - f1[i] * f1[i];
                        }
                    }
                    g.put(s, f2, 0, len);
                }
            }
            return dA;
        }
    }

    /** Any activation, through ND4J: A = σ(P) with P kept, dP from {@link IActivation#backprop}. */
    static final class Generic extends ActivationPass {
        private final IActivation sigma;

        Generic(IActivation sigma) {
            this.sigma = sigma;
        }

        @Override
        boolean needsPreActivation() {
            return true;
        }

        @Override
        void forward(Operand pre, Operand act, boolean training) {
            act.array.assign(pre.array);
            INDArray a = sigma.getActivation(act.array, training);
            if (a != act.array) {
                act.array.assign(a);
            }
        }

        @Override
        Operand backward(Operand pre, Operand act, Operand dA, Operand tmp) {
            tmp.array.assign(pre.array);
            INDArray dP = sigma.backprop(tmp.array, dA.array).getFirst();
            if (dP != tmp.array) {
                tmp.array.assign(dP);
            }
            return tmp;
        }
    }
}
