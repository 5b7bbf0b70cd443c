/**
 * Scaling rules of the α/(L·M) parametrization: regime presets (the paper's phase diagram)
 * and the per-parameter learning-rate multipliers that make one base rate η reproduce the
 * paper's gradient step under any DL4J updater.
 */
package org.meanode.scaling;
