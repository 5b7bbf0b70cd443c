/**
 * The {@code spark} command of the CLI: training a scaled ResNet on Apache Spark (parameter
 * averaging or gradient sharing) and an Arbiter search whose candidates train in Spark tasks.
 */
package org.meanode.examples.spark;
