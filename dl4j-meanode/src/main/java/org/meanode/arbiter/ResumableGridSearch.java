package org.meanode.arbiter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;

/**
 * An Arbiter grid search that survives interruption: every candidate's outcome is written to a
 * record directory ({@link SearchResultStore}) as soon as it finishes, diverging or failing
 * candidates included (never fatal, see {@link MeanOdeTaskCreator}), and running the same search
 * on the same directory again trains only the candidates without a record. Arbiter's sequential
 * grid generator makes the candidates the same on every run.
 *
 * <pre>{@code
 * MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(64).nOut(10).embeddingDim(32)
 *         .depth(4).width(4).learningRate(0.25, 32)                 // η on a log grid
 *         .output(new ActivationSoftmax(), new LossMCXENT()).numEpochs(10).seed(1).build();
 * ResumableGridSearch.Summary s = ResumableGridSearch.run(space, 8, provider,
 *         new TestSetLossScoreFunction(true), dir.resolve("records"), Map.of(), r -> log(r));
 * double eta = ((Number) s.best().orElseThrow().hyperparameters().get("eta")).doubleValue();
 * }</pre>
 */
public final class ResumableGridSearch {
    private ResumableGridSearch() {
    }

    /**
     * @param records          every record of the search, in index order
     * @param best             the complete candidate of best score (lowest when the score function
     *                         minimises, else highest); empty if every candidate failed
     * @param candidateSeconds training-and-scoring time summed over all records (the search's
     *                         compute, earlier interrupted runs included)
     * @param resumed          candidates answered from records written by an earlier run
     * @param failed           candidates that failed or diverged
     */
    public record Summary(List<CandidateRecord> records, Optional<CandidateRecord> best, double candidateSeconds,
                          int resumed, int failed) {
    }

    /**
     * Runs (or resumes) the search.
     *
     * @param space         the search space (with one free leaf, {@code points} candidates; with k
     *                      free leaves, points^k)
     * @param points        grid points per free leaf
     * @param data          training and validation data
     * @param score         Arbiter score function on the validation data
     * @param recordDir     the record directory (created if missing; existing records are reused)
     * @param provenance    entries copied into every new record
     * @param onRecord      called with each newly written record (may be null)
     * @return the summary
     */
    public static Summary run(ParameterSpace<?> space, int points, DataProvider data, ScoreFunction score, Path recordDir,
                              Map<String, String> provenance, Consumer<CandidateRecord> onRecord) {
        if (points < 1) {
            throw new IllegalArgumentException("ResumableGridSearch.points = " + points + " is invalid: it must be ≥ 1");
        }
        List<CandidateRecord> previous = Files.isDirectory(recordDir) ? SearchResultStore.read(recordDir) : List.of();
        SearchResultStore store = new SearchResultStore(recordDir);
        GridSearchCandidateGenerator generator = new GridSearchCandidateGenerator(space, points,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        int total = generator.getTotalNumCandidates();
        MeanOdeTaskCreator tasks = new MeanOdeTaskCreator(r -> {
            store.write(r);
            if (onRecord != null) {
                onRecord.accept(r);
            }
        }, provenance, previous);
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator).dataProvider(data).scoreFunction(score)
                .terminationConditions(new MaxCandidatesCondition(total)).build();
        new LocalOptimizationRunner(1, conf, tasks).execute();
        List<CandidateRecord> records = SearchResultStore.read(recordDir);
        boolean minimise = score.minimize();
        Optional<CandidateRecord> best = records.stream().filter(r -> r.status() == CandidateRecord.Status.COMPLETE)
                .min((a, b) -> minimise ? Double.compare(a.score(), b.score()) : Double.compare(b.score(), a.score()));
        double seconds = records.stream().mapToDouble(r -> (r.endMillis() - r.startMillis()) / 1000.0).sum();
        int failed = (int) records.stream().filter(r -> r.status() == CandidateRecord.Status.FAILED).count();
        return new Summary(records, best, seconds, tasks.resumedCount(), failed);
    }
}
