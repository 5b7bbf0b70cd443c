package org.meanode.conf;

/**
 * A residual layer scaled by α/(L·M): its multiplier and learning-rate rule depend on the depth L
 * of the whole network, so every such layer of one network must carry the same L, the total
 * number of blocks ({@link org.meanode.network.MeanOdeResNet#checkDepths} checks this).
 */
public interface ResidualDepth {
    /** @return L, the number of residual blocks of the network the layer belongs to */
    int getDepth();

    /** @return the number of blocks this layer computes (1 for a block, L for a stack) */
    int numBlocks();
}
