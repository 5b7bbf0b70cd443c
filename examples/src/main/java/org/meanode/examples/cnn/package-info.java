/**
 * {@code meanode cnn}: convolutional scaled residual stacks ({@link org.meanode.units.ConvUnit})
 * on the vendored digits images, against a stock DL4J convolutional ResNet.
 */
package org.meanode.examples.cnn;
