package org.meanode.ui.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.monitor.MovementStaticInfo;
import org.meanode.monitor.MovementUpdate;

/**
 * The {@link FeatureMovementListener} sessions of the storages attached to the UI server, rendered
 * as the JSON the Mean ODE page polls. Thread-safe: storages are attached from the server's
 * thread while requests read them.
 */
final class MovementSessions {
    private final List<StatsStorage> storages = new CopyOnWriteArrayList<>();

    void attach(StatsStorage s) {
        if (!storages.contains(s)) {
            storages.add(s);
        }
    }

    void detach(StatsStorage s) {
        storages.remove(s);
    }

    /** A session of the monitor in one storage. */
    private record Found(StatsStorage storage, String sessionId, List<String> workers) {
    }

    private List<Found> all() {
        List<Found> out = new ArrayList<>();
        for (StatsStorage s : storages) {
            if (s.isClosed()) {
                continue;
            }
            for (String id : s.listSessionIDs()) {
                List<String> types = s.listTypeIDsForSession(id);
                if (types != null && types.contains(FeatureMovementListener.TYPE_ID)) {
                    List<String> w = new ArrayList<>(s.listWorkerIDsForSessionAndType(id, FeatureMovementListener.TYPE_ID));
                    w.sort(Comparator.naturalOrder());
                    if (!w.isEmpty()) {
                        out.add(new Found(s, id, w));
                    }
                }
            }
        }
        return out;
    }

    private Found find(String sessionId) {
        for (Found f : all()) {
            if (f.sessionId().equals(sessionId)) {
                return f;
            }
        }
        throw new NoSuchElementException("no Mean ODE session '" + sessionId + "' in the " + storages.size()
                + " attached storage(s); sessions with FeatureMovementListener records: " + sessionIds());
    }

    List<String> sessionIds() {
        return all().stream().map(Found::sessionId).toList();
    }

    /**
     * @param multiSession  whether the UI server runs in multi-session mode (URLs /train/{session}/...)
     * @param refreshMillis the page's polling interval
     * @return {multiSession, refreshMillis, storages, sessions: [{id, workers, records, startTime, lastUpdate, L, M, D, alpha, regime, hasStats}]},
     *         most recent session first
     */
    String sessionsJson(boolean multiSession, long refreshMillis) {
        record Row(Found f, MovementStaticInfo info, long last, int records) {
        }
        List<Row> rows = new ArrayList<>();
        for (Found f : all()) {
            String w = f.workers().get(0);
            Persistable p = f.storage().getStaticInfo(f.sessionId(), FeatureMovementListener.TYPE_ID, w);
            Persistable latest = f.storage().getLatestUpdate(f.sessionId(), FeatureMovementListener.TYPE_ID, w);
            int n = f.storage().getNumUpdateRecordsFor(f.sessionId(), FeatureMovementListener.TYPE_ID, w);
            rows.add(new Row(f, p instanceof MovementStaticInfo i ? i : null, latest == null ? 0 : latest.getTimeStamp(), n));
        }
        rows.sort(Comparator.comparingLong((Row r) -> r.info() == null ? 0 : r.info().getTimeStamp()).reversed());
        Json j = new Json().beginObject()
                .key("multiSession").value(multiSession)
                .key("refreshMillis").value(refreshMillis)
                .key("storages").value(storages.size())
                .key("sessions").beginArray();
        for (Row r : rows) {
            j.beginObject().key("id").value(r.f().sessionId())
                    .key("workers").values(r.f().workers().toArray(new String[0]))
                    .key("records").value(r.records())
                    .key("lastUpdate").value(r.last())
                    .key("hasStats").value(r.f().storage().listTypeIDsForSession(r.f().sessionId())
                            .contains(BaseStatsListener.TYPE_ID));
            if (r.info() != null) {
                j.key("startTime").value(r.info().getTimeStamp())
                        .key("kind").value(r.info().getKind())
                        .key("depth").value(r.info().getDepth())
                        .key("width").value(r.info().getWidth())
                        .key("embeddingDim").value(r.info().getEmbeddingDim())
                        .key("alpha").value(r.info().getAlpha())
                        .key("regime").value(r.info().getRegime());
            }
            j.endObject();
        }
        return j.endArray().endObject().toString();
    }

