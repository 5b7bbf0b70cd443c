package org.meanode.arbiter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.GraphConfiguration;
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
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.monitor.DivergenceException;
import org.meanode.monitor.DivergenceGuard;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arbiter task creator for {@link DL4JConfiguration} candidates (those of
 * {@link MeanOdeResNetSpace}, or of a {@code MultiLayerSpace}) and {@link GraphConfiguration}
 * candidates (a {@code ComputationGraphSpace}, or any space of graphs) that keeps a search going
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
 *       {@link CandidateRecord}, from the training thread, before the next candidate starts;</li>
 *   <li>given the records of an interrupted search ({@link SearchResultStore#read}), a candidate
 *       that already has a record with the same index and the same unit values is not trained
 *       again: its recorded outcome is returned, so a deterministic generator (grid search, or a
 *       seeded random search) resumes where the search stopped. A record whose unit values differ
 *       is from another search: the candidate is trained and its record replaced.</li>
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
    private final Map<Integer, CandidateRecord> previous = new HashMap<>();
    private final AtomicInteger resumed = new AtomicInteger();

    /**
     * @param recorder   receives every finished candidate (may be null)
     * @param provenance entries copied into every record (versions, seeds, …)
     */
    public MeanOdeTaskCreator(Consumer<CandidateRecord> recorder, Map<String, String> provenance) {
        this(recorder, provenance, List.of());
    }

    /**
     * @param recorder   receives every newly finished candidate (may be null)
     * @param provenance entries copied into every record (versions, seeds, …)
     * @param previous   records of an interrupted run of the same search, whose candidates are not
     *                   trained again (see the class comment)
     */
    public MeanOdeTaskCreator(Consumer<CandidateRecord> recorder, Map<String, String> provenance,
                              List<CandidateRecord> previous) {
        this.recorder = recorder;
        this.provenance = new LinkedHashMap<>(provenance);
        for (CandidateRecord r : previous) {
            this.previous.put(r.index(), r);
        }
    }

    /** @return how many candidates were answered from previous records instead of trained */
    public int resumedCount() {
        return resumed.get();
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
        CandidateRecord done = previous.get(candidate.getIndex());
        if (done != null && Arrays.equals(done.unitValues(), candidate.getFlatParameters())) {
            return fromRecord(candidate, done, ci, listeners, runner);
        }
        Object conf = null;
        try {
            conf = candidate.getValue();
            Model net;
            Integer numEpochs;
            if (conf instanceof DL4JConfiguration c) {
                if (c.getEarlyStoppingConfiguration() != null) {
                    throw new IllegalArgumentException("early stopping is not supported by MeanOdeTaskCreator; set a fixed"
                            + " number of epochs on the space instead");
                }
                MultiLayerNetwork m = new MultiLayerNetwork(c.getMultiLayerConfiguration());
                m.init();
                net = m;
                numEpochs = c.getNumEpochs();
            } else if (conf instanceof GraphConfiguration c) {
                if (c.getEarlyStoppingConfiguration() != null) {
                    throw new IllegalArgumentException("early stopping is not supported by MeanOdeTaskCreator; set a fixed"
                            + " number of epochs on the space instead");
                }
                ComputationGraph g = new ComputationGraph(c.getConfiguration());
                g.init();
                net = g;
                numEpochs = c.getNumEpochs();
            } else {
                throw new IllegalArgumentException("candidate value " + (conf == null ? "null" : conf.getClass().getName())
                        + " is neither a DL4JConfiguration nor a GraphConfiguration; use a MultiLayerSpace,"
                        + " ComputationGraphSpace or MeanOdeResNetSpace");
            }
            net.addListeners(new DivergenceGuard());
            if (listeners != null && !listeners.isEmpty()) {
                net.addListeners(new DL4JArbiterStatusReportingListener(listeners, ci));
            }
            DataSetIterator train = ScoreUtil.getIterator(data.trainData(candidate.getDataParameters()));
            int epochs = numEpochs == null ? 1 : numEpochs;
            for (int e = 0; e < epochs; e++) {
                if (e > 0 && train.resetSupported()) {
                    train.reset();
                }
                if (net instanceof MultiLayerNetwork m) {
                    m.fit(train);
                } else {
                    ((ComputationGraph) net).fit(train);
                }
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

    private OptimizationResult fromRecord(Candidate candidate, CandidateRecord r, CandidateInfo ci,
                                          List<StatusListener> listeners, IOptimizationRunner runner) {
        resumed.incrementAndGet();
        ci.setEndTime(r.endMillis());
        OptimizationResult result;
        if (r.status() == CandidateRecord.Status.COMPLETE) {
            ci.setCandidateStatus(CandidateStatus.Complete);
            ci.setScore(r.score());
            result = new OptimizationResult(candidate, r.score(), candidate.getIndex(), null, ci, null);
        } else {
            ci.setCandidateStatus(CandidateStatus.Failed);
            ci.setExceptionStackTrace(r.failureReason() + " (from the saved record)");
            result = new OptimizationResult(candidate, null, candidate.getIndex(), null, ci, null);
        }
        if (listeners != null) {
            for (StatusListener sl : listeners) {
                sl.onCandidateStatusChange(ci, runner, result);
            }
        }
        return result;
    }

    private void record(CandidateRecord r) {
        if (recorder != null) {
            recorder.accept(r);
        }
    }

    private static Map<String, Object> hyperparameters(Object conf) {
        return conf instanceof CandidateHyperparameters h ? h.hyperparameters() : ResidualHyperparameters.of(conf);
    }

    private static String json(Object conf) {
        try {
            if (conf instanceof DL4JConfiguration c) {
                return c.getMultiLayerConfiguration().toJson();
            }
            if (conf instanceof GraphConfiguration c) {
                return c.getConfiguration().toJson();
            }
            return null;
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
