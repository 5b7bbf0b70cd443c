/**
 * The {@code search} command: Arbiter random and grid search over depth, width, residual scale
 * and learning rate of {@link org.meanode.network.MeanOdeResNet}s on a synthetic regression
 * task, with durable per-candidate records, a ranked table, a CSV with provenance, the best
 * model and, optionally, Arbiter's UI in the DL4J UI server.
 */
package org.meanode.examples.search;
