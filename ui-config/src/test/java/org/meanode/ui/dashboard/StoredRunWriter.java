package org.meanode.ui.dashboard;

import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.meanode.monitor.FeatureMovementListener;

/**
 * Entry point of the separate JVM of {@link StoredRunTest}: trains a small network with both
 * listeners into a FileStatsStorage, prints one line per movement record
 * ({@code record <iteration> <loss bits as hex>}), closes the file and exits.
 */
public final class StoredRunWriter {
    /** Session ID written by this program. */
    static final String SESSION = "stored-run";
    static final int STEPS = 12;
    static final int FREQUENCY = 3;

    private StoredRunWriter() {
    }

    /** @param args the storage file */
    public static void main(String[] args) throws Exception {
        FileStatsStorage storage = StatsFiles.openForWriting(Path.of(args[0]));
        Model net = TestRuns.network(false, true);
        FeatureMovementListener fm = TestRuns.listen(net, storage, SESSION, FREQUENCY);
        TestRuns.fit(net, TestRuns.data(), STEPS);
        for (var p : storage.getAllUpdatesAfter(SESSION, FeatureMovementListener.TYPE_ID, "w0", 0)) {
            var u = (org.meanode.monitor.MovementUpdate) p;
            System.out.println("record " + u.getIteration() + " " + Long.toHexString(Double.doubleToLongBits(u.getLoss())));
        }
        System.out.println("records " + fm.getRecordCount());
        storage.close();
    }
}
