package org.scalingpipeline.core.laws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Clark et al. 2022 Eq. 1 and the saturating transform. */
class RoutedLawTest {

    private final RoutedLaw law = new RoutedLaw(-0.082, -0.11, 0.01, 1.1, 1.0, 9.0);

    @Test
    void saturatingTransformStartsAtEStartAndSaturatesAtEMax() {
        // 1/Ê = 1/(E − 1 + (1/E_start − 1/E_max)^(−1)) + 1/E_max gives Ê(1) = E_start and Ê(∞) = E_max
        // (here E_start = 2^1, E_max = 2^9).
        assertEquals(2.0, law.saturatedExperts(1), 1e-12);
        assertEquals(512.0, law.saturatedExperts(1e15), 1e-6);
    }

    @Test
    void denseModelIsItsOwnEffectiveSize() {
        // §5: at E = 1, Ê = E_start, so the effective parameter count is N itself.
        assertEquals(1e8, law.effectiveParams(1e8, 1), 1e-3);
    }

    @Test
    void effectiveParamsReproduceTheRoutedLoss() {
        // A dense model of N̄ = effectiveParams(N, E) parameters at E_start has the routed model's loss.
        double n = 1e8;
        double experts = 64;
        double nBar = law.effectiveParams(n, experts);
        double eStart = Math.pow(2, law.log2EStart());
        double denseAtStart = law.a() * Math.log10(nBar) + law.b() * Math.log10(eStart)
                + law.c() * Math.log10(nBar) * Math.log10(eStart) + law.d();
        assertEquals(law.log10Loss(n, experts), denseAtStart, 1e-12);
    }
}
