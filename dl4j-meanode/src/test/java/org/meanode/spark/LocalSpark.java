package org.meanode.spark;

import java.io.IOException;
import java.net.DatagramSocket;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Test support: a real Spark on this JVM ({@code local[n]}), quiet and bound to the loopback interface. */
final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * @param master e.g. "local[2]"
     * @param kryo   use Kryo with ND4J's registrator (as DL4J recommends) instead of Java serialization
     * @return a started context; stop it when done (one per JVM at a time)
     */
    static JavaSparkContext start(String master, boolean kryo) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("meanode-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.showConsoleProgress", "false");
        if (kryo) {
            conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator");
        }
        return new JavaSparkContext(conf);
    }

    /** @return a UDP port free at the time of the call (Aeron's transport of gradient sharing) */
    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
