package org.meanode.data;

/**
 * A table of examples with integer class labels, as read from a vendored file: features
 * [N, d_in] (row per example) and labels in 0 … classes−1.
 *
 * @param features the feature rows (not copied: callers must not modify them)
 * @param labels   the class of each row
 * @param classes  the number of classes
 */
public record LabeledTable(double[][] features, int[] labels, int classes) {

    /** Checks the shapes and the label range. */
    public LabeledTable {
        if (features.length != labels.length || features.length == 0) {
            throw new IllegalArgumentException("LabeledTable: " + features.length + " feature rows but " + labels.length
                    + " labels; both must be equal and > 0");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("LabeledTable: label[" + i + "] = " + labels[i] + " is outside 0 … "
                        + (classes - 1));
            }
            if (features[i].length != features[0].length) {
                throw new IllegalArgumentException("LabeledTable: row " + i + " has " + features[i].length
                        + " features, row 0 has " + features[0].length);
            }
        }
    }

    /** @return N, the number of examples */
    public int size() {
        return labels.length;
    }

    /** @return d_in, the number of features */
    public int featureCount() {
        return features[0].length;
    }

    /** @return the number of examples of each class */
    public int[] classCounts() {
        int[] c = new int[classes];
        for (int y : labels) {
            c[y]++;
        }
        return c;
    }
}
