/**
 * Training monitors: {@link org.meanode.monitor.FeatureMovementListener} records the loss, the
 * per-block parameter movement and the hidden-state movement of MODEL.md through DL4J's
 * {@code StatsStorageRouter}, as its own records ({@link org.meanode.monitor.MovementStaticInfo},
 * {@link org.meanode.monitor.MovementUpdate}) that the dashboard of the ui-config module plots.
 */
package org.meanode.monitor;
