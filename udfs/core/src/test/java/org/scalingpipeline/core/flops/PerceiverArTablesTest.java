package org.scalingpipeline.core.flops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scalingpipeline.core.GoldenTable;

/** Perceiver AR parameter counts, FLOPs and iso-compute steps against the perceiver-io scaling article. */
class PerceiverArTablesTest {

    private static final int NUM_LATENTS = 512;
    private static final long BATCH = 80;
    private static final double PREFIX_DROPOUT = 0.5;

    static Stream<Map<String, String>> articleRows() {
        return GoldenTable.load("perceiver_ar_tables.csv").rows().stream();
    }

    @ParameterizedTest(name = "Table {0}")
    @MethodSource("articleRows")
    void reproducesArticleTables(Map<String, String> row) {
        int vocab = Integer.parseInt(row.get("vocab"));
        int seqLen = Integer.parseInt(row.get("max_seq_len"));
        PerceiverArConfig model = new PerceiverArConfig(Integer.parseInt(row.get("d")),
                Integer.parseInt(row.get("layers")), vocab, seqLen, NUM_LATENTS, PREFIX_DROPOUT);
        PerceiverArConfig referenceModel = new PerceiverArConfig(512, 9, vocab, seqLen, NUM_LATENTS, PREFIX_DROPOUT);
        TrainingRun reference = new TrainingRun(referenceModel, BATCH, Long.parseLong(row.get("ref_steps")));
        TrainingRun run = TrainingRun.isoCompute(reference, model);
        String where = "article Table " + row.get("table") + ", model (" + row.get("d") + ", " + row.get("layers") + ") ";

        if (!row.get("num_steps").isEmpty()) {
            assertEquals(Long.parseLong(row.get("num_steps")), run.steps(), where + "num_steps (exact)");
        }
        Map<String, Function<TrainingRun, Double>> quantities = Map.of(
                "N", r -> (double) r.model().params(),
                "N_cross", r -> (double) r.model().crossAttentionParams(),
                "N_self", r -> (double) r.model().selfAttentionParams(),
                "C", r -> r.compute().doubleValue(),
                "C_cross", r -> r.crossAttentionCompute().doubleValue(),
                "C_self", r -> r.selfAttentionCompute().doubleValue(),
                "C_self_hat", r -> r.approximateSelfAttentionCompute().doubleValue());
        quantities.forEach((column, quantity) -> {
            String printed = row.get(column);
            if (!printed.isEmpty()) {
                assertEquals(Double.parseDouble(printed), quantity.apply(run), GoldenTable.halfUlpOfPrinted(printed),
                        where + column + " (printed " + printed + ")");
            }
        });
    }

    @Test
    void exactCountsOfTheIssueExample() {
        // Article §"Model parameters and FLOPs": (d 512, L 9, V 32,000, S 2048, n 512).
        PerceiverArConfig model = new PerceiverArConfig(512, 9, 32_000, 2048, 512, 0.5);
        assertEquals(45_796_096L, model.params());
        assertEquals(45_009_664L, model.selfAttentionParams());
        assertEquals(282_335_232L, model.selfAttentionFlopsPerLatentToken());
        assertEquals(7_096_320L, model.crossAttentionFlopsPerLatentToken());
    }

    @Test
    void crossAttentionShareAndSixNApproximation() {
        // Article Table 1 discussion: cross-attention is 2.45 % of compute, C_self / 6·N_self = 1.05
        // (printed to 3 significant figures; tolerance half a unit in the last digit).
        PerceiverArConfig model = new PerceiverArConfig(512, 9, 32_000, 2048, 512, 0.5);
        double share = (double) model.crossAttentionFlopsPerLatentToken() / model.flopsPerLatentToken();
        assertEquals(0.0245, share, 0.00005);
        assertEquals(1.05, (double) model.selfAttentionFlopsPerLatentToken() / (6.0 * model.selfAttentionParams()),
                0.005);
    }

    @Test
    void referenceRunLandsExactlyOnItsOwnStepCount() {
        // A ceiling of a double ratio can overshoot by one; the integer ratio must give 50000 and 26144 back.
        for (long steps : new long[] {50_000, 26_144}) {
            PerceiverArConfig model = new PerceiverArConfig(512, 9, 32_000, 2048, 512, 0.5);
            TrainingRun reference = new TrainingRun(model, 80, steps);
            assertEquals(steps, TrainingRun.isoCompute(reference, model).steps());
            assertEquals(BigInteger.valueOf(80L * 512 * steps), reference.tokens());
        }
    }
}
