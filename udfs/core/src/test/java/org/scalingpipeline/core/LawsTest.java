package org.scalingpipeline.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.core.fit.PowerLawFitter;
import org.scalingpipeline.core.laws.AllocationLaw;
import org.scalingpipeline.core.laws.Bnsl1Law;
import org.scalingpipeline.core.laws.Bnsl2Law;
import org.scalingpipeline.core.laws.BrokenNeuralScalingLaw;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.DataConstrainedLaw;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.KaplanStepsLaw;
import org.scalingpipeline.core.laws.OffsetPowerLaw;
import org.scalingpipeline.core.laws.PowerLaw;
import org.scalingpipeline.core.laws.RevisitingM2Law;
import org.scalingpipeline.core.laws.RevisitingM3Law;
import org.scalingpipeline.core.laws.RevisitingM4Law;
import org.scalingpipeline.core.laws.RoutedLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/** The law registry: names, roles, look-ups, parameter maps and the one model behind fit and predict. */
class LawsTest {

    /** One law of each registry entry, with the laws' own evaluation at a point of its columns. */
    private static final Map<String, ScalingLaw> SAMPLES = Map.ofEntries(
            Map.entry("power-law", new PowerLaw(2, -0.5)),
            Map.entry("power-law-offset", new OffsetPowerLaw(1.7, 3, 0.3)),
            Map.entry("loss-curve", new OffsetPowerLaw(1.7, 3, 0.3)),
            Map.entry("kaplan", KaplanLaw.PAPER),
            Map.entry("kaplan-steps", KaplanStepsLaw.PAPER),
            Map.entry("chinchilla", ChinchillaLaw.PAPER),
            Map.entry("data-constrained", DataConstrainedLaw.PAPER),
            Map.entry("routed", new RoutedLaw(-0.082, -0.108, 0.009, 1.104, 0.885, 8.295)),
            Map.entry("allocation", new AllocationLaw(0.1, 0.5)),
            Map.entry("isoflop", new IsoFlopParabola(0.05, -1.98, 22.0)),
            Map.entry("bnsl-1", new Bnsl1Law(1.7, 30, 0.1, 0.3, 1e9, 0.5)),
            Map.entry("bnsl-2", new Bnsl2Law(1.7, 30, 0.1, 0.3, 1e9, 0.5, -0.2, 2e10, 0.1)),
            Map.entry("revisiting-m1", new PowerLaw(6.9, -0.16)),
            Map.entry("revisiting-m2", new RevisitingM2Law(476, -0.5, 0.31)),
            Map.entry("revisiting-m3", new RevisitingM3Law(13.7, -0.21, 1.3e-8)),
            Map.entry("revisiting-m4", new RevisitingM4Law(3783, -0.64, 0.136, 0.323, 1.0)));

    private static double ownEvaluation(ScalingLaw law, double u, double v, double w) {
        if (law instanceof PowerLaw p) {
            return p.value(u);
        } else if (law instanceof OffsetPowerLaw o) {
            return o.loss(u);
        } else if (law instanceof KaplanLaw k) {
            return k.loss(u, v);
        } else if (law instanceof KaplanStepsLaw k) {
            return k.loss(u, v);
        } else if (law instanceof ChinchillaLaw c) {
            return c.loss(u, v);
        } else if (law instanceof DataConstrainedLaw dc) {
            return dc.loss(u, v, w);
        } else if (law instanceof RoutedLaw r) {
            return r.loss(u, v);
        } else if (law instanceof RevisitingM2Law m2) {
            return m2.loss(u);
        } else if (law instanceof RevisitingM3Law m3) {
            return m3.loss(u);
        } else if (law instanceof RevisitingM4Law m4) {
            return m4.loss(u);
        } else if (law instanceof AllocationLaw a) {
            return a.optimum(u);
        } else if (law instanceof BrokenNeuralScalingLaw b) {
            return b.y(u);
        }
        return ((IsoFlopParabola) law).loss(u);
    }

