package org.meanode.conf;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, for networks not built by {@link org.meanode.network.MeanOdeResNet}, that every
 * {@link ResidualDepth} layer carries the depth L of its network: α/(L·M) and the learning-rate
 * rule depend on it, and a block told the wrong L trains silently with the wrong scale.
 * DL4J gives a layer no view of its network, but all layers of one network receive views of one
 * flat parameter vector: {@link #register} (at layer initialisation) groups them by that vector,
 * and {@link #atFirstForward} (the first forward pass of any of them) compares each layer's L with
 * the number of blocks of the group, once per network, logging a warning that names the layer and
 * the L it should carry. {@code MeanOdeResNet.checkDepths} is the strict, configuration-time check.
 */
public final class DepthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DepthCheck.class);
    private static final Map<Long, Network> NETWORKS = new LinkedHashMap<>();

    /** The residual layers seen with one flat parameter vector. */
    private static final class Network {
        final WeakReference<DataBuffer> params;
        final Map<Integer, ResidualDepth> layers = new TreeMap<>();
        final Map<Integer, String> names = new TreeMap<>();
        boolean checked;

        Network(DataBuffer params) {
            this.params = new WeakReference<>(params);
        }
    }

    private DepthCheck() {
    }

    private static DataBuffer flat(INDArray paramsView) {
        DataBuffer b = paramsView.data();
        DataBuffer o = b.originalDataBuffer();
        return o != null ? o : b;
    }

    private static Network network(INDArray paramsView, boolean create) {
        DataBuffer flat = flat(paramsView);
        long key = flat.address();
        Network n = NETWORKS.get(key);
        if (n != null && n.params.get() != flat) {
            NETWORKS.remove(key); // a new network reuses the memory of a collected one
            n = null;
        }
        if (n == null && create) {
            if (NETWORKS.size() > 256) {
                Iterator<Network> it = NETWORKS.values().iterator();
                while (it.hasNext()) {
                    if (it.next().params.get() == null) {
                        it.remove();
                    }
                }
            }
            n = new Network(flat);
            NETWORKS.put(key, n);
        }
        return n;
    }

    /**
     * @param layer      a layer configuration (only {@link ResidualDepth} layers are recorded)
     * @param layerIndex its index in the network
     * @param paramsView its view of the network's flat parameter vector
     */
    public static synchronized void register(Object layer, int layerIndex, INDArray paramsView) {
        if (layer instanceof ResidualDepth r && paramsView != null && !paramsView.isEmpty()) {
            Network n = network(paramsView, true);
            n.layers.put(layerIndex, r);
            n.names.put(layerIndex, ((org.deeplearning4j.nn.conf.layers.Layer) layer).getLayerName());
            n.checked = false;
        }
    }

    /**
     * Compares, once per network, each residual layer's L with the number of blocks of its network.
     *
     * @param paramsView the calling layer's parameter view
     */
    public static synchronized void atFirstForward(INDArray paramsView) {
        if (paramsView == null || paramsView.isEmpty()) {
            return;
        }
        Network n = network(paramsView, false);
        if (n == null || n.checked) {
            return;
        }
        n.checked = true;
        int total = n.layers.values().stream().mapToInt(ResidualDepth::numBlocks).sum();
        for (Map.Entry<Integer, ResidualDepth> e : n.layers.entrySet()) {
            ResidualDepth r = e.getValue();
            if (r.getDepth() != total) {
                LOG.warn("{} (layer {}, '{}') carries depth L = {} but its network holds {} residual block(s): the scale"
                                + " α/(L·M) and the learning rates are wrong; build it with .depth({}) (MeanOdeResNet does"
                                + " this, and MeanOdeResNet.checkDepths(conf) checks a configuration)",
                        r.getClass().getSimpleName(), e.getKey(), n.names.get(e.getKey()), r.getDepth(), total, total);
            }
        }
    }
}
