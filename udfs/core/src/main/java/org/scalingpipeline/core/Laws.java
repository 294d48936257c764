package org.scalingpipeline.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.Bnsl1Fitter;
import org.scalingpipeline.core.fit.Bnsl2Fitter;
import org.scalingpipeline.core.fit.ChinchillaFitter;
import org.scalingpipeline.core.fit.DataConstrainedFitter;
import org.scalingpipeline.core.fit.IsoFlopFitter;
import org.scalingpipeline.core.fit.KaplanFitter;
import org.scalingpipeline.core.fit.KaplanStepsFitter;
import org.scalingpipeline.core.fit.OffsetPowerLawFitter;
import org.scalingpipeline.core.fit.PowerLawFitter;
import org.scalingpipeline.core.fit.RevisitingM2Fitter;
import org.scalingpipeline.core.fit.RevisitingM3Fitter;
import org.scalingpipeline.core.fit.RevisitingM4Fitter;
import org.scalingpipeline.core.fit.RoutedLawFitter;
import org.scalingpipeline.core.laws.AllocationLaw;
import org.scalingpipeline.core.laws.Bnsl1Law;
import org.scalingpipeline.core.laws.Bnsl2Law;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.ComputeOptimal;
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

/**
 * The one registry of laws, keyed by the name SQL ({@code fit_*}, the {@code law} field of a fit
 * struct), the fit plan and {@code fit-file --law} use; a duplicate name fails when it is built, as
 * Iceberg's {@code SparkFunctions} map does. A law's identity is its name here, carried in every fit
 * result, never inferred from its parameters — except for a bare params map, which
 * {@link #forParameters} resolves only when exactly one law has those parameter names.
 * {@link #ALL} holds:
 * <ul>
 *   <li>{@code power-law}: x, y — {@code y = k·x^m}, log space</li>
 *   <li>{@code power-law-offset}, {@code loss-curve}: x, y — {@code y = E + A·x^(−α)}; for a loss curve
 *       x is the step (or tokens) and y the loss</li>
 *   <li>{@code kaplan}: n, d, loss</li>
 *   <li>{@code kaplan-steps}: n, s_min, loss — Kaplan et al. 2020's learning curves, L(N, S_min)</li>
 *   <li>{@code chinchilla}: n, d, loss (Huber, approach 3)</li>
 *   <li>{@code routed}: n, experts, loss</li>
 *   <li>{@code data-constrained}: n, d, unique_tokens, loss (Muennighoff et al. 2023, Eq. 5)</li>
 *   <li>{@code allocation}: c, n_or_d — free exponent; a fixed exponent is
 *       {@code AllocationFitter.create().withExponent(a)} ({@link FitSpec#fixedExponent()})</li>
 *   <li>{@code isoflop}: n, loss</li>
 *   <li>{@code bnsl-1}, {@code bnsl-2}: x, y — Caballero et al. 2022's broken neural scaling law with one and
 *       two breaks, {@code y = a + b·x^(−c0)·∏ᵢ (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)}, log space</li>
 *   <li>{@code revisiting-m1} … {@code revisiting-m4}: x, y — Alabdulmohsin et al. 2022's estimators M1
 *       {@code ε = β·x^c}, M2 {@code ε = ε_∞ + β·x^c}, M3 {@code ε = β·(x^(−1) + γ)^(−c)} and M4
 *       {@code (ε − ε_∞)/(ε_0 − ε)^α = β·x^c}, log space; M1 is the power law's model and fitter (β = k, c = m)</li>
 * </ul>
 * Published laws with fixed constants are named separately ({@link #published(String)}).
 */
public final class Laws {

    /** Every law of the project. */
    public static final Laws ALL = of(List.of(
            new Law("power-law", PowerLaw.MODEL, PowerLawFitter::create),
            new Law("power-law-offset", OffsetPowerLaw.MODEL, OffsetPowerLawFitter::create),
            new Law("loss-curve", OffsetPowerLaw.MODEL, OffsetPowerLawFitter::create),
            new Law("kaplan", KaplanLaw.MODEL, KaplanFitter::create),
            new Law("kaplan-steps", KaplanStepsLaw.MODEL, KaplanStepsFitter::create),
            new Law("chinchilla", ChinchillaLaw.MODEL, ChinchillaFitter::create),
            new Law("routed", RoutedLaw.MODEL, RoutedLawFitter::create),
            new Law("data-constrained", DataConstrainedLaw.MODEL, DataConstrainedFitter::create),
            new Law("allocation", AllocationLaw.MODEL, AllocationFitter::create),
            new Law("isoflop", IsoFlopParabola.MODEL, IsoFlopFitter::create),
            new Law("bnsl-1", Bnsl1Law.MODEL, Bnsl1Fitter::create),
            new Law("bnsl-2", Bnsl2Law.MODEL, Bnsl2Fitter::create),
            new Law("revisiting-m1", PowerLaw.MODEL, PowerLawFitter::create),
            new Law("revisiting-m2", RevisitingM2Law.MODEL, RevisitingM2Fitter::create),
            new Law("revisiting-m3", RevisitingM3Law.MODEL, RevisitingM3Fitter::create),
            new Law("revisiting-m4", RevisitingM4Law.MODEL, RevisitingM4Fitter::create)));

