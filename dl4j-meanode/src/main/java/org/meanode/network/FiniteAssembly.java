package org.meanode.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.units.UnitFunction;

/**
 * The residual part of a finite network: L blocks mapping hidden states [N, D] to [N, D] by
 * x_{l+1} = x_l + (α/(L·M))·Σ_{m=1..M} φ(x_l; θ_{l,m}), with the 2LP unit
 * φ(x; u, v) = u·σ(vᵀx) (MODEL.md) or the network's {@code unit(φ)}. Fused (the default) they are
 * one {@link ScaledResidualStack} named {@link MeanOdeResNet#STACK}; unfused, or supplied with
 * {@code blocks(..)}, they are L {@link ScaledResidualBlock}s named "block0" … "block{L-1}".
 *
 * <p>Contributors: a new kind of residual layer (or a new option of one) is chosen and configured
 * in {@link #layers}.
 */
final class FiniteAssembly {
    private FiniteAssembly() {
    }

    /**
     * Checks user-supplied blocks: at least one, each built with depth L = their number and the
     * network's embedding width D.
     *
     * @param blocks the blocks
     * @param d      D
     */
    static void checkBlocks(List<ScaledResidualBlock> blocks, long d) {
        String o = MeanOdeResNet.OWNER;
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(o + ".blocks is empty; pass L ≥ 1 blocks or use .depth(L)");
        }
        for (int i = 0; i < blocks.size(); i++) {
            ScaledResidualBlock blk = blocks.get(i);
            if (blk.getDepth() != blocks.size()) {
                throw new IllegalArgumentException(o + ".blocks[" + i + "].depth = " + blk.getDepth()
                        + " but the network has " + blocks.size() + " blocks; build every block with .depth("
                        + blocks.size() + ") (α/(L·M) and the learning-rate rule depend on L)");
            }
            if (blk.getEmbeddingDim() != d) {
                throw new IllegalArgumentException(o + ".blocks[" + i + "].embeddingDim = " + blk.getEmbeddingDim()
                        + " differs from the network's embeddingDim = " + d + "; build the block with .embeddingDim(" + d + ")");
            }
        }
    }

    /**
     * @param spec a finite network's spec
     * @return its residual layers, in order
     */
    static List<Layer> layers(MeanOdeResNet spec) {
        List<Layer> out = new ArrayList<>();
        List<ScaledResidualBlock> custom = spec.getCustomBlocks();
        if (!custom.isEmpty()) {
            for (int l = 0; l < custom.size(); l++) {
                ScaledResidualBlock b = (ScaledResidualBlock) custom.get(l).clone();
                b.setLayerName(MeanOdeResNet.BLOCK_PREFIX + l);
                out.add(b);
            }
        } else if (spec.isFused()) {
            out.add(configure(new ScaledResidualStack.Builder(), spec)
                    .checkpointInterval(spec.getCheckpointInterval()).name(MeanOdeResNet.STACK).build());
        } else {
            for (int l = 0; l < spec.getDepth(); l++) {
                out.add(configure(new ScaledResidualBlock.Builder(), spec).name(MeanOdeResNet.BLOCK_PREFIX + l).build());
            }
        }
        return out;
    }

    /** Sets D, L, M, α, the kernel mode and φ (the unit, or the 2LP unit's σ, σ_u, σ_v) on a block or stack builder. */
    private static <B extends BaseScaledResidual.Builder<B>> B configure(B b, MeanOdeResNet spec) {
        b.embeddingDim(spec.getEmbeddingDim()).depth(spec.getDepth()).width(spec.getWidth()).alpha(spec.getAlpha())
                .kernelMode(spec.getKernelMode());
        UnitFunction unit = spec.getUnit();
        return unit != null ? b.unit(unit)
                : b.sigmaU(spec.getSigmaU()).sigmaV(spec.getSigmaV()).activation(spec.getActivation());
    }
}
