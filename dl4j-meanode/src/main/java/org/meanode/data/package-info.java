/**
 * Real data shipped with the library: small UCI classification sets vendored from Debian's
 * scikit-learn package ({@link org.meanode.data.VendoredDataset}, provenance and licences in
 * {@code org/meanode/data/PROVENANCE.md}), split and standardised reproducibly
 * ({@link org.meanode.data.TrainTestSplit}) and served as shuffled mini-batches
 * ({@link org.meanode.data.ShuffledBatchIterator}). Nothing is downloaded.
 */
package org.meanode.data;
