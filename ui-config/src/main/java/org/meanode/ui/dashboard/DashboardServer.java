package org.meanode.ui.dashboard;

import java.util.Locale;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.api.UIServer;

/**
 * Starts DL4J's UI server (with the Mean ODE page, which it loads by itself) and names the
 * page's URL. A thin convenience over {@link VertxUIServer}: the server is a JVM-wide singleton,
 * so one DashboardServer per JVM at a time.
 *
 * <pre>{@code
 * DashboardServer ui = DashboardServer.start(UiDefaults.load().port());
 * ui.attach(storage);
 * System.out.println(ui.meanOdeUrl());
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {
    private final UIServer server;

    private DashboardServer(UIServer server) {
        this.server = server;
    }

    /**
     * @param port the port (DL4J's system property org.deeplearning4j.ui.port, when set, wins over it)
     * @return the running server, single-session mode
     * @throws IllegalStateException when the server cannot start (e.g. the port is taken), naming the port and the fix
     */
    public static DashboardServer start(int port) {
        try {
            return new DashboardServer(VertxUIServer.getInstance(port, false, null));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the DL4J UI server on port " + port + " (" + e.getMessage()
                    + "); is the port in use? pass another one (--port or -Dmeanode.ui.port)", e);
        }
    }

    /** @param storage a storage whose sessions the UI shows */
    public void attach(StatsStorage storage) {
        server.attach(storage);
    }

    /** Lets a RemoteUIStatsStorageRouter of another JVM post records to this server. */
    public void enableRemoteListener() {
        server.enableRemoteListener();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getPort();
    }

    /** @return e.g. http://localhost:9000 */
    public String baseUrl() {
        return String.format(Locale.ROOT, "http://localhost:%d", server.getPort());
    }

    /** @return the Mean ODE page, e.g. http://localhost:9000/train/meanode */
    public String meanOdeUrl() {
        return baseUrl() + "/train/meanode";
    }

    /** @return DL4J's overview page */
    public String overviewUrl() {
        return baseUrl() + "/train/overview";
    }

    /** Stops the server (and releases DL4J's singleton, so that another one can start). */
    @Override
    public void close() throws Exception {
        UIServer.stopInstance();
    }
}
