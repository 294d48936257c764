package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.laws.RevisitingM2Law;
import org.scalingpipeline.core.laws.RevisitingM3Law;
import org.scalingpipeline.core.laws.RevisitingM4Law;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * The four estimators of Alabdulmohsin, Neyshabur &amp; Zhai 2022, "Revisiting Neural Scaling Laws in Language and
 * Vision": golden fits on the paper's published benchmark, recovery of known parameters, and degenerate data.
 *
 * <p>Golden data: {@code revisiting_neural_scaling_laws/data/benchmark.lang.csv} of google-research/google-research
 * (commit 9853680c), domain NMT, task log_perplexity, model "6 Enc, 6 Dec": the ten rows with Training = 1 and the
 * held-out row (Training = 0) at 5.12e8 examples. The paper prints no fitted constants for this curve, and the
 * published notebook carries no outputs, so the reference numbers are those of the published estimators
 * ({@code methods/m1.py} … {@code m4.py}, called as the notebook's NMT cell calls them, M4 with
 * {@code err_0=1.0, update_err_0=True}), run outside this project with sklearn's {@code LinearRegression} read as
 * numpy's least squares (non-negative least squares for M4's {@code positive=True}). Their code writes M3's
 * exponent with the opposite sign; it is shown here in the paper's sign (c &lt; 0).
 */
class RevisitingFittersTest {

    private static final double[] NMT_X = {5e5, 1e6, 2e6, 4e6, 8e6, 16e6, 32e6, 64e6, 128e6, 256e6};
    private static final double[] NMT_Y = {0.9311752923076924, 0.7439282076923077, 0.6362391538461539,
            0.5567884999999999, 0.4820073461538462, 0.40960946153846156, 0.3737405153846154, 0.3531731307692308,
            0.34907098076923077, 0.3402780576923077};
    private static final double NMT_HELD_OUT_X = 512e6;
    private static final double NMT_HELD_OUT_Y = 0.3401562576923077;

    /** |ln ε̂ − ln ε| at the held-out point: the paper's extrapolation loss for one point. */
    private static double extrapolationLoss(CurveFitter fitter, ScalingLaw law) {
        double predicted = fitter.predict(law, Observations.of("x", new double[] {NMT_HELD_OUT_X}))[0];
        return Math.abs(Math.log(predicted) - Math.log(NMT_HELD_OUT_Y));
    }

