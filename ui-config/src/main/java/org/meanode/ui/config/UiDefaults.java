package org.meanode.ui.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Defaults of the dashboard integration (port, bind address, storage file, refresh interval), read from
 * {@code org/meanode/ui/config/meanode-ui.properties} on the classpath. A JVM system property
 * of the same name overrides each value.
 *
 * <pre>{@code
 * UiDefaults d = UiDefaults.load();          // or UiDefaults.load(System.getProperties())
 * int port = d.port();                        // 9000 unless -Dmeanode.ui.port=...
 * }</pre>
 */
public final class UiDefaults {
    /** Key of the UI server port. */
    public static final String PORT = "meanode.ui.port";
    /** Key of the stats storage file. */
    public static final String STORAGE_FILE = "meanode.ui.storageFile";
    /** Key of the address the UI server listens on. */
    public static final String BIND = "meanode.ui.bind";
    /** The default bind address: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";
    /** Key of the page refresh interval in milliseconds. */
    public static final String REFRESH_MILLIS = "meanode.ui.refreshMillis";
    /** The smallest refresh interval accepted, in ms. */
    public static final long MIN_REFRESH_MILLIS = 100;
    /** The largest refresh interval accepted, in ms (an hour). */
    public static final long MAX_REFRESH_MILLIS = 3_600_000;

    private static final String RESOURCE = "meanode-ui.properties";

    private final int port;
    private final Path storageFile;
    private final long refreshMillis;
    private final String bind;

    private UiDefaults(int port, String bind, Path storageFile, long refreshMillis) {
        this.port = port;
        this.bind = bind;
        this.storageFile = storageFile;
        this.refreshMillis = refreshMillis;
    }

    /** @return the defaults, overridden by {@link System#getProperties()} */
    public static UiDefaults load() {
        return load(System.getProperties());
    }

    /**
     * @param overrides values that win over the bundled defaults (e.g. system properties)
     * @return the validated defaults
     * @throws IllegalArgumentException naming the key, the value and the fix, for a bad value
     */
    public static UiDefaults load(Properties overrides) {
        Properties p = new Properties();
        try (InputStream in = UiDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource org/meanode/ui/config/" + RESOURCE
                        + " on the classpath: the dl4j-meanode-ui-config jar is incomplete");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        for (String k : new String[] {PORT, BIND, STORAGE_FILE, REFRESH_MILLIS}) {
            String v = overrides.getProperty(k);
            if (v != null) {
                p.setProperty(k, v);
            }
        }
        long port = parseLong(p, PORT, 1, 65535);
        long refresh = parseLong(p, REFRESH_MILLIS, MIN_REFRESH_MILLIS, MAX_REFRESH_MILLIS);
        String file = p.getProperty(STORAGE_FILE, "").trim();
        if (file.isEmpty()) {
            throw new IllegalArgumentException(STORAGE_FILE + " is empty; set it to a file path, e.g. -D" + STORAGE_FILE
                    + "=meanode-output/ui-stats.dl4j");
        }
        String bind = p.getProperty(BIND, LOOPBACK).trim();
        parseBind(bind, "-D" + BIND);
        return new UiDefaults((int) port, bind, Path.of(file), refresh);
    }

    /**
     * @param bind   an address of this machine: an IP literal, {@code localhost}, or 0.0.0.0 / :: for every interface
     * @param source where the value came from, for the message (e.g. --bind)
     * @return the address
     * @throws IllegalArgumentException naming the value and the fix when it is not an address of this machine
     */
    public static InetAddress parseBind(String bind, String source) {
        String fix = "; pass 127.0.0.1 (this machine only, the default), 0.0.0.0 (every interface) or an address of"
                + " one of this machine's interfaces";
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException(source + " is empty" + fix);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(bind.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(source + " = '" + bind + "' is not a known address" + fix, e);
        }
        try {
            if (!a.isAnyLocalAddress() && !a.isLoopbackAddress() && NetworkInterface.getByInetAddress(a) == null) {
                throw new IllegalArgumentException(source + " = '" + bind + "' is not an address of this machine" + fix);
            }
        } catch (SocketException e) {
            throw new IllegalArgumentException(source + " = '" + bind + "': cannot list the network interfaces (" + e.getMessage()
                    + ")" + fix, e);
        }
        return a;
    }

    private static long parseLong(Properties p, String key, long min, long max) {
        String raw = p.getProperty(key, "").trim();
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + raw + "' is not an integer; set -D" + key + "=<integer in ["
                    + min + ", " + max + "]>", e);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " = " + v + " is out of range; set -D" + key + "=<integer in ["
                    + min + ", " + max + "]>");
        }
        return v;
    }

    /** @return the UI server port (default 9000) */
    public int port() {
        return port;
    }

    /** @return the address the UI server listens on (default 127.0.0.1: this machine only) */
    public String bind() {
        return bind;
    }

    /** @return the stats storage file (default meanode-output/ui-stats.dl4j) */
    public Path storageFile() {
        return storageFile;
    }

    /** @return the page refresh interval in ms (default 2000) */
    public long refreshMillis() {
        return refreshMillis;
    }

    @Override
    public String toString() {
        return "UiDefaults(port=" + port + ", bind=" + bind + ", storageFile=" + storageFile + ", refreshMillis=" + refreshMillis + ")";
    }
}
