package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.KaplanLaw;

/** Bootstrap intervals and holdout backtests around any fitter. */
class BootstrapAndHoldoutTest {

    /** 30 points of y = 2.5·x^−0.3 with 1 % noise (seed 11), x log-uniform in 1e3..1e9. */
    private static Observations powerLawData() {
        Random random = new Random(11);
        double[] x = new double[30];
        double[] y = new double[30];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(Math.log(1e3) + random.nextDouble() * Math.log(1e6));
            y[i] = 2.5 * Math.pow(x[i], -0.3) * Math.exp(0.01 * random.nextGaussian());
        }
        return Observations.of("x", x, "y", y);
    }

    @Test
    void percentileIntervalsCoverTheTruthAndAreSeeded() {
        Bootstrap bootstrap = Bootstrap.of(PowerLawFitter.create()).withResamples(200).withSeed(3);
        FitResult fit = bootstrap.fit(powerLawData());
        Interval m = fit.intervals().get("m");
        assertTrue(m.contains(-0.3), "95 % interval of m " + m);
        assertTrue(fit.intervals().get("k").contains(2.5), "95 % interval of k " + fit.intervals().get("k"));
        // About ±2 standard errors: the bootstrap width agrees with the Jacobian standard error within 50 %.
        double width = m.upper() - m.lower();
        assertEquals(2 * 1.96 * fit.standardErrors().get("m"), width, width * 0.5);
        assertEquals(fit.intervals(), bootstrap.fit(powerLawData()).intervals(), "same seed, same intervals");
        assertEquals(200, fit.draws().size(), "every resample of a power law converges, and its parameters are kept");
        long inside = fit.draws().stream().filter(d -> m.contains(d.get("m"))).count();
        assertEquals(0.95 * 200, inside, 2, "the interval holds 95 % of the draws it was read from");
        Interval narrow = Bootstrap.of(PowerLawFitter.create()).withSeed(3).withLevel(0.5).fit(powerLawData())
                .intervals().get("m");
        assertTrue(narrow.upper() - narrow.lower() < width, "50 % interval narrower than 95 %");
    }

    @Test
    void bootstrapOfAFailedFitIsTheFailure() {
        FitResult fit = Bootstrap.of(PowerLawFitter.create())
                .fit(Observations.of("x", new double[] {1, 2}, "y", new double[] {1, 1}));
        assertEquals("'y' is constant (1.0 at all 2 points)", fit.reason());
        assertTrue(fit.intervals().isEmpty());
    }

    @Test
    void holdoutPredictsTheLargestRunsOfALossCurve() {
        // Loss curve E 1.8, A 50, α 0.35 (1 % noise); fit on steps < 1e5, predict steps 1e5..1e6 within 3 %.
        Random random = new Random(12);
        double[] step = new double[40];
        double[] loss = new double[40];
        for (int i = 0; i < step.length; i++) {
            step[i] = Math.pow(10, 2 + 4.0 * i / (step.length - 1));
            loss[i] = (1.8 + 50 * Math.pow(step[i], -0.35)) * Math.exp(0.01 * random.nextGaussian());
        }
        HoldoutBacktest.Result result = HoldoutBacktest.of(OffsetPowerLawFitter.create(), HoldoutCut.below("x", 1e5))
                .run(Observations.of("x", step, "y", loss));
        assertNull(result.reason());
        assertEquals(30, result.trainPoints());
        assertEquals(10, result.testPoints());
        // fitted up to step 10^(2 + 4·29/39), predicted up to 10^6: 4·10/39 decades past the data
        assertEquals(40.0 / 39, result.extrapolationDecades(), 1e-12);
        assertTrue(result.maxRelativeError() < 0.03, "max relative error " + result.maxRelativeError());
        assertTrue(result.rmseLog() < 0.02, "log RMSE on held-out points " + result.rmseLog());
    }

    @Test
    void holdoutWithNothingAboveTheCut() {
        HoldoutBacktest.Result result = HoldoutBacktest.of(PowerLawFitter.create(), HoldoutCut.below("x", 1e12)).run(powerLawData());
        assertEquals("no point has x >= 1.0E12", result.reason());
        assertEquals(0, result.testPoints());
        assertTrue(Double.isNaN(result.extrapolationDecades()), "nothing predicted, no distance");
    }

    /**
     * The relative cut of one plan entry for any study: the largest quarter of a group's distinct sizes is predicted
     * (8 sizes: the 2 largest, each logged twice), and a group of two sizes still keeps one to fit.
     */
    @Test
    void aRelativeCutHoldsOutTheLargestQuarterOfAGroupsSizes() {
        double[] n = {1e6, 1e6, 2e6, 4e6, 8e6, 1.6e7, 3.2e7, 6.4e7, 1.28e8, 1.28e8};
        double[] loss = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            loss[i] = 20 * Math.pow(n[i], -0.1);
        }
        HoldoutCut quarter = HoldoutCut.largest("x", 0.25);
        assertEquals(6.4e7, quarter.cutoff(n), 0.0);
        HoldoutBacktest.Result result = HoldoutBacktest.of(PowerLawFitter.create(), quarter)
                .run(Observations.of("x", n, "y", loss));
        assertNull(result.reason());
        assertEquals(6.4e7, result.cutoff(), 0.0);
        assertEquals(7, result.trainPoints());
        assertEquals(3, result.testPoints());
        assertEquals(Math.log10(4), result.extrapolationDecades(), 1e-12, "fitted up to 3.2e7, predicted up to 1.28e8");
        assertTrue(result.rmseLog() < 1e-9, "an exact power law extrapolates exactly: " + result.rmseLog());
        assertEquals(2e6, HoldoutCut.largest("x", 0.9).cutoff(new double[] {1e6, 2e6}), 0.0, "one size left to fit");
        assertTrue(Double.isNaN(quarter.cutoff(new double[] {Double.NaN})));
    }

    /**
     * A resample is fitted from the full-data optimum (Chinchilla: one start, not the paper's 4,500; Kaplan: one,
     * not nine) and lands where the fitter's own starts land: 40 points of each paper's law with 1 % noise, three
     * resamples each, the same parameters to 1e-5 relative (where BFGS and Levenberg–Marquardt stop: the
     * objective is flat to their tolerances there).
     */
    @Test
    void aResampleStartedAtTheFullFitLandsWhereTheFittersOwnStartsDo() {
        Random random = new Random(13);
        double[] n = new double[40];
        double[] d = new double[40];
        double[] chinchilla = new double[40];
        double[] kaplan = new double[40];
        for (int i = 0; i < n.length; i++) {
            n[i] = Math.exp(Math.log(1e7) + random.nextDouble() * Math.log(1e3));
            d[i] = Math.exp(Math.log(1e9) + random.nextDouble() * Math.log(1e3));
            chinchilla[i] = ChinchillaLaw.PAPER.loss(n[i], d[i]) * Math.exp(0.01 * random.nextGaussian());
            kaplan[i] = KaplanLaw.PAPER.loss(n[i], d[i]) * Math.exp(0.01 * random.nextGaussian());
        }
        for (CurveFitter fitter : new CurveFitter[] {ChinchillaFitter.create(), KaplanFitter.create()}) {
            double[] loss = fitter instanceof ChinchillaFitter ? chinchilla : kaplan;
            Observations data = Observations.of("n", n, "d", d, "loss", loss).sorted();
            FitResult full = fitter.fit(data);
            assertTrue(full.converged(), full.reason());
            CurveFitter warm = fitter.startingAt(full);
            for (int r = 0; r < 3; r++) {
                Observations resample = data.rows(random.ints(n.length, 0, n.length).toArray());
                FitResult cold = fitter.fit(resample);
                FitResult started = warm.fit(resample);
                cold.parameters().forEach((name, value) -> assertEquals(value, started.parameter(name),
                        Math.abs(value) * 1e-5, fitter.getClass().getSimpleName() + " " + name));
            }
        }
    }
}