    /**
     * @param sessionId a session with FeatureMovementListener records
     * @param workerId  its worker, or null for the first (sorted) worker
     * @param since     only updates with a later time stamp
     * @return {session, worker, workers, info: {...}, updates: [{t, iteration, epoch, loss, u, v, h, ms}], last}
     * @throws NoSuchElementException for an unknown session or worker
     * @throws IllegalStateException  when the records are not the monitor's
     */
    String sessionJson(String sessionId, String workerId, long since) {
        Found f = find(sessionId);
        String w = workerId == null || workerId.isEmpty() ? f.workers().get(0) : workerId;
        if (!f.workers().contains(w)) {
            throw new NoSuchElementException("session '" + sessionId + "' has no worker '" + w + "'; workers: " + f.workers());
        }
        Persistable p = f.storage().getStaticInfo(sessionId, FeatureMovementListener.TYPE_ID, w);
        if (!(p instanceof MovementStaticInfo info)) {
            throw new IllegalStateException("session '" + sessionId + "', worker '" + w + "': the static record is "
                    + (p == null ? "missing" : p.getClass().getName()) + ", not a MovementStaticInfo; was it written by"
                    + " FeatureMovementListener (which writes it before its first update)?");
        }
        List<Persistable> ups = new ArrayList<>(f.storage().getAllUpdatesAfter(sessionId, FeatureMovementListener.TYPE_ID, w, since));
        ups.sort(Comparator.comparingLong(Persistable::getTimeStamp));
        Json j = new Json().beginObject()
                .key("session").value(sessionId)
                .key("worker").value(w)
                .key("workers").values(f.workers().toArray(new String[0]))
                .key("hasStats").value(f.storage().listTypeIDsForSession(sessionId).contains(BaseStatsListener.TYPE_ID))
                .key("info");
        info(j, info);
        long last = since;
        j.key("updates").beginArray();
        for (Persistable q : ups) {
            if (!(q instanceof MovementUpdate u)) {
                throw new IllegalStateException("session '" + sessionId + "': an update record is " + q.getClass().getName()
                        + ", not a MovementUpdate");
            }
            j.beginObject().key("t").value(u.getTimeStamp())
                    .key("iteration").value(u.getIteration())
                    .key("epoch").value((long) u.getEpoch())
                    .key("loss").value(u.getLoss())
                    .key("u").values(u.getUMovement())
                    .key("v").values(u.getVMovement())
                    .key("h").values(u.getHiddenMovement())
                    .key("ms").value(u.getListenerMillis())
                    .endObject();
            last = Math.max(last, u.getTimeStamp());
        }
        return j.endArray().key("last").value(last).endObject().toString();
    }

    private static void info(Json j, MovementStaticInfo i) {
        j.beginObject()
                .key("startTime").value(i.getTimeStamp())
                .key("modelClass").value(i.getModelClass())
                .key("kind").value(i.getKind())
                .key("depth").value(i.getDepth())
                .key("width").value(i.getWidth())
                .key("embeddingDim").value(i.getEmbeddingDim())
                .key("alpha").value(i.getAlpha())
                .key("sigmaU").value(i.getSigmaU())
                .key("sigmaV").value(i.getSigmaV())
                .key("activation").value(i.getActivation())
                .key("regime").value(i.getRegime())
                .key("predictedDistance").value(i.getPredictedDistance())
                .key("predictionNote").value(i.getPredictionNote())
                .key("frequency").value(i.getFrequency())
                .key("probeSize").value(i.getProbeSize())
                .key("baselineIteration").value(i.getBaselineIteration())
                .key("dataType").value(i.getDataType())
                .key("layers").values(i.getLayers())
                .key("unitDepths").values(i.getUnitDepths())
                .key("stateDepths").values(i.getStateDepths())
                .endObject();
    }
}
