package org.meanode.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The classification data sets shipped in this jar (resources under {@code org/meanode/data/}),
 * byte-for-byte copies of the files of Debian's {@code python3-sklearn} 1.2.1 package. The data
 * are UCI Machine Learning Repository sets under CC BY 4.0; the packaging is scikit-learn's
 * (BSD-3-Clause). See {@code org/meanode/data/PROVENANCE.md} for the hashes and citations.
 *
 * <pre>{@code
 * LabeledTable digits = VendoredDataset.DIGITS.load();   // 1797 × 64, 10 classes
 * }</pre>
 */
public enum VendoredDataset {
    /** UCI optical recognition of handwritten digits: 1,797 images of 8×8 pixel counts 0..16, 10 classes. */
    DIGITS("digits.csv.gz", 1797, 64, 10, false),
    /** UCI breast cancer Wisconsin (diagnostic): 569 × 30 features, 2 classes (0 malignant, 1 benign). */
    BREAST_CANCER("breast_cancer.csv", 569, 30, 2, true),
    /** UCI wine recognition: 178 × 13 chemical measurements, 3 cultivars. */
    WINE("wine_data.csv", 178, 13, 3, true);

    /** Classpath folder of the vendored files. */
    public static final String RESOURCE_DIR = "/org/meanode/data/";

    private final String file;
    private final int rows;
    private final int features;
    private final int classes;
    private final boolean header;

    VendoredDataset(String file, int rows, int features, int classes, boolean header) {
        this.file = file;
        this.rows = rows;
        this.features = features;
        this.classes = classes;
        this.header = header;
    }

    /** @return the file name under {@value #RESOURCE_DIR} */
    public String fileName() {
        return file;
    }

    /** @return the number of examples */
    public int rows() {
        return rows;
    }

    /** @return d_in, features per example */
    public int features() {
        return features;
    }

    /** @return the number of classes */
    public int classes() {
        return classes;
    }

    /**
     * Reads the whole set from the classpath (a few milliseconds) and checks its size.
     *
     * @return the examples in file order
     * @throws IllegalStateException if the resource is missing or not in the expected format
     */
    public LabeledTable load() {
        String res = RESOURCE_DIR + file;
        InputStream raw = VendoredDataset.class.getResourceAsStream(res);
        if (raw == null) {
            throw new IllegalStateException("vendored data set " + name() + " not found on the classpath at " + res
                    + "; it ships in the dl4j-meanode jar: check that the jar is not repackaged without its resources");
        }
        try (InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            List<double[]> x = new ArrayList<>(rows);
            List<Integer> y = new ArrayList<>(rows);
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if ((header && lineNo == 1) || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                if (cells.length != features + 1) {
                    throw new IllegalStateException(res + " line " + lineNo + ": " + cells.length + " cells, expected "
                            + (features + 1) + " (" + features + " features and the class)");
                }
                double[] row = new double[features];
                for (int j = 0; j < features; j++) {
                    row[j] = Double.parseDouble(cells[j].trim());
                }
                x.add(row);
                y.add((int) Double.parseDouble(cells[features].trim()));
            }
            if (x.size() != rows) {
                throw new IllegalStateException(res + ": read " + x.size() + " examples, expected " + rows);
            }
            return new LabeledTable(x.toArray(new double[0][]), y.stream().mapToInt(Integer::intValue).toArray(), classes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read vendored data set " + res + ": " + e.getMessage(), e);
        }
    }
}
