/**
 * The "Mean ODE" page of DL4J's training UI ({@link org.meanode.ui.dashboard.MeanOdeModule}, a
 * UIModule found by ServiceLoader): loss, per-depth feature movement and the run's parameters
 * from the records of {@code org.meanode.monitor.FeatureMovementListener}, live while training
 * runs; plus helpers to start the server and open storage files with clear errors.
 */
package org.meanode.ui.dashboard;
