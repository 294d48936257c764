package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Caballero et al. 2022, "Broken Neural Scaling Laws", Eq. 1 evaluated at points worked out by hand, against its
 * limit forms far below and far above a break (the paper's §2: below d1 the law is {@code a + b·x^(−c0)}, above
 * it {@code a + b·d1^c1·x^(−(c0+c1))}), and where the direct form of Eq. 1 overflows.
 */
class BrokenNeuralScalingLawTest {

    /**
     * a = 0.5, b = 2, c0 = 0.5, c1 = 1, d1 = 10, f1 = 0.5 at x = 100:
     * {@code 0.5 + 2·100^(−0.5)·(1 + (100/10)^2)^(−0.5) = 0.5 + 0.2/√101 = 0.5 + 0.2 × 0.0995037190 = 0.5199007438}
     * (√101 = 10.0498756211). Tolerance 1e-10, the hand arithmetic's last digit.
     */
    @Test
    void oneBreakAtAPointByHand() {
        assertEquals(0.5199007438, new Bnsl1Law(0.5, 2, 0.5, 1, 10, 0.5).y(100), 1e-10);
    }

    /**
     * a = 0, b = 1, c0 = 0, c1 = 1, d1 = 1, f1 = 1, c2 = 2, d2 = 4, f2 = 0.5: at x = 2,
     * {@code (1 + 2)^(−1)·(1 + (2/4)^2)^(−1) = (1/3)·(1/1.25) = 0.2666…}; at x = 4, {@code (1/5)·(1/2) = 0.1}.
     */
    @Test
    void twoBreaksAtPointsByHand() {
        Bnsl2Law law = new Bnsl2Law(0, 1, 0, 1, 1, 1, 2, 4, 0.5);
        assertEquals(4.0 / 15, law.y(2), 1e-15);
        assertEquals(0.1, law.y(4), 1e-15);
    }

    /** Eight decades either side of the break the law is its limit power law to rounding (relative 1e-12). */
    @Test
    void farFromTheBreakTheLawIsItsLimitPowerLaws() {
        Bnsl1Law law = Bnsl1Law.PAPER;
        double below = law.d1() * 1e-8;
        double above = law.d1() * 1e8;
        double belowLimit = law.a() + law.b() * Math.pow(below, -law.c0());
        double aboveLimit = law.a() + law.b() * Math.pow(law.d1(), law.c1()) * Math.pow(above, -(law.c0() + law.c1()));
        assertEquals(belowLimit, law.y(below), 1e-12 * belowLimit);
        assertEquals(aboveLimit, law.y(above), 1e-12 * aboveLimit);
    }

    /**
     * A sharp break (f1 = 0.01) ten decades past it: {@code (x/d1)^(1/f1) = 10^1000} overflows a double, so the
     * direct form gives {@code (∞)^(−c1·f1) = 0} and loses the tail; in logarithms y is the tail
     * {@code b·d1^c1·x^(−(c0+c1)) = 1·10^(20·0.5)·10^(−30·0.6) = 10^(−8)} (a = 0), to relative 1e-12. The
     * second of the two breaks of a two-break law past both gives the product of their tails.
     */
    @Test
    void sharpBreaksManyDecadesAwayNeitherOverflowNorVanish() {
        double x = 1e30;
        double d1 = 1e20;
        assertEquals(0, Math.pow(1 + Math.pow(x / d1, 1 / 0.01), -0.5 * 0.01), "the direct form loses the tail");
        Bnsl1Law law = new Bnsl1Law(0, 1, 0.1, 0.5, d1, 0.01);
        assertEquals(1e-8, law.y(x), 1e-20);
        // c0 = 0.1, c1 = 0.5 past d1 = 1e10, c2 = 1 past d2 = 1e20, both sharp:
        // d1^c1·d2^c2·x^−(c0+c1+c2) = 1e10^0.5·1e20^1·1e30^−1.6 = 10^(5 + 20 − 48).
        Bnsl2Law two = new Bnsl2Law(0, 1, 0.1, 0.5, 1e10, 0.01, 1, 1e20, 0.02);
        double expected = Math.pow(10, 5 + 20 - 48);
        assertEquals(expected, two.y(x), 1e-12 * expected);
        // 300 decades below the first break, the first segment alone: 1e-300^−0.1 = 1e30.
        assertEquals(1e30, two.y(1e-300), 1e18);
    }
}
