package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.laws.KaplanStepsLaw;

/**
 * Learning curves of Kaplan et al. 2020's L(N, S_min) (Table 3 constants) are fitted back to the law: five model
 * sizes 1e6 … 1e9, each curve read at 12 steps from 1e3 to 1e5 S_min (after the warm-up, as §5.2 fits them).
 */
class KaplanStepsFitterTest {

    private static final double[] SIZES = {1e6, 1e7, 3e7, 1e8, 1e9};
    private static final int STEPS_PER_CURVE = 12;

    /** Columns n, s_min, loss of the curves, each loss times exp(noise · a standard normal draw) (seeded). */
    private static double[][] curves(double[] sizes, double noise, long seed) {
        Random random = new Random(seed);
        int count = sizes.length * STEPS_PER_CURVE;
        double[][] columns = new double[3][count];
        for (int i = 0; i < count; i++) {
            double n = sizes[i / STEPS_PER_CURVE];
            double sMin = Math.pow(10, 3 + 2.0 * (i % STEPS_PER_CURVE) / (STEPS_PER_CURVE - 1));
            columns[0][i] = n;
            columns[1][i] = sMin;
            columns[2][i] = KaplanStepsLaw.PAPER.loss(n, sMin) * Math.exp(noise * random.nextGaussian());
        }
        return columns;
    }

    /** Exact points give back Table 3 to 1e-6 relative from the default starts. */
    @Test
    void recoversTable3FromExactCurves() {
        double[][] c = curves(SIZES, 0, 1);
        FitResult fit = KaplanStepsFitter.create().fit(c[0], c[1], c[2]);
        assertTrue(fit.converged(), fit.reason());
        assertEquals("kaplan-steps", fit.law().name());
        KaplanStepsLaw paper = KaplanStepsLaw.PAPER;
        assertEquals(paper.alphaN(), fit.parameter("alpha_N"), paper.alphaN() * 1e-6);
        assertEquals(paper.alphaS(), fit.parameter("alpha_S"), paper.alphaS() * 1e-6);
        assertEquals(paper.nc(), fit.parameter("N_c"), paper.nc() * 1e-6);
        assertEquals(paper.sc(), fit.parameter("S_c"), paper.sc() * 1e-6);
    }

    /**
     * With 1 % log-normal noise the exponents come back within 3 % (α_N; its standard error is 1 %) and 5 %
     * (α_S; 2.5 %), every standard error is finite, the log RMSE is the noise (±0.003), and the loss of a 1e10
     * model at 1e6 steps — a decade beyond the data in both — within 1 %.
     */
    @Test
    void recoversTheExponentsFromNoisyCurves() {
        double[][] c = curves(SIZES, 0.01, 2);
        FitResult fit = KaplanStepsFitter.create().fit(c[0], c[1], c[2]);
        assertTrue(fit.converged(), fit.reason());
        assertEquals(0.077, fit.parameter("alpha_N"), 0.077 * 0.03);
        assertEquals(0.76, fit.parameter("alpha_S"), 0.76 * 0.05);
        fit.standardErrors().forEach((name, error) -> assertTrue(Double.isFinite(error), name + ": " + error));
        assertEquals(0.01, fit.rmseLog(), 0.003);
        double expected = KaplanStepsLaw.PAPER.loss(1e10, 1e6);
        assertEquals(expected, ((KaplanStepsLaw) fit.law()).loss(1e10, 1e6), expected * 0.01);
    }

    /** One model size leaves N_c and α_N free (only their one term (N_c/N)^α_N is seen): not converged, with a reason. */
    @Test
    void oneModelSizeDoesNotIdentifyTheLaw() {
        double[][] c = curves(new double[] {1e8}, 0, 3);
        FitResult fit = KaplanStepsFitter.create().fit(c[0], c[1], c[2]);
        assertFalse(fit.converged());
        assertEquals("needs 2 distinct n, got 1 (all 12 values are 1.0E8): the data do not identify the law's"
                + " parameters", fit.reason());
    }

    /** A start at a fitted law's parameters is one start, and it ends where the fit did. */
    @Test
    void startingAtAFitRefitsToTheSameLaw() {
        double[][] c = curves(SIZES, 0.01, 4);
        FitResult fit = KaplanStepsFitter.create().fit(c[0], c[1], c[2]);
        FitResult refit = KaplanStepsFitter.create().startingAt(fit).fit(c[0], c[1], c[2]);
        assertTrue(refit.converged(), refit.reason());
        fit.parameters().forEach((name, value) ->
                assertEquals(value, refit.parameter(name), Math.abs(value) * 1e-6, name));
    }
}
