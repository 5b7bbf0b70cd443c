package org.meanode.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.params.ScaledDenseParams;
import org.meanode.params.ScaledResidualParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Initial weights follow MODEL.md: U ~ N(0, σ_u²), V ~ N(0, σ_v²) entrywise (defaults
 * σ_u = σ_v = √D, or the values set), W_E ~ N(0, 1/d_in), W_U ~ N(0, d_out). On draws of
 * n = 32768 entries per parameter (D = 64, M = 64, L = 8, d_in = d_out = 512) the sample
 * mean is within 5·σ/√n of 0 and the sample std within a relative 5/√(2n) of σ; each block's
 * 4096 entries pass the same test with its own n. Seeds: the layer {@code seed} field and the
 * network seed make the init reproducible (same seed: bitwise identical; another seed:
 * different), and U and V of one layer are not the same stream (sample correlation of U/σ_u
 * and V/σ_v within 5/√n of 0).
 */
class InitStatisticsTest {
    private static final int D = 64;
    private static final int M = 64;
    private static final int L = 8;
    private static final int D_IO = 512;

    private static MeanOdeResNet.Builder big() {
        return MeanOdeResNet.builder().nIn(D_IO).nOut(D_IO).embeddingDim(D).depth(L).width(M).dataType(DataType.DOUBLE);
    }

    @Test
    void defaultInitMatchesModel() {
        ResNetWeights w = ResNetWeights.readFrom(big().seed(1).build().multiLayerNetwork());
        double sigma = Math.sqrt(D);
        assertResidual(w.getU(), sigma, "U");
        assertResidual(w.getV(), sigma, "V");
        assertGaussian(flat(w.getEmbedding()), 1.0 / Math.sqrt(D_IO), "W_E");
        assertGaussian(flat(w.getReadout()), Math.sqrt(D_IO), "W_U");
    }

    @Test
    void customSigmasAreUsed() {
        double su = 0.3;
        double sv = 2.5;
        ResNetWeights fused = ResNetWeights.readFrom(big().sigmaU(su).sigmaV(sv).seed(2).build().multiLayerNetwork());
        assertResidual(fused.getU(), su, "U (fused)");
        assertResidual(fused.getV(), sv, "V (fused)");
        ResNetWeights blocks = ResNetWeights.readFrom(big().sigmaU(su).sigmaV(sv).fused(false).seed(2).build()
                .multiLayerNetwork());
        assertResidual(blocks.getU(), su, "U (unfused)");
        assertResidual(blocks.getV(), sv, "V (unfused)");
    }

    @Test
    void layerSeedFixesTheLayersInitWhateverTheNetworkSeed() {
        double[] a = stackU(1, 7L);
        assertArrayEquals(a, stackU(2, 7L), 0.0, "same layer seed, another network seed");
        assertArrayEquals(a, stackU(1, 7L), 0.0, "same layer seed, same network seed");
        assertFalse(java.util.Arrays.equals(a, stackU(1, 8L)), "another layer seed must give other weights");
        assertGaussian(a, 1.5, "U drawn from a layer seed");

        double[] e = denseW(true, 1, 7L);
        assertArrayEquals(e, denseW(true, 2, 7L), 0.0, "embedding: same layer seed, another network seed");
        assertFalse(java.util.Arrays.equals(e, denseW(true, 1, 8L)), "embedding: another layer seed");
        assertGaussian(e, 1.0 / Math.sqrt(D_IO), "W_E drawn from a layer seed");
        double[] r = denseW(false, 1, 7L);
        assertArrayEquals(r, denseW(false, 2, 7L), 0.0, "readout: same layer seed, another network seed");
        assertFalse(java.util.Arrays.equals(r, denseW(false, 1, 8L)), "readout: another layer seed");
        assertGaussian(r, Math.sqrt(D_IO), "W_U drawn from a layer seed");
    }

    @Test
    void networkSeedFixesTheInit() {
        double[] a = big().seed(11).build().multiLayerNetwork().params().toDoubleVector();
        double[] b = big().seed(11).build().multiLayerNetwork().params().toDoubleVector();
        double[] c = big().seed(12).build().multiLayerNetwork().params().toDoubleVector();
        assertArrayEquals(a, b, 0.0, "same network seed");
        assertFalse(java.util.Arrays.equals(a, c), "another network seed must give other weights");
    }