    @Test
    void columnRolesPerLaw() {
        assertEquals(List.of("allocation", "bnsl-1", "bnsl-2", "chinchilla", "data-constrained", "isoflop", "kaplan",
                "kaplan-steps", "loss-curve", "power-law", "power-law-offset", "revisiting-m1", "revisiting-m2",
                "revisiting-m3", "revisiting-m4", "routed"), Laws.ALL.names());
        for (String m : List.of("revisiting-m1", "revisiting-m2", "revisiting-m3", "revisiting-m4")) {
            assertEquals(List.of("x", "y"), Laws.ALL.law(m).columns(), m);
        }
        assertSame(PowerLaw.MODEL, Laws.ALL.law("revisiting-m1").model(), "M1 is the power law: beta = k, c = m");
        assertEquals(List.of("beta", "c", "eps_inf"), Laws.ALL.law("revisiting-m2").parameterNames());
        assertEquals(List.of("beta", "c", "gamma"), Laws.ALL.law("revisiting-m3").parameterNames());
        assertEquals(List.of("beta", "c", "alpha", "eps_inf", "eps_0"), Laws.ALL.law("revisiting-m4").parameterNames());
        assertEquals(List.of("x", "y"), Laws.ALL.law("power-law").columns());
        assertEquals(List.of("x", "y"), Laws.ALL.law("loss-curve").columns());
        assertEquals(List.of("n", "d", "loss"), Laws.ALL.law("chinchilla").columns());
        assertEquals(List.of("n", "d", "loss"), Laws.ALL.law("kaplan").columns());
        assertEquals(List.of("n", "s_min", "loss"), Laws.ALL.law("kaplan-steps").columns());
        assertEquals(List.of("N_c", "S_c", "alpha_N", "alpha_S"), Laws.ALL.law("kaplan-steps").parameterNames());
        assertEquals(List.of("n", "experts", "loss"), Laws.ALL.law("routed").columns());
        assertEquals(List.of("n", "d", "unique_tokens", "loss"), Laws.ALL.law("data-constrained").columns());
        assertEquals(List.of("E", "A", "B", "alpha", "beta", "R_D_star", "R_N_star"),
                Laws.ALL.law("data-constrained").parameterNames());
        assertEquals(List.of("c", "n_or_d"), Laws.ALL.law("allocation").columns());
        assertEquals(List.of("n", "loss"), Laws.ALL.law("isoflop").columns());
        assertEquals(List.of("x", "y"), Laws.ALL.law("bnsl-1").columns());
        assertEquals(List.of("x", "y"), Laws.ALL.law("bnsl-2").columns());
        assertEquals(List.of("a", "b", "c0", "c1", "d1", "f1"), Laws.ALL.law("bnsl-1").parameterNames());
        assertEquals(List.of("a", "b", "c0", "c1", "d1", "f1", "c2", "d2", "f2"), Laws.ALL.law("bnsl-2").parameterNames());
        assertEquals(List.of("E", "A", "B", "alpha", "beta"), Laws.ALL.law("chinchilla").parameterNames());
    }

    @Test
    void fitsByNameFromNamedColumns() {
        double[] x = {1, 10, 100, 1000};
        double[] y = {3, 3 * Math.pow(10, -0.5), 3 * Math.pow(100, -0.5), 3 * Math.pow(1000, -0.5)};
        FitResult fit = Laws.ALL.law("power-law").newFitter().fit(Observations.of("x", x, "y", y));
        assertTrue(fit.converged(), fit.reason());
        assertEquals(-0.5, fit.parameter("m"), 1e-9);
        assertEquals(3.0, fit.parameter("k"), 1e-9);
        assertEquals("power-law", fit.law().name());
    }

