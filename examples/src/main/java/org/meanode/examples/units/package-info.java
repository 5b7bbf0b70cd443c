/**
 * {@code meanode units}: the convergence experiment of the demo for generic blocks (the paper's
 * Theorem 1), one series per unit function.
 */
package org.meanode.examples.units;
