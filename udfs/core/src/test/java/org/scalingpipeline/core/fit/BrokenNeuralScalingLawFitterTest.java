package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.laws.Bnsl1Law;
import org.scalingpipeline.core.laws.Bnsl2Law;
import org.scalingpipeline.core.laws.BrokenNeuralScalingLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/** Fits of Caballero et al. 2022's broken neural scaling laws (Eq. 1) with one and two breaks. */
class BrokenNeuralScalingLawFitterTest {

    /**
     * 4-digit addition, test cross-entropy against training dataset size (Caballero et al. 2022, Figure 4 left), as
     * typed in {@code fit_bnsl_and_extrapolate__4_digit_addition__dataset_size_x-axis.py} of
     * github.com/ethancaballero/broken_neural_scaling_laws; the script fits the first 14 points and extrapolates to
     * the last 3.
     */
    private static final double[] ADDITION_X = {160, 192, 256, 320, 384, 448, 480, 512, 544, 576, 608, 640, 672, 736,
        800, 864, 928};
    private static final double[] ADDITION_Y = {2.13809046, 2.11813418, 2.08955508, 2.06988398, 2.05404987,
        2.03837089, 2.02814281, 2.00496872, 1.95576149, 1.86313841, 1.70891537, 1.50637664, 1.29754721, 0.96559684,
        0.75856477, 0.64768338, 0.55695445};
    private static final int FITTED = 14;

    /** A two-break law: c0 = 0.1 steepened by 0.6 past 10³, flattened by 0.4 past 10⁶, over seven decades. */
    private static final Bnsl2Law TWO_BREAKS = new Bnsl2Law(0.5, 10, 0.1, 0.6, 1e3, 0.3, -0.4, 1e6, 0.5);

    /**
     * The paper's fit of the first 14 points is {@link Bnsl1Law#PAPER} (its repository's values, the minimum of the
     * script's mean squared {@code ln(y + 1)} error). This fitter minimises the squared {@code ln y} error instead:
     * its optimum is within 1% of the paper's in every parameter and, tighter, at scipy's optimum of the same
     * objective (relative 1e-5), from the script below:
     * <pre>
     * popt, _ = scipy.optimize.curve_fit(lambda x, *p: np.log(bnsl_with_1_break(x, *p)), x[:14], np.log(y[:14]),
     *                                    p0=PAPER, maxfev=100000)
     * # [0.41719199106598487, 2.2736892544681053, 0.055149181561700525, 5.6942361550775695, 612.803153110205,
     * #  0.05926355441356662]
     * </pre>
     * It extrapolates the last 3 points as the paper's Figure 4 left shows, within 2% (its errors are 0.3%, 1.4%,
     * 1.3%; the paper's fit's 0.2%, 1.6%, 1.0%).
     */
    @Test
    void fourDigitAdditionAsThePaperFitsIt() {
        FitResult fit = Bnsl1Fitter.create().fit(Arrays.copyOf(ADDITION_X, FITTED), Arrays.copyOf(ADDITION_Y, FITTED));
        assertTrue(fit.converged(), fit.reason());
        double[] scipy = {0.41719199106598487, 2.2736892544681053, 0.055149181561700525, 5.6942361550775695,
            612.803153110205, 0.05926355441356662};
        assertClose(scipy, fit.law(), 1e-5);
        assertClose(Bnsl1Law.PAPER.values(), fit.law(), 0.01);
        Bnsl1Law law = (Bnsl1Law) fit.law();
        for (int i = FITTED; i < ADDITION_X.length; i++) {
            assertEquals(ADDITION_Y[i], law.y(ADDITION_X[i]), 0.02 * ADDITION_Y[i], "x = " + ADDITION_X[i]);
        }
    }

    /** The paper's law sampled at 30 sizes from 100 to 1,000 around its break at 613 is fitted back (relative 1e-6). */
    @Test
    void recoversOneBreakInsideTheData() {
        double[] x = logSpaced(100, 1000, 30);
        FitResult fit = Bnsl1Fitter.create().fit(x, values(Bnsl1Law.PAPER, x));
        assertTrue(fit.converged(), fit.reason());
        assertClose(Bnsl1Law.PAPER.values(), fit.law(), 1e-6);
    }

    /** With 0.5% multiplicative noise (seed 11), every parameter within 10% (c0 is off by 7%), the break within 1%. */
    @Test
    void recoversOneBreakThroughNoise() {
        double[] x = logSpaced(100, 1000, 30);
        FitResult fit = Bnsl1Fitter.create().fit(x, noisy(values(Bnsl1Law.PAPER, x), 0.005, 11));
        assertTrue(fit.converged(), fit.reason());
        assertClose(Bnsl1Law.PAPER.values(), fit.law(), 0.1);
        assertEquals(Bnsl1Law.PAPER.d1(), fit.parameter("d1"), 0.01 * Bnsl1Law.PAPER.d1());
    }

