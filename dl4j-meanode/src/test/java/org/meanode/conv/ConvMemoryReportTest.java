package org.meanode.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.conf.memory.NetworkMemoryReport;
import org.junit.jupiter.api.Test;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's memory report of the scaled layers with a {@link ConvUnit}: the layer report carries the
 * convolutional input and output types C×H×W (NCHW), not a feed-forward type, inside a network's
 * report too; the counts are those of the conv kernel, written here from ConvUnit's array layout
 * (per block kept: A and P, H·W·M each; scratch: im2col H·W·F, pixel rows H·W·C, H·W·M twice) and
 * DL4J's rule of params × data type width; a feed-forward input type is refused as getOutputType
 * refuses it.
 */
class ConvMemoryReportTest {
    private static final int C = 4;
    private static final int H = 6;
    private static final int W = 5;
    private static final int K = 3;

    @Test
    void stackAndBlockReportConvolutionalTypesAndTheKernelsSizes() {
        ConvUnit u = new ConvUnit(C, H, W, K);
        int depth = 3;
        int width = 5;
        InputType in = InputType.convolutional(H, W, C);
        ScaledResidualStack stack = new ScaledResidualStack.Builder().unit(u).depth(depth).width(width).build();
        ScaledResidualBlock block = new ScaledResidualBlock.Builder().unit(u).depth(depth).width(width).build();
        long d = (long) C * H * W;
        long hw = (long) H * W;
        long f = (long) C * K * K;
        long stored = 2 * hw * width;                       // A and P of one block (upper bound: P counted)
        long scratch = hw * f + hw * C + 2 * hw * width;    // im2col, pixel rows, dA and the activation scratch
        for (boolean isStack : new boolean[] {true, false}) {
            int nb = isStack ? depth : 1;
            LayerMemoryReport r = isStack ? stack.getMemoryReport(in) : block.getMemoryReport(in);
            String what = isStack ? "stack" : "block";
            InputType.InputTypeConvolutional ti = assertInstanceOf(InputType.InputTypeConvolutional.class, r.getInputType(), what);
            InputType.InputTypeConvolutional to = assertInstanceOf(InputType.InputTypeConvolutional.class, r.getOutputType(), what);
            for (InputType.InputTypeConvolutional t : new InputType.InputTypeConvolutional[] {ti, to}) {
                assertEquals(C, t.getChannels(), what);
                assertEquals(H, t.getHeight(), what);
                assertEquals(W, t.getWidth(), what);
                assertEquals(CNN2DFormat.NCHW, t.getFormat(), what);
            }
            assertEquals(d, to.arrayElementsPerExample(), "output elements per example = C·H·W");
            long params = (long) nb * width * (f + C);
            assertEquals(params, r.getParameterSize(), what + " params: L·M·(F + C)");
            assertEquals(params * 4, r.getMemoryBytes(MemoryType.PARAMETERS, 1, MemoryUseMode.TRAINING, CacheMode.NONE,
                    DataType.FLOAT));
            // Kept states (1 + nb)·D, stored arrays nb·(2·H·W·M), backward gradient D, scratch.
            long perExample = (1L + nb) * d + nb * stored + d + scratch;
            assertEquals(perExample * 8 * 16, r.getMemoryBytes(MemoryType.WORKING_MEMORY_VARIABLE, 16,
                    MemoryUseMode.TRAINING, CacheMode.NONE, DataType.DOUBLE), what + " working memory of 16 examples");
        }
        DL4JInvalidConfigException e = assertThrows(DL4JInvalidConfigException.class,
                () -> stack.getMemoryReport(InputType.feedForward(d)));
        assertTrue(e.getMessage().contains("needs convolutional input"), e.getMessage());
    }

    @Test
    void networkReportChainsConvolutionalTypesThroughTheStack() {
        ConvUnit u = new ConvUnit(C, H, W, K);
        MultiLayerConfiguration conf = ConvNets.base(new Sgd(0.1), WorkspaceMode.ENABLED, DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(C).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .layer(new ScaledResidualStack.Builder().unit(u).depth(2).width(3).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(H, W, 1)).build();
        NetworkMemoryReport report = (NetworkMemoryReport) conf.getMemoryReport(InputType.convolutional(H, W, 1));
        LayerMemoryReport stack = null;
        for (MemoryReport m : report.getLayerAndVertexReports().values()) {
            if (m instanceof LayerMemoryReport l && l.getLayerType() == ScaledResidualStack.class) {
                stack = l;
            }
        }
        assertTrue(stack != null, "the stack has a report: " + report.getLayerAndVertexReports().keySet());
        assertEquals(InputType.convolutional(H, W, C), stack.getInputType());
        assertEquals(InputType.convolutional(H, W, C), stack.getOutputType());
        assertTrue(report.getTotalMemoryBytes(8, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT) > 0);
    }
}