    @Test
    void uAndVAreNotTheSameStream() {
        // Layer seed: U and V come from two salted generators.
        MultiLayerNetwork seeded = stackNet(1, 7L);
        assertUncorrelated(seeded.getLayer(0).getParam(ScaledResidualParams.U_KEY),
                seeded.getLayer(0).getParam(ScaledResidualParams.V_KEY), "layer seed");
        // Network seed: U and V are consecutive draws of ND4J's global generator.
        MultiLayerNetwork global = stackNet(1, null);
        assertUncorrelated(global.getLayer(0).getParam(ScaledResidualParams.U_KEY),
                global.getLayer(0).getParam(ScaledResidualParams.V_KEY), "network seed");
    }

    /** A network holding only a stack (σ_u = 1.5, σ_v = 0.5), its layer seed optional. */
    private static MultiLayerNetwork stackNet(long netSeed, Long layerSeed) {
        ScaledResidualStack.Builder b = new ScaledResidualStack.Builder().embeddingDim(D).depth(L).width(M)
                .sigmaU(1.5).sigmaV(0.5);
        if (layerSeed != null) {
            b.seed(layerSeed);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(netSeed)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list().layer(b.build())
                .setInputType(InputType.feedForward(D)).build());
        net.init();
        return net;
    }

    private static double[] stackU(long netSeed, long layerSeed) {
        return flat(stackNet(netSeed, layerSeed).getLayer(0).getParam(ScaledResidualParams.U_KEY));
    }

    /** W of a seeded embedding (d_in = 512 → D = 64) or readout (D = 64 → d_out = 512). */
    private static double[] denseW(boolean embedding, long netSeed, long layerSeed) {
        NeuralNetConfiguration.ListBuilder lb = new NeuralNetConfiguration.Builder().seed(netSeed)
                .dataType(DataType.DOUBLE).updater(new Sgd(0.1)).list();
        if (embedding) {
            lb.layer(new MeanOdeEmbedding.Builder().nIn(D_IO).nOut(D).seed(layerSeed).build());
        } else {
            lb.layer(new MeanOdeReadout.Builder().nIn(D).nOut(D_IO).seed(layerSeed).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(lb.setInputType(InputType.feedForward(embedding ? D_IO : D)).build());
        net.init();
        return flat(net.getLayer(0).getParam(ScaledDenseParams.W_KEY));
    }

    /** Pooled test over all L·D·M entries, then one test per block; w is [D, M, L]. */
    private static void assertResidual(INDArray w, double sigma, String what) {
        assertArrayEquals(new long[] {D, M, L}, w.shape(), what + " shape");
        double[] all = flat(w);
        assertGaussian(all, sigma, what);
        for (int l = 0; l < L; l++) {
            double[] block = new double[D * M];
            for (int k = 0; k < block.length; k++) {
                block[k] = all[k * L + l];
            }
            assertGaussian(block, sigma, what + " block " + l);
        }
    }

    /** |mean| ≤ 5σ/√n and |std/σ − 1| ≤ 5/√(2n). */
    private static void assertGaussian(double[] x, double sigma, String what) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / (n - 1));
        double meanTol = 5 * sigma / Math.sqrt(n);
        double stdTol = 5 / Math.sqrt(2.0 * n);
        assertTrue(Math.abs(mean) <= meanTol, what + ": mean " + mean + " beyond ±" + meanTol + " (n = " + n + ")");
        assertTrue(Math.abs(std / sigma - 1) <= stdTol,
                what + ": std " + std + " vs σ = " + sigma + ", relative error beyond " + stdTol + " (n = " + n + ")");
    }

    /** U and V differ and the sample correlation of their entries is within 5/√n of 0. */
    private static void assertUncorrelated(INDArray u, INDArray v, String what) {
        double[] a = flat(u);
        double[] b = flat(v);
        assertEquals(a.length, b.length);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += a[i] * b[i];
            saa += a[i] * a[i];
            sbb += b[i] * b[i];
        }
        double rho = sab / Math.sqrt(saa * sbb);
        double tol = 5 / Math.sqrt(a.length);
        assertTrue(Math.abs(rho) <= tol, what + ": correlation of U and V entries " + rho + " beyond ±" + tol);
    }

    private static double[] flat(INDArray a) {
        INDArray c = a.dup('c');
        return c.reshape(c.length()).toDoubleVector();
    }
}
