package org.meanode.examples.rates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything that defines a run of the rate experiments: the task, the training, the sizes of
 * each sweep, the number of networks per size and the limit reference.
 *
 * @param nIn          d_in
 * @param nOut         d_out
 * @param examples     N
 * @param training     K, η, α of every network and of the limit
 * @param seeds        S ≥ 2 independently initialised networks per size
 * @param sweeps       the sizes of each sweep run, in order (a sweep left out is not run)
 * @param reference    the limit the networks are measured against
 * @param references   independent replicates of the reference per D (≥ 2: their disagreement
 *                     measures the reference's own error, and their mean is the reference)
 * @param dataSeed     seed of X, Y, W_E, W_U
 * @param networkSeed  base seed of the residual weights (mixed with L, M, D and the replicate)
 */
public record RatesSettings(int nIn, int nOut, int examples, TrainingSpec training, int seeds,
                            Map<Sweep, List<Size>> sweeps, LimitReference reference, int references, long dataSeed,
                            long networkSeed) {

    /**
     * Validates the settings and copies the sweeps.
     *
     * @param nIn         d_in ≥ 1
     * @param nOut        d_out ≥ 1
     * @param examples    N ≥ 1
     * @param training    K, η, α
     * @param seeds       S ≥ 2
     * @param sweeps      at least one sweep, each checked by {@link Sweep}
     * @param reference   the limit reference
     * @param references  replicates of the reference per D, ≥ 2
     * @param dataSeed    seed of the shared draws
     * @param networkSeed base seed of the networks
     */
    public RatesSettings {
        positive("nIn", nIn, "");
        positive("nOut", nOut, "");
        positive("examples", examples, "");
        if (training == null || reference == null) {
            throw new IllegalArgumentException("RatesSettings needs a training spec and a limit reference");
        }
        if (seeds < 2) {
            throw new IllegalArgumentException("seeds = " + seeds + ": the distance's error bar needs at least 2 networks per"
                    + " size; pass --seeds 2 or more (4 by default)");
        }
        if (references < 2) {
            throw new IllegalArgumentException("references = " + references + ": the reference's own error is measured by the"
                    + " disagreement of independent replicates; pass --ref-replicates 2 or more");
        }
        if (sweeps == null || sweeps.isEmpty()) {
            throw new IllegalArgumentException("no sweep to run; pass --sweeps with some of a,b,c,d");
        }
        Map<Sweep, List<Size>> copy = new EnumMap<>(Sweep.class);
        for (Map.Entry<Sweep, List<Size>> e : sweeps.entrySet()) {
            List<Size> sizes = List.copyOf(e.getValue());
            e.getKey().check(sizes);
            copy.put(e.getKey(), sizes);
        }
        sweeps = Collections.unmodifiableMap(copy);
    }

    private static void positive(String name, int v, String fix) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " = " + v + " must be ≥ 1" + fix);
        }
    }

    /** @return every distinct size of all sweeps, in sweep order */
    public List<Size> distinctSizes() {
        Set<Size> s = new LinkedHashSet<>();
        sweeps.values().forEach(s::addAll);
        return new ArrayList<>(s);
    }

    /** @return the distinct embedding widths D, ascending */
    public List<Integer> embeddingDims() {
        Set<Integer> d = new TreeSet<>();
        for (Size s : distinctSizes()) {
            d.add(s.embeddingDim());
        }
        return new ArrayList<>(d);
    }

    /**
     * Seed of the residual weights of one network: a SplitMix64 mix of the base seed, L, M, D and
     * the replicate, so that no two networks share a random stream.
     *
     * @param size      (L, M, D)
     * @param replicate 0 … S−1
     * @return the seed passed to {@code MeanOdeResNet.Builder.seed}
     */
    public long networkSeed(Size size, int replicate) {
        return mix(networkSeed, size.depth(), size.width(), size.embeddingDim(), replicate);
    }

    /**
     * @param embeddingDim D
     * @param replicate    0 … references−1
     * @return the seed of one replicate of the limit reference at width D
     */
    public long referenceSeed(int embeddingDim, int replicate) {
        return mix(networkSeed ^ 0x6A09E667F3BCC909L, 0, 0, embeddingDim, replicate);
    }

    /**
     * SplitMix64 steps over the values: well-separated seeds for neighbouring sizes.
     *
     * @param seed   the base seed
     * @param values what the seed is for, e.g. (L, M, replicate)
     * @return the mixed seed
     */
    public static long mix(long seed, long... values) {
        long z = seed;
        for (long v : values) {
            z += 0x9E3779B97F4A7C15L * (v + 1);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
        }
        return z;
    }
}
