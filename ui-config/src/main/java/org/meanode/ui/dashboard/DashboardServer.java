package org.meanode.ui.dashboard;

import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.api.UIServer;
import org.meanode.ui.config.UiDefaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DL4J's UI server (with the Mean ODE page, which it loads by itself) and names the
 * page's URL. A thin convenience over {@link VertxUIServer}: the server is a JVM-wide singleton,
 * so one DashboardServer per JVM at a time.
 *
 * <pre>{@code
 * UiDefaults d = UiDefaults.load();
 * DashboardServer ui = DashboardServer.start(d.port(), d.bind());   // 127.0.0.1 unless told otherwise
 * ui.attach(storage);
 * System.out.println(ui.meanOdeUrl());
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {
    /** DL4J's system property that wins over the port passed in. */
    private static final String DL4J_PORT_PROPERTY = "org.deeplearning4j.ui.port";
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

    private final UIServer server;
    private final InetAddress address;

    private DashboardServer(UIServer server, InetAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Starts the server on the loopback address only ({@link UiDefaults#LOOPBACK}): the dashboard
     * is visible from this machine, not from the network.
     *
     * @param port the port (DL4J's system property org.deeplearning4j.ui.port, when set, wins over it)
     * @return the running server, single-session mode
     * @throws IllegalStateException when the server cannot start (e.g. the port is taken), naming the port and the fix
     */
    public static DashboardServer start(int port) {
        return start(port, UiDefaults.LOOPBACK);
    }

    /**
     * Starts the server listening on one address. DL4J's own {@code UIServer.getInstance()} listens
     * on every network interface; this one listens where it is told, and logs a warning when that
     * is not a loopback address (training metrics and model details are then served to whoever
     * can reach the machine). When a DL4J UI server runs already in this JVM, it is joined as is.
     *
     * @param port the port (DL4J's system property org.deeplearning4j.ui.port, when set, wins over it)
     * @param bind the address to listen on: 127.0.0.1 (the default), ::1, localhost, an address of
     *             one interface, or 0.0.0.0 for every interface
     * @return the running server, single-session mode
     * @throws IllegalArgumentException when bind is not an address of this machine
     * @throws IllegalStateException when the server cannot start (e.g. the port is taken), naming the port and the fix
     */
    public static DashboardServer start(int port, String bind) {
        InetAddress address = UiDefaults.parseBind(bind, "bind");
        VertxUIServer running = VertxUIServer.getInstance();
        if (running != null && !running.isStopped()) {
            return new DashboardServer(running, null);
        }
        if (!address.isLoopbackAddress()) {
            LOG.warn("the dashboard listens on {} (not a loopback address): training metrics and model details are"
                    + " served to every machine that can reach this one; bind to 127.0.0.1 to keep them local", bind);
        }
        int p = Integer.getInteger(DL4J_PORT_PROPERTY, port);
        VertxUIServer.getMultiSession().set(false);
        VertxUIServer.setStatsStorageProvider(null);
        Vertx vertx = Vertx.vertx();
        CompletableFuture<String> deployed = new CompletableFuture<>();
        vertx.deployVerticle(new BoundUIServer(address.getHostAddress(), p), r -> {
            if (r.succeeded()) {
                deployed.complete(r.result());
            } else {
                deployed.completeExceptionally(r.cause());
            }
        });
        try {
            deployed.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            discard(vertx);
            throw new IllegalStateException("cannot start the DL4J UI server on " + bind + ":" + p + " ("
                    + rootMessage(cause) + "); is the port in use? pass another one (--port or -Dmeanode.ui.port)", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(vertx);
            throw new IllegalStateException("interrupted while starting the DL4J UI server on " + bind + ":" + p, e);
        }
        return new DashboardServer(VertxUIServer.getInstance(), address);
    }

    /** Closes a server that failed to start, and releases DL4J's singleton that its constructor took. */
    private static void discard(Vertx vertx) {
        try {
            UIServer.stopInstance();
        } catch (Exception | LinkageError ignored) {
            // best effort: the server never listened
        }
        vertx.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() != null ? r.getMessage() : r.toString();
    }

    /** @param storage a storage whose sessions the UI shows */
    public void attach(StatsStorage storage) {
        server.attach(storage);
    }

    /** @param storage a storage the UI stops showing */
    public void detach(StatsStorage storage) {
        server.detach(storage);
    }

    /** Lets a RemoteUIStatsStorageRouter of another JVM post records to this server. */
    public void enableRemoteListener() {
        server.enableRemoteListener();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getPort();
    }

    /**
     * @return the address the server listens on (e.g. 127.0.0.1), or null for a server this class
     *         did not start (a DL4J UI server that ran already in this JVM)
     */
    public InetAddress bindAddress() {
        return address;
    }

    /** @return e.g. http://localhost:9000, or http://HOST:9000 for a server bound to one non-loopback address */
    public String baseUrl() {
        String host = "localhost";
        if (address != null && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
            host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        }
        return String.format(Locale.ROOT, "http://%s:%d", host, server.getPort());
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
