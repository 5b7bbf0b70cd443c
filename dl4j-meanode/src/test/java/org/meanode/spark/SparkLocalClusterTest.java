package org.meanode.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark's {@code local-cluster[2,1,1024]} master from Maven: a standalone master and two workers in
 * this JVM, and two <em>separate executor JVMs</em>, which deserialize the broadcast network
 * configuration (the plugin's custom layers) and Arbiter candidates themselves. Spark launches
 * executors from a Spark installation; this test builds a minimal one ({@code jars/} linking the
 * test classpath, {@code launcher/target/scala-2.12} for the launcher's Scala-version probe) and
 * points Spark's own test hook at it ({@code spark.testing}, {@code spark.test.home}).
 */
class SparkLocalClusterTest {
    private static final Logger log = LoggerFactory.getLogger(SparkLocalClusterTest.class);

    @Test
    void separateExecutorJvmsTrainExactlyAndRunSearchCandidates(@TempDir Path dir) throws Exception {
        Path home = sparkHome(dir);
        String flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Daeron")).collect(Collectors.joining(" "));
        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", home.toString());
        JavaSparkContext sc = null;
        try {
            sc = new JavaSparkContext(new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("meanode-local-cluster")
                    .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.extraJavaOptions", flags + " -Dorg.bytedeco.javacpp.maxbytes=2G")
                    .set("spark.executor.extraClassPath", String.join(File.pathSeparator, directoriesOnClassPath()))
                    .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator"));
            long driverPid = ProcessHandle.current().pid();

            // (a) across JVMs: averaging every step with Sgd equals combined-batch GD.
            MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(8).depth(4).width(4)
                    .updater(new Sgd(0.5)).dataType(DataType.DOUBLE).seed(7).build();
            Nd4j.getRandom().setSeed(21);
            INDArray x = Nd4j.randn(DataType.DOUBLE, 32, 3);
            DataSet all = new DataSet(x, Nd4j.math().tanh(x.getColumns(0, 1)).dup());
            List<DataSet> shards = List.of(slice(all, 0, 16), slice(all, 16, 32));
            MultiLayerNetwork single = spec.multiLayerNetwork();
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, spec.multiLayerNetwork(),
                    MeanOdeTrainingMasters.parameterAveraging().workers(2).batchPerWorker(16).build());
            JavaRDD<DataSet> rdd = sc.parallelize(shards, 2);
            for (int step = 0; step < 3; step++) {
                single.fit(all);
                spark.fit(rdd);
            }
            double d = spark.getNetwork().params().sub(single.params()).norm2Number().doubleValue()
                    / single.params().norm2Number().doubleValue();
            log.info("local-cluster: relative distance to combined-batch GD after 3 steps {}", d);
            assertTrue(d < 1e-12, "local-cluster parameter averaging vs combined-batch GD: " + d);
            File saved = dir.resolve("net.zip").toFile();
            ModelSerializer.writeModel(spark.getNetwork(), saved, true);
            assertEquals(single.output(x), ModelSerializer.restoreMultiLayerNetwork(saved, true).output(x));

            // Search candidates trained in the executor JVMs.
            List<CandidateRecord> records = SparkSearch.builder().generator(SearchFixture.generator())
                    .data(SearchFixture.data())
                    .score(new org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction(
                            org.nd4j.evaluation.regression.RegressionEvaluation.Metric.MSE))
                    .store(new org.meanode.arbiter.SearchResultStore(dir.resolve("records"))).maxCandidates(4).parallelism(2)
                    .build().run(sc);
            assertEquals(4, records.size());
            Set<String> pids = new TreeSet<>();
            for (CandidateRecord r : records) {
                assertTrue(r.status() == CandidateRecord.Status.COMPLETE || r.failureReason().startsWith("diverged"), r.toString());
                pids.add(r.provenance().get("executorPid"));
            }
            log.info("local-cluster: driver pid {}, candidates trained in executor pids {}", driverPid, pids);
            assertNotEquals(Set.of(Long.toString(driverPid)), pids, "candidates must run in executor JVMs");
            assertTrue(!pids.contains(Long.toString(driverPid)), "no candidate in the driver JVM: " + pids);
        } finally {
            if (sc != null) {
                sc.stop();
            }
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
    }

    private static DataSet slice(DataSet ds, int from, int to) {
        return new DataSet(ds.getFeatures().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup(),
                ds.getLabels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup());
    }

    /** @return every entry of this JVM's class path (Surefire's manifest-only jar expanded) */
    private static List<String> classPath() throws Exception {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("surefirebooter") && e.endsWith(".jar")) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest m = jar.getManifest();
                    for (String u : m.getMainAttributes().getValue("Class-Path").split(" ")) {
                        if (!u.isBlank()) {
                            out.add(Path.of(new java.net.URI(u)).toString());
                        }
                    }
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static List<String> directoriesOnClassPath() throws Exception {
        return classPath().stream().filter(e -> Files.isDirectory(Path.of(e))).toList();
    }

    /** A minimal Spark installation for the workers to launch executors from: jars/ links the class path. */
    private static Path sparkHome(Path dir) throws Exception {
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("launcher/target/scala-2.12"));
        int n = 0;
        for (String e : classPath()) {
            Path p = Path.of(e);
            if (Files.isRegularFile(p) && e.endsWith(".jar")) {
                Path link = jars.resolve(String.format("%04d-%s", n++, p.getFileName()));
                Files.createSymbolicLink(link, p.toAbsolutePath());
            }
        }
        log.info("fake SPARK_HOME {} with {} jars", home, n);
        return home;
    }
}
