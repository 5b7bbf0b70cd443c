/**
 * The {@code digits} and {@code tune} commands: α/(L·M)-scaled ResNets as classifiers on the UCI
 * handwritten digits shipped with the library, against the same ResNets built from stock DL4J layers
 * in the standard parametrization; learning-rate transfer across depth, seed spread against L·M, and
 * "tune small, train big" with Arbiter.
 */
package org.meanode.examples.digits;
