package org.meanode.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.repartitioner.NoOpRepartitioner;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * Training masters of dl4j-spark sized for networks of this plugin (a
 * {@link org.meanode.network.MeanOdeResNet} as MultiLayerNetwork or ComputationGraph: fused stack,
 * blocks or limit layer). Feed them an RDD of <em>pre-batched</em> DataSets of
 * {@code batchPerWorker} examples each ({@link RDDTrainingApproach#Direct}: no export to disk).
 *
 * <h2>Parameter averaging</h2>
 * Every worker starts a round from the driver's parameters and updater state, fits
 * {@code averagingFrequency} minibatches, and the driver replaces parameters (and, by default,
 * updater state) by their plain mean over the workers.
 * <ul>
 *   <li><b>Per-parameter rates are untouched.</b> The rate rule U ← U − η·L·M·D/(2α²)·∂J/∂U of
 *       MODEL.md is part of each layer's configuration (its updater per parameter), which workers
 *       rebuild from the broadcast configuration; nothing about it is averaged.</li>
 *   <li><b>Sgd, averaging every step, equal shards: exact.</b> With W workers each holding n
 *       examples of the combined batch of N = W·n, worker w steps to θ − Λ·g_w, where Λ is the
 *       (diagonal) per-parameter rate and g_w the mean-loss gradient of its shard; the mean over w
 *       is θ − Λ·(1/W)Σ g_w = θ − Λ·g, g the gradient of the combined batch (DL4J's MSE is a mean
 *       over the batch, so g = (1/W)Σ g_w exactly when shards are equal). Only float round-off
 *       differs. Unequal shards weight small shards up (a plain, not example-weighted, mean).</li>
 *   <li><b>Sgd, averaging every k &gt; 1 steps:</b> local SGD; not equal to large-batch training
 *       (each worker's later steps use its own, not the averaged, parameters).</li>
 *   <li><b>Adam and other stateful updaters: not exact.</b> Adam's step m/(√v + ε) is non-linear
 *       in the gradient, and the driver averages m and v, not the gradients that built them; a
 *       mean of per-shard Adam steps is not the Adam step of the combined batch. Expect a small
 *       lag (SPARK-NOTES: 0.102 against 0.110 after 10 epochs), not a bug. The per-parameter rate
 *       scales Adam's step as it does on one machine.</li>
 * </ul>
 *
 * <h2>Gradient sharing</h2>
 * {@link SharedTrainingMaster}: workers exchange threshold-encoded <em>updates</em> after every
 * minibatch over Aeron. An entry is sent only when its accumulated update exceeds the threshold τ,
 * and then as ±τ (the rest stays in a residual for later). So τ caps the per-step movement of
 * each entry: with τ far below the typical update (1e-3 or 1e-5 at D = 16 in SPARK-NOTES) the
 * loss barely moves; far above it, updates wait in the residual. {@link #encodingThreshold}
 * measures the typical update of the network itself (mean |Δθ| over one step) and is the default.
 * Aeron's media driver needs {@value #AERON_PROPERTY} &gt; 30 s (its client liveness timeout); set
 * as a JVM flag or left to {@link GradientSharing#build()}, which sets it when unset.
 * <p><b>Partitions are workers.</b> The gradient-sharing master built here does not repartition:
 * give it an RDD with exactly as many partitions as task slots ({@code sc.parallelize(batches,
 * workers)}). DL4J's default repartitioner cut 16 batches into up to 16 partitions, which ran in waves on
 * {@code local[2]}, and a worker of one wave then waited forever for peers that had not started
 * (a hang in SharedTrainingWrapper, seen in this project's tests).
 */
public final class MeanOdeTrainingMasters {
    /** The Aeron system property that gradient sharing needs above its 30 s client liveness timeout. */
    public static final String AERON_PROPERTY = "aeron.publication.unblock.timeout";
    /** The value set when {@link #AERON_PROPERTY} is unset: 60 s in nanoseconds. */
    public static final String AERON_VALUE = "60000000000";

    private MeanOdeTrainingMasters() {
    }

    /** @return a builder of a ParameterAveragingTrainingMaster (defaults: 2 workers, 32 per worker, averaging every step) */
    public static ParameterAveraging parameterAveraging() {
        return new ParameterAveraging();
    }

    /** @return a builder of a SharedTrainingMaster (gradient sharing; defaults: 32 per worker, τ measured or 1e-3) */
    public static GradientSharing gradientSharing() {
        return new GradientSharing();
    }

    /**
     * The encoding threshold that lets gradient sharing move a network as one machine would: the
     * mean absolute per-entry change of the trainable parameters over one training step of a copy
     * of {@code net} on {@code sample}. The network itself is not changed.
     *
     * @param net    a MultiLayerNetwork or ComputationGraph, initialised
     * @param sample a minibatch like the ones each worker will fit
     * @return τ &gt; 0
     */
    public static double encodingThreshold(Model net, DataSet sample) {
        Model copy;
        INDArray before;
        if (net instanceof MultiLayerNetwork m) {
            MultiLayerNetwork c = m.clone();
            before = c.params().dup();
            c.fit(sample);
            copy = c;
        } else if (net instanceof ComputationGraph g) {
            ComputationGraph c = g.clone();
            before = c.params().dup();
            c.fit(sample);
            copy = c;
        } else {
            throw new IllegalArgumentException("encodingThreshold: net is a " + (net == null ? "null" : net.getClass().getName())
                    + "; pass a MultiLayerNetwork or ComputationGraph");
        }
        INDArray delta = copy.params().sub(before);
        INDArray abs = Nd4j.math().abs(delta);
        long moved = abs.gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT64).sumNumber().longValue();
        if (moved == 0) {
            throw new IllegalArgumentException("encodingThreshold: one step on the sample did not change any parameter"
                    + " (zero gradient or learning rate); pass the threshold explicitly with .threshold(τ)");
        }
        return abs.sumNumber().doubleValue() / moved;
    }

    static int positive(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " = " + v + " is invalid: it must be ≥ 1");
        }
        return v;
    }

    /** Builder of a {@link ParameterAveragingTrainingMaster}. */
    public static final class ParameterAveraging {
        private int workers = 2;
        private int batchPerWorker = 32;
        private int averagingFrequency = 1;
        private boolean averageUpdaterState = true;
        private long seed = 12345;

        private ParameterAveraging() {
        }

        /** @param n number of workers (Spark task slots used per round; default 2) @return this */
        public ParameterAveraging workers(int n) {
            this.workers = positive("ParameterAveraging.workers", n);
            return this;
        }

        /** @param n examples per worker minibatch, = examples in each DataSet of the RDD (default 32) @return this */
        public ParameterAveraging batchPerWorker(int n) {
            this.batchPerWorker = positive("ParameterAveraging.batchPerWorker", n);
            return this;
        }

        /** @param k minibatches each worker fits between averagings (default 1: exact for Sgd, see the class doc) @return this */
        public ParameterAveraging averagingFrequency(int k) {
            this.averagingFrequency = positive("ParameterAveraging.averagingFrequency", k);
            return this;
        }

        /** @param on average the updater state (Adam's m, v) too (default true) @return this */
        public ParameterAveraging averageUpdaterState(boolean on) {
            this.averageUpdaterState = on;
            return this;
        }

        /** @param s seed of the split of the data into averaging rounds (default 12345) @return this */
        public ParameterAveraging seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return the training master: Direct RDD approach, balanced repartition, no prefetch */
        public ParameterAveragingTrainingMaster build() {
            return new ParameterAveragingTrainingMaster.Builder(workers, batchPerWorker)
                    .batchSizePerWorker(batchPerWorker)
                    .averagingFrequency(averagingFrequency)
                    .saveUpdater(averageUpdaterState)
                    .workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(Repartition.Always)
                    .repartitionStrategy(RepartitionStrategy.Balanced)
                    .rngSeed(seed)
                    .build();
        }
    }

    /** Builder of a {@link SharedTrainingMaster} (gradient sharing over Aeron). */
    public static final class GradientSharing {
        private int batchPerWorker = 32;
        private double threshold = Double.NaN;
        private int port = 40123;
        private String controllerAddress;
        private long seed = 12345;

        private GradientSharing() {
        }

        /** @param n examples per worker minibatch, = examples in each DataSet of the RDD (default 32) @return this */
        public GradientSharing batchPerWorker(int n) {
            this.batchPerWorker = positive("GradientSharing.batchPerWorker", n);
            return this;
        }

        /**
         * @param tau the fixed encoding threshold (see the class doc; {@link #encodingThreshold} measures one)
         * @return this
         */
        public GradientSharing threshold(double tau) {
            if (!(tau > 0) || !Double.isFinite(tau)) {
                throw new IllegalArgumentException("GradientSharing.threshold = " + tau + " is invalid: pass a finite τ > 0,"
                        + " e.g. MeanOdeTrainingMasters.encodingThreshold(net, sampleBatch)");
            }
            this.threshold = tau;
            return this;
        }

        /** @param p UDP port of the Aeron transport on every node (default 40123) @return this */
        public GradientSharing port(int p) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("GradientSharing.port = " + p + " is invalid: use 1 … 65535");
            }
            this.port = p;
            return this;
        }

        /** @param address the driver's address as the executors see it (default: found by Spark) @return this */
        public GradientSharing controllerAddress(String address) {
            this.controllerAddress = address;
            return this;
        }

        /** @param s seed of the data split (default 12345) @return this */
        public GradientSharing seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * @return the training master (fixed threshold, Direct RDD approach, no prefetch); sets
         *         {@value #AERON_PROPERTY} in this JVM if unset
         * @throws IllegalStateException when no threshold was given
         */
        public SharedTrainingMaster build() {
            if (Double.isNaN(threshold)) {
                throw new IllegalStateException("GradientSharing: no encoding threshold; call .threshold(τ), e.g. with"
                        + " τ = MeanOdeTrainingMasters.encodingThreshold(net, sampleBatch)");
            }
            if (System.getProperty(AERON_PROPERTY) == null) {
                System.setProperty(AERON_PROPERTY, AERON_VALUE);
            }
            VoidConfiguration.VoidConfigurationBuilder v = VoidConfiguration.builder().unicastPort(port);
            if (controllerAddress != null) {
                v.controllerAddress(controllerAddress);
            }
            return new SharedTrainingMaster.Builder(v.build(), batchPerWorker)
                    .batchSizePerWorker(batchPerWorker)
                    .thresholdAlgorithm(new FixedThresholdAlgorithm(threshold))
                    .workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartitioner(new NoOpRepartitioner())
                    .rngSeed(seed)
                    .build();
        }
    }
}
