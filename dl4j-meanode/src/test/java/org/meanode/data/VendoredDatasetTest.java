package org.meanode.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The vendored files are the ones PROVENANCE.md names (SHA-256), parse to the documented sizes and
 * class counts (digits: the counts scikit-learn's description implies, 1,797 in all), and the split
 * is stratified, reproducible and standardised by its training part only.
 */
class VendoredDatasetTest {
    /** The hashes of PROVENANCE.md, typed in from sha256sum of the Debian package's files. */
    private static final Map<String, String> SHA256 = Map.of(
            "digits.csv.gz", "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
            "breast_cancer.csv", "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
            "wine_data.csv", "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede");

    @Test
    void filesMatchTheirProvenanceHashes() throws IOException, NoSuchAlgorithmException {
        for (VendoredDataset d : VendoredDataset.values()) {
            try (InputStream in = VendoredDataset.class.getResourceAsStream(VendoredDataset.RESOURCE_DIR + d.fileName())) {
                byte[] bytes = in.readAllBytes();
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                assertEquals(SHA256.get(d.fileName()), hash, d + ": file differs from the vendored one");
            }
        }
        for (String f : new String[] {"PROVENANCE.md", "LICENSE-scikit-learn-BSD-3-Clause.txt", "digits.rst"}) {
            assertTrue(VendoredDataset.class.getResource(VendoredDataset.RESOURCE_DIR + f) != null, f + " is missing");
        }
    }

    @Test
    void setsParseToTheirDocumentedShapes() {
        LabeledTable digits = VendoredDataset.DIGITS.load();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.featureCount());
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, digits.classCounts());
        for (double[] row : digits.features()) {
            for (double v : row) {
                assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "digit pixel " + v);
            }
        }
        assertArrayEquals(new int[] {212, 357}, VendoredDataset.BREAST_CANCER.load().classCounts());
        assertArrayEquals(new int[] {59, 71, 48}, VendoredDataset.WINE.load().classCounts());
        assertEquals(13, VendoredDataset.WINE.load().featureCount());
    }

    @Test
    void splitIsStratifiedReproducibleAndStandardisedOnTheTrainingPart() {
        TrainTestSplit a = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);
        TrainTestSplit b = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);
        TrainTestSplit c = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 43);
        assertArrayEquals(a.testRows(), b.testRows());
        assertTrue(!java.util.Arrays.equals(a.testRows(), c.testRows()), "another seed gives another split");
        assertEquals(1797, a.trainRows().length + a.testRows().length);
        Set<Integer> seen = new HashSet<>();
        for (int i : a.trainRows()) {
            seen.add(i);
        }
        for (int i : a.testRows()) {
            assertTrue(seen.add(i), "row " + i + " is in both parts");
        }
        DataSet train = a.train(DataType.DOUBLE);
        DataSet test = a.test(DataType.DOUBLE);
        // Per class, round(0.2·n_c) test examples.
        int[] counts = VendoredDataset.DIGITS.load().classCounts();
        INDArray testPerClass = test.getLabels().sum(0);
        for (int k = 0; k < counts.length; k++) {
            assertEquals(Math.round(0.2 * counts[k]), testPerClass.getDouble(k), 0.0, "class " + k);
        }
        // Training part: mean 0 and std 1 per feature (0 for the constant ones); test part: not exactly.
        INDArray mean = train.getFeatures().mean(0);
        INDArray std = train.getFeatures().std(false, 0);
        int constant = 0;
        for (int j = 0; j < 64; j++) {
            assertEquals(0, mean.getDouble(j), 1e-12, "training mean of feature " + j);
            double sj = std.getDouble(j);
            if (sj == 0) {
                constant++;
            } else {
                assertEquals(1, sj, 1e-12, "training std of feature " + j);
            }
        }
        assertTrue(constant >= 1 && constant < 10, "constant border pixels: " + constant);
        assertTrue(Math.abs(test.getFeatures().mean(0).getDouble(10)) > 1e-6, "test part is not refitted");
        // A hold-out of the training part never touches the test part.
        TrainTestSplit inner = a.holdOut(0.25, 7);
        Set<Integer> testRows = new HashSet<>();
        for (int i : a.testRows()) {
            testRows.add(i);
        }
        for (int i : inner.trainRows()) {
            assertTrue(!testRows.contains(i));
        }
        for (int i : inner.testRows()) {
            assertTrue(!testRows.contains(i));
        }
        assertEquals(a.trainRows().length, inner.trainRows().length + inner.testRows().length);
    }

    @Test
    void iteratorVisitsEveryExampleOncePerEpochInANewSeededOrder() {
        TrainTestSplit s = TrainTestSplit.of(VendoredDataset.WINE, 0.2, 1);
        DataSetIterator it = s.trainIterator(32, 5);
        DataSetIterator again = s.trainIterator(32, 5);
        double[] first = firstColumnOfEpoch(it);
        it.reset();
        double[] second = firstColumnOfEpoch(it);
        assertEquals(s.trainRows().length, first.length);
        assertArrayEquals(first, firstColumnOfEpoch(again), 0.0, "same seed, same order");
        assertTrue(!java.util.Arrays.equals(first, second), "each epoch reshuffles");
        double[] a = first.clone();
        double[] b = second.clone();
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        assertArrayEquals(a, b, 0.0, "an epoch is a permutation of the training part");
        assertThrows(IllegalArgumentException.class, () -> TrainTestSplit.of(VendoredDataset.WINE, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> s.trainIterator(0, 1));
    }

    private static double[] firstColumnOfEpoch(DataSetIterator it) {
        java.util.List<Double> xs = new java.util.ArrayList<>();
        while (it.hasNext()) {
            DataSet b = it.next();
            assertTrue(b.numExamples() <= 32);
            for (int i = 0; i < b.numExamples(); i++) {
                xs.add(b.getFeatures().getDouble(i, 0) * 1000 + b.getFeatures().getDouble(i, 1));
            }
        }
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
