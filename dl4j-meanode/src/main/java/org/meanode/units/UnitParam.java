package org.meanode.units;

/**
 * One parameter block of a unit Z = (z_1, …, z_K) of a {@link UnitFunction}, for a given
 * embedding width D. In a layer of M units the block is stored as a [rows, M] matrix (unit j is
 * column j), and a stack of L blocks stores it as [L, rows, M].
 *
 * <p>Initialisation: i.i.d. N(0, initStd²) entries, independently for every unit.
 * Learning rates under {@link org.meanode.scaling.LearningRateRule}: gradient-descent updaters
 * get the residual multiplier L·M·D/(2α²) times {@code sgdFactor}; adaptive updaters get
 * initStd/α.
 *
 * @param key       the parameter's key in DL4J's parameter table (letters and digits, unique in
 *                  the unit), e.g. "U"
 * @param rows      the per-unit size: D for a vector acting on h, 1 for a scalar such as a bias
 * @param initStd   std of the i.i.d. Gaussian initial entries, finite and &gt; 0
 * @param sgdFactor multiplier of the residual Sgd rate L·M·D/(2α²), finite and &gt; 0: 1 reproduces
 *                  MODEL.md's per-unit step z ← z − (η/α) Σ_n ∂φ/∂z(h_n, Z)ᵀ B_n; a parameter
 *                  that moves a pre-activation directly (a bias) takes 1/D so that one step moves
 *                  it by Θ(1) for every D, as (U's step)ᵀh/D does
 * @param bias      whether DL4J should treat it as a bias (bias regularization and bias updater)
 */
public record UnitParam(String key, long rows, double initStd, double sgdFactor, boolean bias) {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field, the value seen and the fix
     */
    public UnitParam {
        if (key == null || key.isEmpty() || !key.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException("UnitParam.key = '" + key + "' is invalid: use a non-empty key of"
                    + " letters and digits (DL4J joins layer name and key with '_')");
        }
        if (rows <= 0) {
            throw new IllegalArgumentException("UnitParam '" + key + "'.rows = " + rows
                    + " is invalid: a parameter block has ≥ 1 entries per unit (D for a vector, 1 for a scalar)");
        }
        if (!(initStd > 0) || Double.isInfinite(initStd)) {
            throw new IllegalArgumentException("UnitParam '" + key + "'.initStd = " + initStd
                    + " is invalid: it must be finite and > 0 (the adaptive learning rate is initStd/α)");
        }
        if (!(sgdFactor > 0) || Double.isInfinite(sgdFactor)) {
            throw new IllegalArgumentException("UnitParam '" + key + "'.sgdFactor = " + sgdFactor
                    + " is invalid: it must be finite and > 0 (1 for MODEL.md's per-unit step)");
        }
    }

    /**
     * @param key     key
     * @param d       D
     * @param initStd init std
     * @return a [D]-per-unit weight with the per-unit step of MODEL.md (sgdFactor 1)
     */
    public static UnitParam vector(String key, long d, double initStd) {
        return new UnitParam(key, d, initStd, 1.0, false);
    }
}
