package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.laws.DataConstrainedLaw;

/**
 * The data-constrained fitter recovers a known law from runs that repeat data (several U_D, 1 to 40 epochs,
 * models below and above what their unique data can use) and refuses to call a fit converged when no run
 * repeats data, as then R*_D changes no prediction.
 */
class DataConstrainedFitterTest {

    /** E, A, B, α, β, R*_D, R*_N of the synthetic runs: near the published C4 fit, but not it. */
    private static final DataConstrainedLaw TRUTH = new DataConstrainedLaw(1.9, 400, 1200, 0.33, 0.37, 12, 4);
    private static final double[] UNIQUE_TOKENS = {1e8, 4e8, 1.5e9, 6e9};
    private static final double[] EPOCHS = {1, 2, 4, 8, 16, 40};
    private static final double[] PARAMS = {2e7, 1e8, 5e8, 2e9};

    /** Runs of the grid: columns n, d, unique_tokens, loss, the loss times e^(noise·z), z standard normal. */
    private static double[][] runs(double noise, long seed, double[] epochs) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (double u : UNIQUE_TOKENS) {
            for (double epoch : epochs) {
                for (double n : PARAMS) {
                    double d = epoch * u;
                    rows.add(new double[] {n, d, u, TRUTH.loss(n, d, u) * Math.exp(noise * random.nextGaussian())});
                }
            }
        }
        double[][] columns = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 4; c++) {
                columns[c][i] = rows.get(i)[c];
            }
        }
        return columns;
    }

    private static FitResult fit(double[][] runs) {
        return DataConstrainedFitter.create().fit(runs[0], runs[1], runs[2], runs[3]);
    }

    /** Exact data: every parameter back to 1e-4 relative (the LM tolerance, not the data, limits it). */
    @Test
    void recoversTheLawFromExactRuns() {
        FitResult fit = fit(runs(0, 1, EPOCHS));
        assertTrue(fit.converged(), fit.reason());
        double[] expected = TRUTH.values();
        double[] found = fit.law().values();
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], found[j], expected[j] * 1e-4, TRUTH.parameterNames().get(j) + " " + fit.parameters());
        }
        assertEquals("data-constrained", fit.law().name());
    }

    /**
     * 0.5 % log-normal noise (seed 7), 96 runs: E within 2 %, the exponents within 5 %, R*_D and R*_N within
     * 25 % (each decays over a few runs' spacing, so it is the least fixed), and the log RMSE the noise's.
     */
    @Test
    void recoversTheLawFromNoisyRuns() {
        FitResult fit = fit(runs(0.005, 7, EPOCHS));
        assertTrue(fit.converged(), fit.reason());
        assertEquals(TRUTH.e(), fit.parameter("E"), TRUTH.e() * 0.02, fit.parameters().toString());
        assertEquals(TRUTH.alpha(), fit.parameter("alpha"), TRUTH.alpha() * 0.05, fit.parameters().toString());
        assertEquals(TRUTH.beta(), fit.parameter("beta"), TRUTH.beta() * 0.05, fit.parameters().toString());
        assertEquals(TRUTH.rDStar(), fit.parameter("R_D_star"), TRUTH.rDStar() * 0.25, fit.parameters().toString());
        assertEquals(TRUTH.rNStar(), fit.parameter("R_N_star"), TRUTH.rNStar() * 0.25, fit.parameters().toString());
        assertEquals(0.005, fit.rmseLog(), 0.0015, "log RMSE is the injected noise");
    }

    /** Every run sees each token once (D = U_D): R*_D changes no prediction, so the fit is not converged. */
    @Test
    void withoutRepeatedDataRDStarIsNotIdentified() {
        FitResult fit = fit(runs(0, 3, new double[] {1}));
        assertFalse(fit.converged());
        assertTrue(fit.reason().startsWith("not identified: the data do not fix") && fit.reason().contains("R_D_star"),
                fit.reason());
    }

    /** One model size leaves α free: refused before fitting, naming the column. */
    @Test
    void oneModelSizeIsRefused() {
        double[][] runs = runs(0, 4, EPOCHS);
        Arrays.fill(runs[0], 1e8);
        FitResult fit = fit(runs);
        assertFalse(fit.converged());
        assertEquals("needs 2 distinct n, got 1 (all 96 values are 1.0E8): the data do not identify the law's"
                + " parameters", fit.reason());
    }
}
