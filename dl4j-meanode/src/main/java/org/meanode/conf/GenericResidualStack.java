package org.meanode.conf;

/**
 * L generic residual blocks fused in one DL4J layer, h_{l+1} = h_l + (α/(L·M)) Σ_j φ(h_l, Z_{l,j}):
 * since 0.2 this is a {@link ScaledResidualStack} with {@code .unit(φ)}, which it now is. The class
 * remains so that code and saved configurations naming it keep working; its builder requires a
 * unit, as it always did.
 *
 * @deprecated use {@code new ScaledResidualStack.Builder().unit(φ)}
 */
@Deprecated
public class GenericResidualStack extends ScaledResidualStack {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected GenericResidualStack() {
    }

    protected GenericResidualStack(Builder b) {
        super(b);
    }

    /**
     * Builder; {@code embeddingDim}, {@code depth}, {@code width} and {@code unit} are required.
     *
     * @deprecated use {@link ScaledResidualStack.Builder} with {@code .unit(φ)}
     */
    @Deprecated
    public static class Builder extends ScaledResidualStack.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public GenericResidualStack build() {
            if (unit == null) {
                throw new IllegalArgumentException("GenericResidualStack.unit is not set; call .unit(φ), e.g."
                        + " .unit(new TwoLayerUnit()) for MODEL.md's 2LP block");
            }
            return new GenericResidualStack(this);
        }
    }
}
