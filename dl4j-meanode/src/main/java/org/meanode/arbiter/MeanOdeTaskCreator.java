package org.meanode.arbiter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.listener.DL4JArbiterStatusReportingListener;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.deeplearning4j.arbiter.scoring.util.ScoreUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.monitor.DivergenceException;
import org.meanode.monitor.DivergenceGuard;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arbiter task creator for {@link DL4JConfiguration} candidates (those of
 * {@link MeanOdeResNetSpace}, or of a {@code MultiLayerSpace}) that keeps a search going
 * whatever a candidate does:
 * <ul>
 *   <li>a candidate whose training loss or parameters become NaN or infinite is stopped at that
 *       iteration by a {@link DivergenceGuard} and recorded as FAILED with the reason "diverged: …"
 *       (naming the iteration and the layer);</li>
 *   <li>a candidate that throws (invalid configuration, out of memory, …) is recorded as FAILED
 *       with the exception's message;</li>
 *   <li>a non-finite score is FAILED too (Arbiter's runner would otherwise take NaN as its best
 *       score, after which no comparison succeeds);</li>
 *   <li>every outcome is passed to a callback (e.g. {@link SearchResultStore#write}) as a
 *       {@link CandidateRecord}, from the training thread, before the next candidate starts.</li>
 * </ul>
 * Otherwise it does what Arbiter's {@code MultiLayerNetworkTaskCreator} does (train
 * {@code numEpochs} epochs, score, save through the runner's ResultSaver, report to status
 * listeners), without its 2-second pause after every candidate. Early-stopping configurations
 * are not supported (rejected as a failure naming the fix). The runner may be null (no result
 * saver: e.g. a candidate trained in a Spark task by {@code org.meanode.spark.SparkSearch}).
 */
public final class MeanOdeTaskCreator implements TaskCreator {
    private final Consumer<CandidateRecord> recorder;
    private final Map<String, String> provenance;

    /**
     * @param recorder   receives every finished candidate (may be null)
     * @param provenance entries copied into every record (versions, seeds, …)
     */
    public MeanOdeTaskCreator(Consumer<CandidateRecord> recorder, Map<String, String> provenance) {
        this.recorder = recorder;
        this.provenance = new LinkedHashMap<>(provenance);
    }

    @Override
    public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        return () -> run(candidate, dataProvider, scoreFunction, statusListeners, runner);
    }

    /** DataSource classes are not supported: pass a DataProvider to the OptimizationConfiguration. */
    @Override
    public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource,
                                               Properties dataSourceProperties, ScoreFunction scoreFunction,
                                               List<StatusListener> statusListeners, IOptimizationRunner runner) {
        throw new UnsupportedOperationException("MeanOdeTaskCreator needs a DataProvider: build the"
                + " OptimizationConfiguration with .dataProvider(...) instead of .dataSource(...)");
    }

    /** Thrown from the training listener when the loss stops being finite. */
    static final class DivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DivergedException(String message) {
            super(message);
        }
    }

    private OptimizationResult run(Candidate candidate, DataProvider data, ScoreFunction scoreFunction,
                                   List<StatusListener> listeners, IOptimizationRunner runner) {
        long start = System.currentTimeMillis();
        CandidateInfo ci = new CandidateInfo(candidate.getIndex(), CandidateStatus.Running, null, start, start, null,
                candidate.getFlatParameters(), null);
        DL4JConfiguration conf = null;
        try {
            conf = (DL4JConfiguration) candidate.getValue();
            if (conf.getEarlyStoppingConfiguration() != null) {
                throw new IllegalArgumentException("early stopping is not supported by MeanOdeTaskCreator; set a fixed"
                        + " number of epochs on the space instead");
            }
            MultiLayerNetwork net = new MultiLayerNetwork(conf.getMultiLayerConfiguration());
            net.init();
            net.addListeners(new DivergenceGuard());
            if (listeners != null && !listeners.isEmpty()) {
                net.addListeners(new DL4JArbiterStatusReportingListener(listeners, ci));
            }
            DataSetIterator train = ScoreUtil.getIterator(data.trainData(candidate.getDataParameters()));
            int epochs = conf.getNumEpochs() == null ? 1 : conf.getNumEpochs();
            for (int e = 0; e < epochs; e++) {
                net.fit(train);
            }
            double score = scoreFunction.score(net, data, candidate.getDataParameters());
            if (!Double.isFinite(score)) {
                throw new DivergedException("diverged: score " + score + " after training (training loss " + net.score() + ")");
            }
            ci.setCandidateStatus(CandidateStatus.Complete);
            ci.setScore(score);
            ci.setEndTime(System.currentTimeMillis());
            OptimizationResult result = new OptimizationResult(candidate, score, candidate.getIndex(), null, ci, null);
            ResultSaver saver = runner == null ? null : runner.getConfiguration().getResultSaver();
            if (saver != null) {
                ResultReference ref = saver.saveModel(result, net);
                result.setResultReference(ref);
            }
            record(new CandidateRecord(candidate.getIndex(), CandidateRecord.Status.COMPLETE, score, null,
                    hyperparameters(conf), candidate.getFlatParameters(), json(conf), start, System.currentTimeMillis(),
                    provenance));
            if (listeners != null) {
                for (StatusListener sl : listeners) {
                    sl.onCandidateStatusChange(ci, runner, result);
                }
            }
            return result;
        } catch (Throwable t) {
            String reason = reason(t);
            String trace = reason + "\n" + stackTrace(t);
            ci.setCandidateStatus(CandidateStatus.Failed);
            ci.setExceptionStackTrace(trace);
            ci.setEndTime(System.currentTimeMillis());
            record(new CandidateRecord(candidate.getIndex(), CandidateRecord.Status.FAILED, null, reason,
                    conf == null ? Map.of() : hyperparameters(conf), candidate.getFlatParameters(),
                    conf == null ? null : json(conf), start, System.currentTimeMillis(), provenance));
            return new OptimizationResult(candidate, null, candidate.getIndex(), null, ci, null);
        } finally {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
    }

    private void record(CandidateRecord r) {
        if (recorder != null) {
            recorder.accept(r);
        }
    }

    private static Map<String, Object> hyperparameters(DL4JConfiguration conf) {
        return conf instanceof MeanOdeConfiguration m ? m.hyperparameters() : Map.of();
    }

    private static String json(DL4JConfiguration conf) {
        try {
            return conf.getMultiLayerConfiguration().toJson();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * @param t a failure
     * @return its first line: the message of a divergence, else "ExceptionClass: message"
     */
    static String reason(Throwable t) {
        Throwable root = t;
        while (!(root instanceof DivergedException || root instanceof DivergenceException) && root.getCause() != null
                && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof DivergedException || root instanceof DivergenceException) {
            return root.getMessage();
        }
        String msg = t.getMessage();
        String first = msg == null ? "" : msg.lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
