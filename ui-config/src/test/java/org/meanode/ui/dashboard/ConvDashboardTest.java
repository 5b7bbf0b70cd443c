package org.meanode.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.predict.DistancePredictor;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A convolutional network (stem convolution, conv stack of ConvUnits, pooling, softmax) in the
 * dashboard of a real DL4J UI server: the Mean ODE page's JSON carries the conv stack's shape, the
 * complete regime (σ_u = √F, σ_v = √C) and the predicted distance of the shipped
 * {@link DistancePredictor} for the conv stack, c₁/L + c₂·√C/√(L·M) (D = C, not C·H·W), written out
 * here.
 */
class ConvDashboardTest {
    private static final int C = 3;
    private static final int L = 4;
    private static final int M = 3;

    @Test
    void convSessionShowsItsShapeRegimeAndPrediction() throws Exception {
        try (DashboardServer ui = DashboardServer.start(TestRuns.freePort())) {
            InMemoryStatsStorage storage = new InMemoryStatsStorage();
            ui.attach(storage);
            ConvUnit unit = new ConvUnit(C, 6, 5, 3);
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).updater(new Sgd(0.2))
                    .dataType(DataType.FLOAT).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(C).convolutionMode(ConvolutionMode.Same)
                            .activation(Activation.TANH).build())
                    .layer(new ScaledResidualStack.Builder().unit(unit).depth(L).width(M).seed(2).build())
                    .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                            .build())
                    .setInputType(InputType.convolutional(6, 5, 1)).build());
            net.init();
            DistancePredictor shipped = DistancePredictor.defaults();
            net.setListeners(new StatsListener(storage, 1, "conv"), FeatureMovementListener.builder(storage).sessionId("conv")
                    .workerId("w0").frequency(1).prediction(shipped).build());
            Nd4j.getRandom().setSeed(5);
            DataSet ds = new DataSet(Nd4j.randn(DataType.FLOAT, 8, 1, 6, 5),
                    Nd4j.eye(2).repeat(0, 4).castTo(DataType.FLOAT));
            for (int k = 0; k < 3; k++) {
                net.fit(ds);
            }
            HttpResponse<String> r = TestRuns.get(ui.baseUrl() + "/meanode/api/session/conv");
            assertEquals(200, r.statusCode(), r.body());
            JsonObject s = new JsonObject(r.body());
            JsonObject info = s.getJsonObject("info");
            assertEquals(L, info.getInteger("depth"));
            assertEquals(M, info.getInteger("width"));
            assertEquals(C * 6 * 5, info.getInteger("embeddingDim"));
            assertEquals("COMPLETE", info.getString("regime"));
            double byHand = shipped.c1() / L + shipped.c2() * Math.sqrt(C) / Math.sqrt(L * M);
            assertEquals(byHand, info.getDouble("predictedDistance"), 1e-12 * byHand);
            double dense = shipped.c1() / L + shipped.c2() * Math.sqrt(C * 6 * 5) / Math.sqrt(L * M);
            assertTrue(Math.abs(info.getDouble("predictedDistance") - dense) > 0.2 * dense, "not the dense bound");
            assertEquals(3, s.getJsonArray("updates").size());
            assertEquals(L, s.getJsonArray("updates").getJsonObject(2).getJsonArray("u").size(), "one movement per block");
        }
    }
}
