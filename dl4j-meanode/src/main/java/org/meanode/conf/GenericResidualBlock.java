package org.meanode.conf;

/**
 * One generic residual block as a DL4J layer, h + (α/(L·M)) Σ_j φ(h, Z_j): since 0.2 this is a
 * {@link ScaledResidualBlock} with {@code .unit(φ)}, which it now is. The class remains so that
 * code and saved configurations naming it keep working; its builder requires a unit, as it
 * always did.
 *
 * @deprecated use {@code new ScaledResidualBlock.Builder().unit(φ)}
 */
@Deprecated
public class GenericResidualBlock extends ScaledResidualBlock {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected GenericResidualBlock() {
    }

    protected GenericResidualBlock(Builder b) {
        super(b);
    }

    /**
     * Builder; {@code embeddingDim}, {@code depth}, {@code width} and {@code unit} are required.
     *
     * @deprecated use {@link ScaledResidualBlock.Builder} with {@code .unit(φ)}
     */
    @Deprecated
    public static class Builder extends ScaledResidualBlock.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public GenericResidualBlock build() {
            if (unit == null) {
                throw new IllegalArgumentException("GenericResidualBlock.unit is not set; call .unit(φ), e.g."
                        + " .unit(new TwoLayerUnit()) for MODEL.md's 2LP block");
            }
            return new GenericResidualBlock(this);
        }
    }
}
