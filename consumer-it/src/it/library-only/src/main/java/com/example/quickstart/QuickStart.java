package com.example.quickstart;

import java.io.File;
import java.io.IOException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.meanode.network.MeanOdeResNet;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The README's "Use it in your project" example, as a user's code: build, train, save, restore. */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * @param file where to save the trained network
     * @return the trained network and the one restored from the file
     * @throws IOException when the file cannot be written or read
     */
    public static MultiLayerNetwork[] trainSaveRestore(File file) throws IOException {
        MultiLayerNetwork net = MeanOdeResNet.builder()
                .nIn(5).nOut(5)             // d_in, d_out
                .embeddingDim(20)           // D
                .depth(50).width(20)        // L blocks of M hidden units
                .regime(Regime.COMPLETE)    // α = 1, σ_u = σ_v = √D
                .learningRate(1.0)          // one base rate η; each parameter's rate follows from it
                .seed(42)
                .build()
                .multiLayerNetwork();
        INDArray x = Nd4j.randn(42L, new long[] {10, 5}).castTo(net.params().dataType());
        INDArray y = Nd4j.randn(43L, new long[] {10, 5}).castTo(net.params().dataType());
        DataSet data = new DataSet(x, y);
        for (int step = 0; step < 15; step++) {
            net.fit(data);                  // one full-batch step of the paper's gradient descent
        }
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        return new MultiLayerNetwork[] {net, restored};
    }
}
