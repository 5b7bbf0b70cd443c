package org.meanode.conf;

/**
 * How the residual layers ({@link ScaledResidualStack}, {@link ScaledResidualBlock}) compute
 * their forward and backward passes. Every mode computes the same function and gradient
 * (MODEL.md); they differ in speed and in where they can run.
 *
 * <ul>
 *   <li>{@link #AUTO} (default): {@link #DIRECT_BLAS} where it is available (ND4J's CPU backend
 *       nd4j-native, float32 or float64), {@link #ND4J_OPS} elsewhere (e.g. nd4j-cuda).</li>
 *   <li>{@link #DIRECT_BLAS}: each block's six matrix products are single calls of the BLAS
 *       that ND4J's CPU backend already loads (OpenBLAS {@code cblas_sgemm}/{@code cblas_dgemm}
 *       on the arrays' memory), and for tanh and identity σ the element-wise work runs as fused
 *       Java loops: σ(P) once in the forward pass, σ'(P) = 1 − σ(P)² from the stored
 *       activations in the backward pass. Other activations use ND4J's own. Fails at the first
 *       forward pass, with a message, on a backend without it.</li>
 *   <li>{@link #ND4J_OPS}: ND4J operations only ({@code Nd4j.gemm}, {@code IActivation}):
 *       portable to every backend, including GPUs; about 11 ND4J calls per block.</li>
 * </ul>
 * In float64 the modes agree to the last bits (same tanh, same BLAS; the exactness contract holds
 * for each); in float32 {@link #DIRECT_BLAS} evaluates tanh with a rational approximation
 * accurate to 4·10⁻⁷ (ND4J's own tanh is used otherwise). Checkpointing
 * ({@link ScaledResidualStack.Builder#checkpointing(boolean)}) works with every mode.
 * {@link org.meanode.layers.DirectBlas#isAvailable} says whether direct BLAS can run.
 */
public enum KernelMode {
    /** {@link #DIRECT_BLAS} on ND4J's CPU backend in float32/float64, {@link #ND4J_OPS} otherwise. */
    AUTO,
    /** Direct BLAS calls and fused element-wise loops (nd4j-native only). */
    DIRECT_BLAS,
    /** ND4J operations only: runs on every ND4J backend. */
    ND4J_OPS
}
