package org.meanode.examples.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;

/**
 * {@code meanode spark train|search}: the plugin's training and search on Apache Spark. With the
 * default {@code --master local[*]} everything runs in this JVM; to use a cluster, pass its master
 * URL here or submit the examples jar with {@code spark-submit} (docs/spark.md).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Training (parameter averaging or gradient sharing) and Arbiter search on Apache Spark.",
            "--master defaults to local[*]; on Java 17 the JVM needs the flags of docs/spark.md (.mvn/jvm.config has them)."},
        subcommands = {SparkTrainCommand.class, SparkSearchCommand.class})
public final class SparkCommand {
    private SparkCommand() {
    }

    /**
     * Fails with the fix when this JVM lacks the Java 17 flags Spark needs (it would otherwise
     * die deep inside Spark with an IllegalAccessError on sun.nio.ch.DirectBuffer).
     */
    static void checkJavaFlags() {
        Module javaBase = Object.class.getModule();
        Module us = SparkCommand.class.getModule();
        if (!javaBase.isExported("sun.nio.ch", us) || !javaBase.isOpen("java.lang.invoke", us)) {
            throw new IllegalStateException("this JVM cannot run Spark on Java " + Runtime.version().feature() + ": it lacks"
                    + " --add-exports=java.base/sun.nio.ch=ALL-UNNAMED and --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
                    + " (and the other flags listed in docs/spark.md); run the CLI through Maven from the repository root"
                    + " (.mvn/jvm.config passes them) or add them to the java command line");
        }
    }

    /**
     * @param master  Spark master URL (local[*], local[2], spark://host:7077, yarn …); when the JVM was
     *                started by spark-submit, the master it set wins
     * @param appName the application name
     * @return a started context with Kryo and ND4J's registrator
     */
    static JavaSparkContext context(String master, String appName) {
        checkJavaFlags();
        SparkConf conf = new SparkConf().setAppName(appName)
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.ui.showConsoleProgress", "false");
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        return new JavaSparkContext(conf);
    }
}
