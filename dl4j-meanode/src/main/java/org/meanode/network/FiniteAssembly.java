package org.meanode.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.GenericResidualBlock;
import org.meanode.conf.GenericResidualStack;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.units.UnitFunction;

/**
 * The residual part of a finite network: L blocks mapping hidden states [N, D] to [N, D] by
 * x_{l+1} = x_l + (α/(L·M))·Σ_{m=1..M} φ(x_l; θ_{l,m}), with the 2LP unit
 * φ(x; u, v) = u·σ(vᵀx) (MODEL.md) or the network's {@code unit(φ)}. Fused (the default) they are
 * one {@link ScaledResidualStack} (or {@link GenericResidualStack}) named
 * {@link MeanOdeResNet#STACK}; unfused, or supplied with {@code blocks(..)}, they are L
 * {@link ScaledResidualBlock}s (or {@link GenericResidualBlock}s) named "block0" … "block{L-1}".
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
        long d = spec.getEmbeddingDim();
        int depth = spec.getDepth();
        int width = spec.getWidth();
        double alpha = spec.getAlpha();
        UnitFunction unit = spec.getUnit();
        List<ScaledResidualBlock> custom = spec.getCustomBlocks();
        String block = MeanOdeResNet.BLOCK_PREFIX;
        if (!custom.isEmpty()) {
            for (int l = 0; l < custom.size(); l++) {
                ScaledResidualBlock b = (ScaledResidualBlock) custom.get(l).clone();
                b.setLayerName(block + l);
                out.add(b);
            }
        } else if (unit != null && spec.isFused()) {
            out.add(new GenericResidualStack.Builder().embeddingDim(d).depth(depth).width(width).alpha(alpha)
                    .unit(unit).name(MeanOdeResNet.STACK).build());
        } else if (unit != null) {
            for (int l = 0; l < depth; l++) {
                out.add(new GenericResidualBlock.Builder().embeddingDim(d).depth(depth).width(width).alpha(alpha)
                        .unit(unit).name(block + l).build());
            }
        } else if (spec.isFused()) {
            out.add(new ScaledResidualStack.Builder().embeddingDim(d).depth(depth).width(width).alpha(alpha)
                    .sigmaU(spec.getSigmaU()).sigmaV(spec.getSigmaV()).activation(spec.getActivation())
                    .kernelMode(spec.getKernelMode()).checkpointInterval(spec.getCheckpointInterval())
                    .name(MeanOdeResNet.STACK).build());
        } else {
            for (int l = 0; l < depth; l++) {
                out.add(new ScaledResidualBlock.Builder().embeddingDim(d).depth(depth).width(width).alpha(alpha)
                        .sigmaU(spec.getSigmaU()).sigmaV(spec.getSigmaV()).activation(spec.getActivation())
                        .kernelMode(spec.getKernelMode()).name(block + l).build());
            }
        }
        return out;
    }
}
