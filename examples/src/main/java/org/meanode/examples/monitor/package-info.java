/**
 * The {@code monitor} command: trains a scaled ResNet with DL4J's StatsListener and the plugin's
 * FeatureMovementListener, and serves DL4J's training UI with the Mean ODE page while it runs
 * (or replays a stored run).
 */
package org.meanode.examples.monitor;
