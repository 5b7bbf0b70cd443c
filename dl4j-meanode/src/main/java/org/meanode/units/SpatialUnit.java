package org.meanode.units;

/**
 * A {@link UnitFunction} whose state h is an image of C channels, H rows and W columns, flattened
 * in DL4J's NCHW order: the kernel sees h as [N, D] with D = C·H·W and column c·H·W + y·W + x
 * holding channel c at pixel (y, x). A residual layer with such a unit takes and returns DL4J's
 * convolutional activations [minibatch, C, H, W] (input type {@code InputType.convolutional(H, W,
 * C)}, NCHW), and its embedding width D defaults to C·H·W.
 */
public interface SpatialUnit extends UnitFunction {

    /** @return C, the channels of the state */
    int getChannels();

    /** @return H, the image height */
    int getHeight();

    /** @return W, the image width */
    int getWidth();

    /** @return D = C·H·W */
    default long stateSize() {
        return (long) getChannels() * getHeight() * getWidth();
    }
}
