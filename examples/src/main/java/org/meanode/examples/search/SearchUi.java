package org.meanode.examples.search;

import java.nio.file.Path;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.ui.listener.ArbiterStatusListener;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.meanode.ui.config.UiDefaults;
import org.meanode.ui.dashboard.DashboardServer;

/**
 * Arbiter's UI live in the DL4J 1.0.0-M2.1 UI server: arbiter-ui 1.0.0-beta7's ArbiterModule is
 * found by the server through its ServiceLoader entry and serves {@code /arbiter}; the search
 * reports to it through an {@link ArbiterStatusListener} writing to a {@link FileStatsStorage}
 * (kept in the output directory, so the UI can show the search again later).
 */
public final class SearchUi implements AutoCloseable {
    /** File of the UI's records in the output directory. */
    public static final String STORAGE_FILE = "arbiter-ui.dl4j";

    private final DashboardServer server;
    private final StatsStorage storage;

    private SearchUi(DashboardServer server, StatsStorage storage) {
        this.server = server;
        this.storage = storage;
    }

    /**
     * Starts (or joins) the UI server and attaches a storage for this search.
     *
     * @param port   the port (the system property org.deeplearning4j.ui.port overrides it)
     * @param outDir the search's output directory
     * @return the UI, listening on 127.0.0.1 only
     */
    public static SearchUi start(int port, Path outDir) {
        return start(port, UiDefaults.LOOPBACK, outDir);
    }

    /**
     * Starts (or joins) the UI server on one address and attaches a storage for this search.
     *
     * @param port   the port (the system property org.deeplearning4j.ui.port overrides it)
     * @param bind   the address to listen on (see {@link DashboardServer#start(int, String)})
     * @param outDir the search's output directory
     * @return the UI
     */
    public static SearchUi start(int port, String bind, Path outDir) {
        DashboardServer server = DashboardServer.start(port, bind);
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
        return server.baseUrl() + "/arbiter";
    }

    /** @return the server's port */
    public int port() {
        return server.port();
    }

    /** Detaches the storage and stops the server. */
    @Override
    public void close() throws Exception {
        server.detach(storage);
        storage.close();
        server.close();
    }
}