    /** {@link #TWO_BREAKS} at 40 sizes from 10 to 10⁸ is fitted back, breaks in order (relative 1e-6). */
    @Test
    void recoversTwoBreaksInsideTheData() {
        double[] x = logSpaced(10, 1e8, 40);
        FitResult fit = Bnsl2Fitter.create().fit(x, values(TWO_BREAKS, x));
        assertTrue(fit.converged(), fit.reason());
        assertClose(TWO_BREAKS.values(), fit.law(), 1e-6);
    }

    /**
     * With 0.5% multiplicative noise (seed 5), every parameter within 20% (the second break's, seen over two decades
     * past it, are off by 10% to 18%) and the first break within 2%.
     */
    @Test
    void recoversTwoBreaksThroughNoise() {
        double[] x = logSpaced(10, 1e8, 40);
        FitResult fit = Bnsl2Fitter.create().fit(x, noisy(values(TWO_BREAKS, x), 0.005, 5));
        assertTrue(fit.converged(), fit.reason());
        assertClose(TWO_BREAKS.values(), fit.law(), 0.2);
        assertEquals(TWO_BREAKS.d1(), fit.parameter("d1"), 0.02 * TWO_BREAKS.d1());
    }

    /** The breaks come back ordered by location whichever order a start gives them in. */
    @Test
    void breaksAreOrderedByLocation() {
        double[] x = logSpaced(10, 1e8, 40);
        Bnsl2Law t = TWO_BREAKS;
        FitResult fit = Bnsl2Fitter.create().withStart(t.a(), t.b(), t.c0(), t.c2(), t.d2(), t.f2(), t.c1(), t.d1(),
                t.f1()).fit(x, values(t, x));
        assertTrue(fit.converged(), fit.reason());
        assertClose(t.values(), fit.law(), 1e-6);
    }

    /** Nine points fix the nine parameters of two breaks only as an interpolation; eight distinct x do not at all. */
    @Test
    void twoBreaksNeedMorePointsAndDistinctSizesThanParameters() {
        double[] nine = logSpaced(10, 1e8, 9);
        FitResult interpolation = Bnsl2Fitter.create().fit(nine, values(TWO_BREAKS, nine));
        assertFalse(interpolation.converged());
        assertEquals("9 points for 9 parameters: an interpolation, not a fit; need at least 10", interpolation.reason());
        double[] eight = logSpaced(10, 1e8, 8);
        double[] repeated = new double[12];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = eight[i % eight.length];
        }
        FitResult fewSizes = Bnsl2Fitter.create().fit(repeated, values(TWO_BREAKS, repeated));
        assertFalse(fewSizes.converged());
        assertEquals("needs 9 distinct x, got 8: the data do not identify the law's parameters", fewSizes.reason());
    }

    /**
     * Points of a plain power law {@code 0.5 + 3·x^(−0.3)} on 10..10⁴, started with a break at 10⁸, four decades
     * past them: the data see nothing of it (its factor differs from 1 by {@code e^(−ln(10⁴)/0.1)}, 10⁻⁴⁰), so the
     * fit leaves it there and is not converged, naming the break.
     */
    @Test
    void aBreakBeyondTheDataIsNotFixedByThem() {
        double[] x = logSpaced(10, 1e4, 20);
        double[] y = Arrays.stream(x).map(v -> 0.5 + 3 * Math.pow(v, -0.3)).toArray();
        FitResult fit = Bnsl1Fitter.create().withStart(0.5, 3, 0.3, 0.5, 1e8, 0.1).fit(x, y);
        assertFalse(fit.converged());
        assertTrue(fit.reason().startsWith("break d1 = 1.0E8 lies outside the data's x range [10.0, 10000.0"),
                fit.reason());
        assertTrue(fit.reason().contains("the data do not fix it (standard error NaN)"), fit.reason());
    }

    @Test
    void aNonPositiveMetricIsRefused() {
        double[] x = logSpaced(10, 1e4, 8);
        double[] y = values(Bnsl1Law.PAPER, x);
        y[3] = 0;
        FitResult fit = Bnsl1Fitter.create().withSpace(FitSpace.LINEAR).fit(x, y);
        assertFalse(fit.converged());
        assertEquals("y[3] = 0.0 must be > 0 for this law", fit.reason());
    }

    private static void assertClose(double[] expected, ScalingLaw law, double relative) {
        double[] found = law.values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], found[i], relative * Math.abs(expected[i]),
                    law.parameterNames().get(i) + " of " + law);
        }
    }

    private static double[] logSpaced(double from, double to, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = from * Math.pow(to / from, (double) i / (count - 1));
        }
        return x;
    }

    private static double[] values(BrokenNeuralScalingLaw law, double[] x) {
        return Arrays.stream(x).map(law::y).toArray();
    }

    private static double[] noisy(double[] y, double sigma, long seed) {
        Random random = new Random(seed);
        return Arrays.stream(y).map(v -> v * (1 + sigma * random.nextGaussian())).toArray();
    }
}