    /** The published law a SQL law argument names when it is omitted. */
    public static final String DEFAULT_PUBLISHED = "chinchilla-approach-3";

    /**
     * Published laws by name: Hoffmann et al. 2022 approach 3 (§3.3, Eq. 10), and Muennighoff et al. 2023's
     * data-constrained C4 fit ({@link DataConstrainedLaw#PAPER}).
     */
    private static final Map<String, ScalingLaw> PUBLISHED = Map.of(DEFAULT_PUBLISHED, ChinchillaLaw.PAPER,
            "data-constrained-c4", DataConstrainedLaw.PAPER);

    private final Map<String, Law> byName;

    private Laws(Map<String, Law> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** A registry of these laws; throws naming the name when two share one. */
    public static Laws of(List<Law> laws) {
        Map<String, Law> map = new LinkedHashMap<>();
        for (Law law : laws) {
            if (map.putIfAbsent(law.name(), law) != null) {
                throw new IllegalArgumentException("duplicate law name '" + law.name() + "' in the law registry");
            }
        }
        return new Laws(map);
    }

    /** Law names, sorted. */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** The law of this name; throws naming the known laws when it is not one. */
    public Law law(String name) {
        Law law = byName.get(name);
        if (law == null) {
            throw new IllegalArgumentException("unknown law '" + name + "', expected one of " + names());
        }
        return law;
    }

    /** Names of the laws that define {@code nOpt(c)} and {@code dOpt(c)}, sorted. */
    public List<String> withComputeOptimum() {
        return byName.values().stream().filter(Law::hasComputeOptimum).map(Law::name).sorted().toList();
    }

    /**
     * The law whose parameter names are exactly the keys of {@code parameters} (a params map without
     * its fit's law name). Laws that share one model (power-law-offset, loss-curve) are one candidate;
     * no match or several distinct ones is an error naming the keys and the candidates.
     */
    public Law forParameters(Set<String> parameters) {
        List<Law> matches = byName.values().stream().filter(l -> Set.copyOf(l.parameterNames()).equals(parameters))
                .toList();
        if (matches.isEmpty()) {
            Map<String, List<String>> known = new LinkedHashMap<>();
            names().forEach(name -> known.put(name, law(name).parameterNames()));
            throw new IllegalArgumentException("params with keys " + sorted(parameters) + " match no law; laws and"
                    + " their parameters: " + known);
        }
        if (matches.stream().map(Law::model).distinct().count() > 1) {
            throw new IllegalArgumentException("params with keys " + sorted(parameters) + " match several laws "
                    + matches.stream().map(Law::name).toList() + "; pass the fit struct, which names its law");
        }
        return matches.get(0);
    }

    /**
     * The law as a compute-optimal one, for {@code function} (e.g. {@code n_opt}); throws naming the law
     * and the laws that have a compute-optimal size.
     */
    public ComputeOptimal computeOptimal(String function, String lawName, ScalingLaw law) {
        if (law instanceof ComputeOptimal optimal) {
            return optimal;
        }
        throw new IllegalArgumentException(function + ": the law '" + lawName + "' has no compute-optimal size;"
                + " laws with one: " + String.join(", ", withComputeOptimum()) + " (or the published "
                + DEFAULT_PUBLISHED + ")");
    }

    /** A published law by name; throws naming the published laws when it is not one. */
    public static ScalingLaw published(String name) {
        ScalingLaw law = PUBLISHED.get(name);
        if (law == null) {
            throw new IllegalArgumentException("unknown published law '" + name + "': the named laws are "
                    + sorted(PUBLISHED.keySet()) + "; for approaches 1 and 2 or your own fit pass the params or the"
                    + " fit struct of a row of the fits table");
        }
        return law;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
