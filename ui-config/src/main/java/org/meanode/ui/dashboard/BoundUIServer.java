package org.meanode.ui.dashboard;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import org.deeplearning4j.ui.VertxUIServer;

/**
 * DL4J's UI server listening on one chosen address. DL4J 1.0.0-M2.1 calls
 * {@code vertx.createHttpServer().listen(port, handler)}, which Vert.x 3.9 binds to 0.0.0.0 (every
 * network interface); this subclass hands DL4J a Vert.x whose HTTP server listens on
 * {@code host:port} instead. Everything else (modules, routes, storage, stop) is DL4J's own.
 */
final class BoundUIServer extends VertxUIServer {
    private final String host;
    private final int port;

    /** Vert.x deploys the instance handed to it; a no-arg constructor is not needed. */
    BoundUIServer(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(proxy(vertx, Vertx.class, (target, m, args) -> {
            Object r = m.invoke(target, args);
            return m.getName().equals("createHttpServer") && r instanceof HttpServer s ? bound(s) : r;
        }), context);
    }

    /** @return the server, its listen(port, handler) redirected to host:port */
    private HttpServer bound(HttpServer server) {
        return proxy(server, HttpServer.class, (target, m, args) -> {
            if (m.getName().equals("listen") && args != null && args.length == 2 && args[0] instanceof Integer
                    && args[1] instanceof Handler<?>) {
                return ((HttpServer) target).listen(port, host, cast(args[1]));
            }
            return m.invoke(target, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private interface Call {
        Object invoke(Object target, Method m, Object[] args) throws Exception;
    }

    /** @return a proxy of every interface of target (so that casts to Vert.x's internal interfaces hold) */
    private static <T> T proxy(T target, Class<T> type, Call call) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        interfaces.add(type);
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            collect(c, interfaces);
        }
        InvocationHandler h = (p, m, args) -> {
            try {
                Object r = call.invoke(target, m, args);
                return r == target ? p : r; // fluent calls (requestHandler(...).listen(...)) stay on the proxy
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(BoundUIServer.class.getClassLoader(), interfaces.toArray(new Class<?>[0]), h));
    }

    private static void collect(Class<?> c, Set<Class<?>> out) {
        for (Class<?> i : c.getInterfaces()) {
            if (java.lang.reflect.Modifier.isPublic(i.getModifiers()) && out.add(i)) {
                collect(i, out);
            }
        }
    }
}
