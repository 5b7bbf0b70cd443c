package org.meanode.conf;

import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.meanode.units.SpatialUnit;

/**
 * Input types of residual layers whose unit is a {@link SpatialUnit}: DL4J's convolutional type
 * C×H×W in NCHW, the same as the unit's image, in and out.
 */
final class SpatialInputs {
    private SpatialInputs() {
    }

    /**
     * @return {@code InputType.convolutional(H, W, C)} (NCHW)
     * @throws DL4JInvalidConfigException for another type, format or shape, naming the fix
     */
    static InputType check(FeedForwardLayer layer, SpatialUnit unit, int layerIndex, InputType inputType) {
        String at = layer.getClass().getSimpleName() + " (layer '" + layer.getLayerName() + "', index " + layerIndex + ")";
        int c = unit.getChannels();
        int h = unit.getHeight();
        int w = unit.getWidth();
        String want = "InputType.convolutional(" + h + ", " + w + ", " + c + ") (NCHW)";
        if (!(inputType instanceof InputType.InputTypeConvolutional t)) {
            throw new DL4JInvalidConfigException(at + " with unit " + unit + " needs convolutional input " + want
                    + ", got " + inputType + "; set .setInputType(" + want + ") or put a convolution layer before it");
        }
        if (t.getFormat() != CNN2DFormat.NCHW) {
            throw new DL4JInvalidConfigException(at + ": input format " + t.getFormat() + " is not supported: the unit "
                    + unit + " computes on NCHW activations [minibatch, C, H, W]; use the NCHW format (DL4J's default,"
                    + " .dataFormat(CNN2DFormat.NCHW)) in the layers before it");
        }
        if (t.getChannels() != c || t.getHeight() != h || t.getWidth() != w) {
            throw new DL4JInvalidConfigException(at + ": input " + t.getChannels() + "×" + t.getHeight() + "×"
                    + t.getWidth() + " (C×H×W) differs from the unit's image " + c + "×" + h + "×" + w
                    + "; build the unit for the input, e.g. new ConvUnit(" + t.getChannels() + ", " + t.getHeight()
                    + ", " + t.getWidth() + ", k)");
        }
        return InputType.convolutional(h, w, c, CNN2DFormat.NCHW);
    }
}