    private static double logSumOfSquares(DoubleUnaryOperator law, double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double r = Math.log(y[i]) - Math.log(law.applyAsDouble(x[i]));
            sum += r * r;
        }
        return sum;
    }

    /**
     * M1 is the power law ({@code revisiting-m1} is {@code power-law}'s model and fitter, β = k, c = m), the line of
     * ln ε on ln x in both: the published code gives β 6.89933, c −0.163143 (to 1e-5).
     */
    @Test
    void m1OnTheNmtCurveIsThePublishedCodesFit() {
        FitResult fit = Laws.ALL.law("revisiting-m1").newFitter().fit(Observations.of("x", NMT_X, "y", NMT_Y));
        assertTrue(fit.converged(), fit.reason());
        assertEquals(6.89933, fit.parameter("k"), 6.89933 * 1e-5);
        assertEquals(-0.163143, fit.parameter("m"), 0.163143 * 1e-5);
    }

    /**
     * M2: the published code (β 475.893, c −0.504631, ε_∞ 0.30816, held-out prediction 0.327326) minimises the log of
     * the excess error, this fitter the log of the error, so the two agree only roughly: ε_∞ within 5 %, the
     * held-out prediction within 3 %.
     */
    @Test
    void m2OnTheNmtCurveIsNearThePublishedCodesFit() {
        RevisitingM2Fitter fitter = RevisitingM2Fitter.create();
        FitResult fit = fitter.fit(NMT_X, NMT_Y);
        assertTrue(fit.converged(), fit.reason());
        assertEquals(0.30816, fit.parameter("eps_inf"), 0.30816 * 0.05);
        double predicted = ((RevisitingM2Law) fit.law()).loss(NMT_HELD_OUT_X);
        assertEquals(0.327326, predicted, 0.327326 * 0.03);
    }

    /**
     * M3 has the published code's own objective (ln ε against ln ε̂), which its grid search of γ minimises less well:
     * at its β 13.732, c −0.210534, γ 1.34438e-8 the sum of squares is above this fit's, and so is its held-out loss
     * 0.08925.
     */
    @Test
    void m3OnTheNmtCurveDoesAtLeastAsWellAsThePublishedCodesFit() {
        RevisitingM3Fitter fitter = RevisitingM3Fitter.create();
        FitResult fit = fitter.fit(NMT_X, NMT_Y);
        assertTrue(fit.converged(), fit.reason());
        RevisitingM3Law published = new RevisitingM3Law(13.732, -0.210534, 1.34438e-8);
        RevisitingM3Law fitted = (RevisitingM3Law) fit.law();
        assertTrue(logSumOfSquares(fitted::loss, NMT_X, NMT_Y) <= logSumOfSquares(published::loss, NMT_X, NMT_Y),
                "fitted " + fit.parameters());
        assertTrue(extrapolationLoss(fitter, fitted) < 0.08925, "held-out loss " + extrapolationLoss(fitter, fitted));
    }

    /**
     * The paper's claim for M4 (§4, Tables 1–3: the least extrapolation loss in most tasks), on this curve: the
     * published code's M4 (β 3783.28, c −0.63859, α 0.135783, ε_∞ 0.323439, ε_0 0.999931) has held-out loss 0.02052,
     * against 0.03845 (M2), 0.08925 (M3) and 0.26187 (M1). Here M4's is the least of the four fits and at most the
     * code's 0.02052 (+0.002).
     */
    @Test
    void m4ExtrapolatesTheNmtCurveBestAsThePaperReports() {
        CurveFitter[] fitters = {PowerLawFitter.create(), RevisitingM2Fitter.create(),
            RevisitingM3Fitter.create(), RevisitingM4Fitter.create()};
        double[] losses = new double[fitters.length];
        for (int k = 0; k < fitters.length; k++) {
            FitResult fit = fitters[k].fit(Observations.of("x", NMT_X, "y", NMT_Y));
            assertTrue(fit.converged(), "M" + (k + 1) + ": " + fit.reason());
            losses[k] = extrapolationLoss(fitters[k], fit.law());
        }
        for (int k = 0; k < 3; k++) {
            assertTrue(losses[3] < losses[k], "M4 " + losses[3] + " against M" + (k + 1) + " " + losses[k]);
        }
        assertTrue(losses[3] <= 0.02052 + 0.002, "M4 held-out loss " + losses[3]);
        RevisitingM4Law published = new RevisitingM4Law(3783.28, -0.63859, 0.135783, 0.323439, 0.999931);
        assertEquals(0.02052, Math.abs(Math.log(published.loss(NMT_HELD_OUT_X)) - Math.log(NMT_HELD_OUT_Y)), 2e-4,
                "the published fit's own held-out loss, through this project's root of the M4 relation");
    }

    private static final double NOISE = 0.01;

    private static double[] logGrid(int count, double low, double high) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.exp(Math.log(low) + i * Math.log(high / low) / (count - 1));
        }
        return out;
    }

    /** The law at x, times {@code exp(noise·N(0, 1))} from a seeded generator (noise 0: exact). */
    private static double[] sample(double[] x, DoubleUnaryOperator law, double noise, long seed) {
        Random random = new Random(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = law.applyAsDouble(x[i]) * Math.exp(noise * random.nextGaussian());
        }
        return y;
    }

    /** Exact points give the parameters back to 1e-6 relative; 1 % noise to the stated share. */
    @Test
    void m2Recovers() {
        double[] x = logGrid(30, 1e2, 1e6);
        RevisitingM2Law law = new RevisitingM2Law(50, -0.35, 1.8);
        FitResult exact = RevisitingM2Fitter.create().fit(x, sample(x, law::loss, 0, 2));
        assertTrue(exact.converged(), exact.reason());
        assertEquals(50, exact.parameter("beta"), 50e-6);
        assertEquals(-0.35, exact.parameter("c"), 0.35e-6);
        assertEquals(1.8, exact.parameter("eps_inf"), 1.8e-6);
        FitResult noisy = RevisitingM2Fitter.create().fit(x, sample(x, law::loss, NOISE, 2));
        assertTrue(noisy.converged(), noisy.reason());
        assertEquals(1.8, noisy.parameter("eps_inf"), 1.8 * 0.03, "eps_inf within 3 %");
        assertEquals(-0.35, noisy.parameter("c"), 0.35 * 0.1, "c within 10 %");
    }

    @Test
    void m3Recovers() {
        double[] x = logGrid(30, 1e2, 1e8);
        RevisitingM3Law law = new RevisitingM3Law(1.0, -0.4, 1e-5);
        FitResult exact = RevisitingM3Fitter.create().fit(x, sample(x, law::loss, 0, 3));
        assertTrue(exact.converged(), exact.reason());
        assertEquals(1.0, exact.parameter("beta"), 1e-6);
        assertEquals(-0.4, exact.parameter("c"), 0.4e-6);
        assertEquals(1e-5, exact.parameter("gamma"), 1e-11);
        FitResult noisy = RevisitingM3Fitter.create().fit(x, sample(x, law::loss, NOISE, 3));
        assertTrue(noisy.converged(), noisy.reason());
        assertEquals(-0.4, noisy.parameter("c"), 0.4 * 0.03, "c within 3 %");
        assertEquals(1e-5, noisy.parameter("gamma"), 1e-5 * 0.2, "gamma within 20 %");
    }

    @Test
    void m4Recovers() {
        double[] x = logGrid(30, 1e2, 1e8);
        RevisitingM4Law law = new RevisitingM4Law(20, -0.5, 0.5, 0.1, 0.9);
        FitResult exact = RevisitingM4Fitter.create().fit(x, sample(x, law::loss, 0, 4));
        assertTrue(exact.converged(), exact.reason());
        assertEquals(20, exact.parameter("beta"), 20e-4, "beta to 1e-4");
        assertEquals(-0.5, exact.parameter("c"), 0.5e-4, "c to 1e-4");
        assertEquals(0.5, exact.parameter("alpha"), 0.5e-4, "alpha to 1e-4");
        assertEquals(0.1, exact.parameter("eps_inf"), 0.1e-4, "eps_inf to 1e-4");
        assertEquals(0.9, exact.parameter("eps_0"), 0.9e-4, "eps_0 to 1e-4");
        FitResult noisy = RevisitingM4Fitter.create().fit(x, sample(x, law::loss, NOISE, 4));
        assertTrue(noisy.converged(), noisy.reason());
        assertEquals(0.1, noisy.parameter("eps_inf"), 0.1 * 0.1, "eps_inf within 10 %");
        assertEquals(-0.5, noisy.parameter("c"), 0.5 * 0.1, "c within 10 %");
    }

    /** Four distinct sizes cannot fix M4's five parameters, nor two M3's three: rejected with the reason. */
    @Test
    void tooFewDistinctSizesAreNotConverged() {
        double[] x = {1e3, 1e4, 1e5, 1e6, 1e3, 1e4};
        double[] y = {0.8, 0.5, 0.3, 0.2, 0.81, 0.49};
        FitResult m4 = RevisitingM4Fitter.create().fit(x, y);
        assertFalse(m4.converged());
        assertEquals("needs 5 distinct x, got 4: the data do not identify the law's parameters", m4.reason());
        FitResult m3 = RevisitingM3Fitter.create().fit(new double[] {1e3, 1e4, 1e3, 1e4},
                new double[] {0.8, 0.5, 0.79, 0.51});
        assertFalse(m3.converged());
        assertEquals("needs 3 distinct x, got 2: the data do not identify the law's parameters", m3.reason());
    }
}