    @Test
    void unknownLawNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Laws.ALL.law("kaplan2"));
        assertEquals("unknown law 'kaplan2', expected one of " + Laws.ALL.names(), e.getMessage());
    }

    @Test
    void aDuplicateNameFailsWhenTheRegistryIsBuilt() {
        Law one = new Law("power-law", PowerLaw.MODEL, PowerLawFitter::create);
        Law two = new Law("power-law", OffsetPowerLaw.MODEL, PowerLawFitter::create);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Laws.of(List.of(one, two)));
        assertEquals("duplicate law name 'power-law' in the law registry", e.getMessage());
    }

    @Test
    void everyLawPredictsWhatItsOwnEvaluationGives() {
        assertEquals(Set.copyOf(Laws.ALL.names()), SAMPLES.keySet(), "a sample law for every registry entry");
        double[] u = {1e8, 3e9, 7e10};
        double[] v = {2e10, 5e11, 64};
        double[] w = {1e9, 1e11, 32};
        for (String name : Laws.ALL.names()) {
            Law entry = Laws.ALL.law(name);
            ScalingLaw law = SAMPLES.get(name);
            List<String> roles = entry.columns();
            Observations points = roles.size() == 4 ? Observations.of(roles.get(0), u, roles.get(1), v, roles.get(2), w)
                    : roles.size() == 3 ? Observations.of(roles.get(0), u, roles.get(1), v)
                    : Observations.of(roles.get(0), u);
            double[] predicted = entry.predict(law, points);
            for (int i = 0; i < u.length; i++) {
                assertEquals(ownEvaluation(law, u[i], v[i], w[i]), predicted[i], 0.0, name + " at row " + i);
            }
        }
    }

    @Test
    void aParameterMapRoundTripsThroughEveryLaw() {
        for (String name : Laws.ALL.names()) {
            ScalingLaw law = SAMPLES.get(name);
            ScalingLaw rebuilt = Laws.ALL.law(name).law(law.parameters());
            assertEquals(law, rebuilt, name);
            assertArrayEquals(law.values(), rebuilt.values(), 0.0, name);
            assertEquals(law.parameterNames(), List.copyOf(law.parameters().keySet()), name);
        }
    }

    @Test
    void aMapLackingAParameterNamesWhatIsMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Laws.ALL.law("allocation").law(Map.of("k", 0.1)));
        assertEquals("law 'allocation': params {k=0.1} lack [exponent]; expected [k, exponent]", e.getMessage());
    }

    @Test
    void aBareParameterMapResolvesToTheOneLawWithItsNames() {
        assertEquals("allocation", Laws.ALL.forParameters(Set.of("k", "exponent")).name());
        assertEquals("isoflop", Laws.ALL.forParameters(Set.of("a", "b", "c")).name());
        assertEquals("chinchilla", Laws.ALL.forParameters(Set.of("E", "A", "B", "alpha", "beta")).name());
        assertEquals("data-constrained", Laws.ALL.forParameters(Set.of("E", "A", "B", "alpha", "beta", "R_D_star",
                "R_N_star")).name());
        assertEquals("kaplan-steps", Laws.ALL.forParameters(Set.of("N_c", "S_c", "alpha_N", "alpha_S")).name());
        assertSame(OffsetPowerLaw.MODEL, Laws.ALL.forParameters(Set.of("E", "A", "alpha")).model(),
                "power-law-offset and loss-curve are one law");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Laws.ALL.forParameters(Set.of("a", "b")));
        assertTrue(e.getMessage().startsWith("params with keys [a, b] match no law; laws and their parameters:"
                + " {allocation=[k, exponent], bnsl-1=[a, b, c0, c1, d1, f1], bnsl-2=[a, b, c0, c1, d1, f1, c2, d2, f2],"
                + " chinchilla=[E, A, B, alpha, beta], data-constrained=[E, A, B, alpha, beta, R_D_star, R_N_star],"
                + " isoflop=[a, b, c],"), e.getMessage());
    }

    @Test
    void twoLawsWithTheSameParameterNamesAreNotGuessedBetween() {
        Laws ambiguous = Laws.of(List.of(new Law("power-law", PowerLaw.MODEL, PowerLawFitter::create),
                new Law("allocation", AllocationLaw.MODEL, PowerLawFitter::create),
                new Law("allocation-2", new org.scalingpipeline.core.laws.LawModel<>(AllocationLaw.class,
                        List.of("k", "exponent"), List.of("c", "n_or_d"), p -> new AllocationLaw(p[0], p[1]),
                        (law, x, i) -> law.optimum(x[0][i])), PowerLawFitter::create)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ambiguous.forParameters(Set.of("k", "exponent")));
        assertEquals("params with keys [exponent, k] match several laws [allocation, allocation-2]; pass the fit"
                + " struct, which names its law", e.getMessage());
    }

    @Test
    void onlyChinchillaKaplanAllocationAndIsoFlopHaveAComputeOptimalSize() {
        assertEquals(List.of("allocation", "chinchilla", "isoflop", "kaplan"), Laws.ALL.withComputeOptimum());
        RoutedLaw routed = (RoutedLaw) SAMPLES.get("routed");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Laws.ALL.computeOptimal("n_opt", "routed", routed));
        assertEquals("n_opt: the law 'routed' has no compute-optimal size; laws with one: allocation, chinchilla,"
                + " isoflop, kaplan (or the published chinchilla-approach-3)", e.getMessage());
        // Hoffmann et al. 2022 approach 3 at C = 5.76e23 (Table 3: N_opt ≈ 3.2e10 under Eq. 10's constants).
        assertEquals(3.219e10, Laws.ALL.computeOptimal("n_opt", "chinchilla", ChinchillaLaw.PAPER).nOpt(5.76e23),
                3.219e10 * 1e-3);
    }

    @Test
    void publishedLawsByName() {
        assertSame(ChinchillaLaw.PAPER, Laws.published("chinchilla-approach-3"));
        assertSame(DataConstrainedLaw.PAPER, Laws.published("data-constrained-c4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Laws.published("gopher"));
        assertTrue(e.getMessage().startsWith("unknown published law 'gopher': the named laws are"
                + " [chinchilla-approach-3, data-constrained-c4];"), e.getMessage());
    }
}
