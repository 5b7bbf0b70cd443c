/**
 * Apache Spark support (optional: needs spark-core_2.12, dl4j-spark_2.12 and, for gradient sharing,
 * dl4j-spark-parameterserver_2.12 on the classpath): training masters sized for a
 * {@link org.meanode.network.MeanOdeResNet} ({@link org.meanode.spark.MeanOdeTrainingMasters}) and an
 * Arbiter search whose candidates train in Spark tasks ({@link org.meanode.spark.SparkSearch}).
 * On Java 17 the JVMs that run Spark need the flags listed in docs/spark.md.
 */
package org.meanode.spark;
