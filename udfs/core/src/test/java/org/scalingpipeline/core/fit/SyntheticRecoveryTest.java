package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.RoutedLaw;

/**
 * Each law generates data with known parameters and 1 % multiplicative log-normal noise (seeded); its
 * fitter must recover them. Tolerances are stated per assertion; they are a few standard errors of the
 * noise, so a wrong model, space or start fails them. (The Chinchilla law: ChinchillaFitterTest.)
 */
class SyntheticRecoveryTest {

    private static final double NOISE = 0.01;

    /** Log-uniform sample in [low, high]. */
    private static double[] logUniform(Random random, int count, double low, double high) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.exp(Math.log(low) + random.nextDouble() * Math.log(high / low));
        }
        return out;
    }

    private static double[] noisy(Random random, double[] x, DoubleUnaryOperator law) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = law.applyAsDouble(x[i]) * Math.exp(NOISE * random.nextGaussian());
        }
        return y;
    }

    @Test
    void powerLaw() {
        Random random = new Random(1);
        double[] x = logUniform(random, 30, 1e3, 1e9);
        double[] y = noisy(random, x, v -> 2.5 * Math.pow(v, -0.3));
        FitResult fit = PowerLawFitter.create().fit(x, y);
        assertTrue(fit.converged(), fit.reason());
        assertEquals(-0.3, fit.parameter("m"), 0.003, "m within 1 %");
        assertEquals(2.5, fit.parameter("k"), 2.5 * 0.05, "k within 5 %");
        assertEquals(NOISE, fit.rmseLog(), 0.004, "log RMSE is the injected noise");
        assertTrue(fit.standardErrors().get("m") < 0.003, "standard error of m " + fit.standardErrors());
    }

    @Test
    void offsetPowerLawOnALossCurve() {
        // Loss against step: E 1.8, A 50, α 0.35 over steps 1e2..1e6.
        Random random = new Random(2);
        double[] step = logUniform(random, 40, 1e2, 1e6);
        double[] loss = noisy(random, step, s -> 1.8 + 50 * Math.pow(s, -0.35));
        FitResult fit = OffsetPowerLawFitter.create().fit(step, loss);
        assertTrue(fit.converged(), fit.reason());
        assertEquals(1.8, fit.parameter("E"), 1.8 * 0.02, "E within 2 %");
        assertEquals(0.35, fit.parameter("alpha"), 0.35 * 0.05, "alpha within 5 %");
        assertEquals(50, fit.parameter("A"), 50 * 0.2, "A within 20 %");
    }

    @Test
    void kaplanLaw() {
        Random random = new Random(3);
        int count = 60;
        double[] n = logUniform(random, count, 1e6, 1e10);
        double[] d = logUniform(random, count, 1e8, 1e12);
        double[] loss = new double[count];
        for (int i = 0; i < count; i++) {
            loss[i] = KaplanLaw.PAPER.loss(n[i], d[i]) * Math.exp(NOISE * random.nextGaussian());
        }
        FitResult fit = KaplanFitter.create().fit(n, d, loss);
        assertTrue(fit.converged(), fit.reason());
        assertEquals(0.076, fit.parameter("alpha_N"), 0.076 * 0.1, "alpha_N within 10 %");
        assertEquals(0.103, fit.parameter("alpha_D"), 0.103 * 0.1, "alpha_D within 10 %");
        KaplanLaw fitted = (KaplanLaw) fit.law();
        assertEquals(KaplanLaw.PAPER.loss(1e9, 1e11), fitted.loss(1e9, 1e11), 0.01 * KaplanLaw.PAPER.loss(1e9, 1e11),
                "L(1e9, 1e11) within 1 %");
    }

    @Test
    void allocationLawWithFixedAndFreeExponent() {
        Random random = new Random(4);
        double[] c = logUniform(random, 12, 1e18, 1e24);
        double[] nOpt = noisy(random, c, v -> 0.1 * Math.pow(v, 0.5));
        FitResult fixed = AllocationFitter.create().withExponent(0.5).fit(c, nOpt);
        FitResult free = AllocationFitter.create().fit(c, nOpt);
        assertEquals(0.1, fixed.parameter("k"), 0.1 * 0.02, "k_N within 2 % with a = 0.5 fixed");
        assertEquals(0.0, fixed.standardErrors().get("exponent"), "a fixed exponent has no error");
        assertEquals(0.5, free.parameter("exponent"), 0.005, "free exponent within 1 %");
    }

    @Test
    void isoFlopVertex() {
        // Loss = 0.05·(ln N − ln 1e9)² + 2.0 on N in 1e8..1e10: vertex N_opt = 1e9.
        Random random = new Random(5);
        double[] n = logUniform(random, 15, 1e8, 1e10);
        double[] loss = noisy(random, n, v -> 0.05 * Math.pow(Math.log(v / 1e9), 2) + 2.0);
        FitResult fit = IsoFlopFitter.create().fit(n, loss);
        assertTrue(fit.converged(), fit.reason());
        IsoFlopParabola parabola = (IsoFlopParabola) fit.law();
        assertEquals(Math.log(1e9), Math.log(parabola.nOpt()), 0.15, "N_opt within 15 %");
        assertEquals(2.0, parabola.minimumLoss(), 0.02, "minimum loss within 1 %");
    }

    @Test
    void routedLaw() {
        // Clark-like law; grid of sizes 15M..1.3B × experts 1..512. E_start and E_max trade off against
        // b and c, so the check is on the fitted surface: within the noise level (1 %) of the truth at
        // every grid point, corners included.
        RoutedLaw truth = new RoutedLaw(-0.083, -0.118, 0.0099, 1.11, 1.05, 7.9);
        Random random = new Random(6);
        double[] sizes = {1.5e7, 2.5e7, 5e7, 1.3e8, 3.7e8, 8.7e8, 1.3e9};
        int[] experts = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        double[] n = new double[sizes.length * experts.length];
        double[] e = new double[n.length];
        double[] loss = new double[n.length];
        int row = 0;
        for (double size : sizes) {
            for (int expert : experts) {
                n[row] = size;
                e[row] = expert;
                loss[row] = truth.loss(size, expert) * Math.exp(NOISE * random.nextGaussian());
                row++;
            }
        }
        FitResult fit = RoutedLawFitter.create().withStarts(100).fit(n, e, loss);
        assertTrue(fit.converged(), fit.reason());
        assertEquals(NOISE, fit.rmseLog(), 0.003, "log RMSE is the injected noise");
        RoutedLaw fitted = (RoutedLaw) fit.law();
        for (int i = 0; i < n.length; i++) {
            double expected = truth.loss(n[i], e[i]);
            assertEquals(expected, fitted.loss(n[i], e[i]), expected * NOISE, "N " + n[i] + ", E " + e[i]);
        }
    }
}
