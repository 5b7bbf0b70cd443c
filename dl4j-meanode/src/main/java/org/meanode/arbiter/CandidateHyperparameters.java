package org.meanode.arbiter;

import java.util.Map;

/**
 * A candidate configuration that can name its sampled hyperparameters, for the records of
 * {@link MeanOdeTaskCreator} (e.g. {@link MeanOdeConfiguration}, or a user's own
 * {@code GraphConfiguration} subclass for a search over stock networks).
 */
public interface CandidateHyperparameters {
    /** @return the sampled values by name, in a fixed order (e.g. "eta" for the learning rate) */
    Map<String, Object> hyperparameters();
}
