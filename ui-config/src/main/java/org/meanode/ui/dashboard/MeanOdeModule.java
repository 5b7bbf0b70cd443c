package org.meanode.ui.dashboard;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageEvent;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.api.HttpMethod;
import org.deeplearning4j.ui.api.Route;
import org.deeplearning4j.ui.api.UIModule;
import org.deeplearning4j.ui.i18n.I18NResource;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.ui.config.UiDefaults;

/**
 * The "Mean ODE" page of the DL4J training UI: loss, per-block parameter movement, hidden-state
 * movement and the run's parameters, from the records of {@link FeatureMovementListener} in the
 * storages attached to the server. Loaded by the UI server through ServiceLoader
 * ({@code META-INF/services/org.deeplearning4j.ui.api.UIModule}); nothing to register by hand.
 *
 * <p>Routes:
 * <ul>
 *   <li>{@code /train/meanode} (single-session server) and {@code /train/{session}/meanode}
 *       (multi-session server): the page, linked from the sidebar of DL4J's Overview, Model
 *       and System pages; {@code /meanode} serves it in both modes;</li>
 *   <li>{@code /meanode/api/sessions}: the sessions with movement records (JSON);</li>
 *   <li>{@code /meanode/api/session/{session}?since=ms&worker=id}: a session's description and
 *       its updates after {@code since} (JSON).</li>
 * </ul>
 * The page's scripts and styles are served by DL4J's {@code /assets/} route from this jar
 * ({@code deeplearning4jUiAssets/meanode/}); nothing is loaded from outside the server. The
 * page polls every {@link UiDefaults#refreshMillis()} ms ({@code ?refresh=ms} overrides).
 *
 * <p>Sidebar link: DL4J's pages hard-code their sidebar in FreeMarker templates, without an
 * extension point. This module extends it through the one value it renders unescaped there,
 * the label {@code train.nav.system}: its resources {@code dl4j_i18n/meanode.nav.*} redefine
 * that label as "System" followed by a "Mean ODE" item. The service file lists DL4J's
 * TrainModule before this module so that, whatever the classpath order, these resources load
 * after TrainModule's (ServiceLoader ignores a provider's second listing).
 */
public class MeanOdeModule implements UIModule {
    /** Path of the page's template on the classpath. */
    static final String PAGE = "org/meanode/ui/dashboard/meanode.html";
    private static final String[] LANGUAGES = {"en", "de", "ja", "zh", "ko", "ru"};

    private final MovementSessions sessions = new MovementSessions();
    private volatile String template;

    /** Called by ServiceLoader; cheap (the server may instantiate modules more than once). */
    public MeanOdeModule() {
    }

    @Override
    public List<String> getCallbackTypeIDs() {
        return List.of(FeatureMovementListener.TYPE_ID);
    }

    @Override
    public List<Route> getRoutes() {
        return List.of(
                new Route("/meanode", HttpMethod.GET, (args, rc) -> page(null, rc)),
                new Route("/train/meanode", HttpMethod.GET, (args, rc) -> page(null, rc)),
                new Route("/train/:sessionId/meanode", HttpMethod.GET, (args, rc) -> page(args.get(0), rc)),
                new Route("/meanode/api/sessions", HttpMethod.GET, (args, rc) -> sessionsJson(rc)),
                new Route("/meanode/api/session/:sessionId", HttpMethod.GET, (args, rc) -> sessionJson(args.get(0), rc)));
    }

    @Override
    public void reportStorageEvents(Collection<StatsStorageEvent> events) {
        // The page polls the storages directly; nothing to cache.
    }

    @Override
    public void onAttach(StatsStorage statsStorage) {
        sessions.attach(statsStorage);
    }

    @Override
    public void onDetach(StatsStorage statsStorage) {
        sessions.detach(statsStorage);
    }

    @Override
    public List<I18NResource> getInternationalizationResources() {
        return java.util.Arrays.stream(LANGUAGES).map(l -> new I18NResource("dl4j_i18n/meanode.nav." + l)).toList();
    }

    private static boolean multiSession() {
        return VertxUIServer.getMultiSession() != null && VertxUIServer.getMultiSession().get();
    }

    private static long refreshMillis(RoutingContext rc) {
        String q = rc.request().getParam("refresh");
        if (q == null) {
            return UiDefaults.load().refreshMillis();
        }
        long v;
        try {
            v = Long.parseLong(q.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("refresh = '" + q + "' is not an integer; use ?refresh=<ms ≥ 100>", e);
        }
        if (v < UiDefaults.MIN_REFRESH_MILLIS || v > UiDefaults.MAX_REFRESH_MILLIS) {
            throw new IllegalArgumentException("refresh = " + v + " ms is out of range; use ?refresh=<ms in [100, 3600000]>");
        }
        return v;
    }

    private void page(String sessionId, RoutingContext rc) {
        try {
            String session = sessionId != null ? sessionId : rc.request().getParam("session");
            String html = template().replace("@@CONFIG@@", new Json().beginObject()
                    .key("session").value(session)
                    .key("multiSession").value(multiSession())
                    .key("refreshMillis").value(refreshMillis(rc))
                    .endObject().toString());
            rc.response().putHeader("content-type", "text/html; charset=utf-8").end(html);
        } catch (RuntimeException e) {
            rc.response().setStatusCode(e instanceof IllegalArgumentException ? 400 : 500)
                    .putHeader("content-type", "text/plain; charset=utf-8")
                    .end("Mean ODE page: " + e.getMessage());
        }
    }

    private void sessionsJson(RoutingContext rc) {
        try {
            json(rc, 200, sessions.sessionsJson(multiSession(), refreshMillis(rc)));
        } catch (RuntimeException e) {
            error(rc, e);
        }
    }

    private void sessionJson(String sessionId, RoutingContext rc) {
        try {
            String since = rc.request().getParam("since");
            long t;
            try {
                t = since == null ? 0 : Long.parseLong(since);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("since = '" + since + "' is not a time stamp; use ?since=<ms since the epoch>", e);
            }
            json(rc, 200, sessions.sessionJson(sessionId, rc.request().getParam("worker"), t));
        } catch (RuntimeException e) {
            error(rc, e);
        }
    }

    private static void error(RoutingContext rc, RuntimeException e) {
        int status = e instanceof NoSuchElementException ? 404 : e instanceof IllegalArgumentException ? 400 : 500;
        String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        json(rc, status, new Json().beginObject().key("error").value(msg).endObject().toString());
    }

    private static void json(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store").end(body);
    }

    private String template() {
        String t = template;
        if (t == null) {
            try (InputStream in = MeanOdeModule.class.getClassLoader().getResourceAsStream(PAGE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + PAGE + ": the dl4j-meanode-ui-config jar is incomplete");
                }
                t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + PAGE, e);
            }
            template = t;
        }
        return t;
    }
}
