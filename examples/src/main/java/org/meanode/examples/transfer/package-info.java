/**
 * The {@code transfer} command: does the best learning rate stay put as depth and width grow?
 * Sweeps the base rate η over networks of several L and M under this plugin's α/(L·M)
 * parametrization and under naive ResNets built from stock DL4J layers, and reports how far the
 * best η moves across sizes.
 */
package org.meanode.examples.transfer;
