/**
 * The {@code accuracy} command: error to a high-accuracy reference of the Neural Mean ODE limit
 * against cost (unit evaluations per forward pass), for finite ResNets and for the limit layer
 * ({@link org.meanode.conf.MeanOdeLayer}) after K training steps.
 */
package org.meanode.examples.limit;
