/**
 * The convergence demo ({@code meanode demo}): independently initialised α/(L·M)-scaled ResNets,
 * trained by the same full-batch GD steps on the same data, produce outputs whose spread shrinks
 * like √D/√(L·M), the sampling term of the error bound of MODEL.md. Measurement, log-log fit,
 * console table, CSV and PNG plot.
 */
package org.meanode.examples.demo;
