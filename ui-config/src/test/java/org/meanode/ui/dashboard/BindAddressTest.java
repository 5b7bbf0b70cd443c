package org.meanode.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.meanode.ui.config.UiDefaults;

/**
 * The dashboard listens on 127.0.0.1 unless told otherwise: a connection to a non-loopback address
 * of this machine is refused, and a server bound to 0.0.0.0 (the control) accepts it.
 */
class BindAddressTest {

    @Test
    void defaultBindIsLoopbackOnly() throws Exception {
        InetAddress external = nonLoopbackAddress();
        int port = TestRuns.freePort();
        UiDefaults d = UiDefaults.load(new Properties());
        assertEquals("127.0.0.1", d.bind());
        try (DashboardServer ui = DashboardServer.start(port, d.bind())) {
            assertEquals(port, ui.port());
            assertTrue(ui.bindAddress().isLoopbackAddress(), "bound to " + ui.bindAddress());
            assertTrue(connects(InetAddress.getLoopbackAddress(), port), "loopback must reach the dashboard");
            assertEquals(200, TestRuns.get(ui.meanOdeUrl()).statusCode());
            assertTrue(!connects(external, port), "the dashboard must not be reachable through " + external);
        }
        int port2 = TestRuns.freePort();
        try (DashboardServer ui = DashboardServer.start(port2)) {
            assertTrue(!connects(external, port2), "start(port) must bind to loopback too");
        }
    }

    @Test
    void explicitWildcardBindIsReachableFromTheNetwork() throws Exception {
        InetAddress external = nonLoopbackAddress();
        int port = TestRuns.freePort();
        try (DashboardServer ui = DashboardServer.start(port, "0.0.0.0")) {
            assertTrue(connects(external, port), "0.0.0.0 must be reachable through " + external);
        }
        int port2 = TestRuns.freePort();
        try (DashboardServer ui = DashboardServer.start(port2, external.getHostAddress())) {
            assertTrue(connects(external, port2), "bound to " + external);
            assertTrue(!connects(InetAddress.getLoopbackAddress(), port2), "bound to " + external + " only");
            assertEquals(200, TestRuns.get(ui.meanOdeUrl()).statusCode(), ui.meanOdeUrl());
        }
    }

    @Test
    void badBindAddressesAreExplained() {
        Properties p = new Properties();
        p.setProperty(UiDefaults.BIND, "192.0.2.254.1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UiDefaults.load(p));
        assertTrue(e.getMessage().contains("meanode.ui.bind") && e.getMessage().contains("127.0.0.1"), e.getMessage());
        p.setProperty(UiDefaults.BIND, "203.0.113.77");
        e = assertThrows(IllegalArgumentException.class, () -> UiDefaults.load(p));
        assertTrue(e.getMessage().contains("not an address of this machine"), e.getMessage());
    }

    /** @return an IPv4 address of this machine that is not loopback (the test needs one) */
    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return a;
                    }
                }
            }
        }
        assumeTrue(false, "this machine has no non-loopback IPv4 address to connect from");
        return null;
    }

    private static boolean connects(InetAddress a, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
