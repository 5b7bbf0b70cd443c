package org.meanode.examples.search;

import java.nio.file.Path;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.ui.listener.ArbiterStatusListener;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * Arbiter's UI live in the DL4J 1.0.0-M2.1 UI server: arbiter-ui 1.0.0-beta7's ArbiterModule is
 * found by the server through its ServiceLoader entry and serves {@code /arbiter}; the search
 * reports to it through an {@link ArbiterStatusListener} writing to a {@link FileStatsStorage}
 * (kept in the output directory, so the UI can show the search again later).
 */
public final class SearchUi implements AutoCloseable {
    /** File of the UI's records in the output directory. */
    public static final String STORAGE_FILE = "arbiter-ui.dl4j";

    private final VertxUIServer server;
    private final StatsStorage storage;

    private SearchUi(VertxUIServer server, StatsStorage storage) {
        this.server = server;
        this.storage = storage;
    }

    /**
     * Starts (or joins) the UI server and attaches a storage for this search.
     *
     * @param port   the port (the system property org.deeplearning4j.ui.port overrides it)
     * @param outDir the search's output directory
     * @return the UI
     */
    public static SearchUi start(int port, Path outDir) {
        VertxUIServer server = VertxUIServer.getInstance(port, false, null);
        StatsStorage storage = new FileStatsStorage(outDir.resolve(STORAGE_FILE).toFile());
        server.attach(storage);
        return new SearchUi(server, storage);
    }

    /** @param runner the runner to report to the UI */
    public void listenTo(IOptimizationRunner runner) {
        runner.addListeners(new ArbiterStatusListener(storage));
    }

    /** @return the address of Arbiter's page */
    public String url() {
        return "http://localhost:" + server.getPort() + "/arbiter";
    }

    /** @return the server's port */
    public int port() {
        return server.getPort();
    }

    /** Detaches the storage and stops the server. */
    @Override
    public void close() throws Exception {
        server.detach(storage);
        storage.close();
        VertxUIServer.stopInstance();
    }
}
