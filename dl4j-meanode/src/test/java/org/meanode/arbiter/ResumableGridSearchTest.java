package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.regression.RegressionEvaluation;

/**
 * {@link ResumableGridSearch}: a diverging candidate (η = 1e12) is recorded as failed and the
 * search goes on; after a record is lost (a run killed before that candidate finished), running the
 * same search on the same directory trains that candidate only and answers the others from their
 * records, with the same scores; the summary's best is the lowest score and its compute the sum of
 * the records' times.
 */
class ResumableGridSearchTest {

    private static MeanOdeResNetSpace space() {
        return MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4).depth(2).width(2)
                .learningRate(new DiscreteParameterSpace<>(0.1, 0.5, 1e12)).numEpochs(5).seed(1).build();
    }

    @Test
    void divergingCandidatesAreRecordedAndAnInterruptedSearchResumes(@TempDir Path dir) throws Exception {
        Path records = dir.resolve("records");
        List<CandidateRecord> fresh = new ArrayList<>();
        ResumableGridSearch.Summary first = ResumableGridSearch.run(space(), 3, ArbiterSearchTest.data(),
                new RegressionScoreFunction(RegressionEvaluation.Metric.MSE), records, Map.of("test", "resume"), fresh::add);
        assertEquals(3, first.records().size());
        assertEquals(3, fresh.size());
        assertEquals(0, first.resumed());
        assertEquals(1, first.failed());
        CandidateRecord diverged = first.records().stream().filter(r -> r.status() == CandidateRecord.Status.FAILED)
                .findFirst().orElseThrow();
        assertEquals(1e12, ((Number) diverged.hyperparameters().get("eta")).doubleValue());
        assertTrue(diverged.failureReason().startsWith("diverged"), diverged.failureReason());
        CandidateRecord best = first.best().orElseThrow();
        for (CandidateRecord r : first.records()) {
            if (r.status() == CandidateRecord.Status.COMPLETE) {
                assertTrue(best.score() <= r.score());
            }
        }
        double seconds = first.records().stream().mapToDouble(r -> (r.endMillis() - r.startMillis()) / 1000.0).sum();
        assertEquals(seconds, first.candidateSeconds(), 1e-9);

        // Lose the record of the best candidate, as if the run had been killed while training it.
        Files.delete(records.resolve("candidate-" + best.index() + ".json"));
        List<CandidateRecord> retrained = new ArrayList<>();
        ResumableGridSearch.Summary second = ResumableGridSearch.run(space(), 3, ArbiterSearchTest.data(),
                new RegressionScoreFunction(RegressionEvaluation.Metric.MSE), records, Map.of("test", "resume"),
                retrained::add);
        assertEquals(2, second.resumed(), "two candidates answered from their records");
        assertEquals(1, retrained.size(), "only the lost candidate is trained again");
        assertEquals(best.index(), retrained.get(0).index());
        assertEquals(best.score(), retrained.get(0).score(), 1e-6 * best.score(), "same seed, same data: same score");
        assertEquals(3, second.records().size());
        assertEquals(best.index(), second.best().orElseThrow().index());
        assertEquals(1, second.failed());
    }
}
