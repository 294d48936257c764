package org.scalingpipeline.core;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.ChinchillaFitter;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.IsoFlopFitter;
import org.scalingpipeline.core.fit.KaplanFitter;
import org.scalingpipeline.core.fit.OffsetPowerLawFitter;
import org.scalingpipeline.core.fit.PowerLawFitter;
import org.scalingpipeline.core.fit.RoutedLawFitter;

/**
 * The one registry of law names, used by the CLI ({@code fit-file --law <name>}) and the SQL functions
 * to drive any fitter generically. Column roles per law ({@link CurveFitter#columns()}):
 * <ul>
 *   <li>{@code power-law}: x, y — {@code y = k·x^m}, log space</li>
 *   <li>{@code power-law-offset}, {@code loss-curve}: x, y — {@code y = E + A·x^(−α)}; for a loss curve
 *       x is the step (or tokens) and y the loss</li>
 *   <li>{@code kaplan}: n, d, loss</li>
 *   <li>{@code chinchilla}: n, d, loss (Huber, approach 3)</li>
 *   <li>{@code routed}: n, experts, loss</li>
 *   <li>{@code allocation}: c, n_or_d — free exponent; a fixed exponent is
 *       {@code AllocationFitter.create().withExponent(a)}</li>
 *   <li>{@code isoflop}: n, loss</li>
 * </ul>
 */
public final class Laws {

    private static final Map<String, Supplier<CurveFitter>> FITTERS = Map.of(
            "power-law", PowerLawFitter::create,
            "power-law-offset", OffsetPowerLawFitter::create,
            "loss-curve", OffsetPowerLawFitter::create,
            "kaplan", KaplanFitter::create,
            "chinchilla", ChinchillaFitter::create,
            "routed", RoutedLawFitter::create,
            "allocation", AllocationFitter::create,
            "isoflop", IsoFlopFitter::create);

    private Laws() {
    }

    /** Law names accepted by {@link #fitterFor(String)}, sorted. */
    public static List<String> names() {
        return FITTERS.keySet().stream().sorted().toList();
    }

    /** The default fitter of a law; throws naming the known laws when {@code name} is not one. */
    public static CurveFitter fitterFor(String name) {
        Supplier<CurveFitter> fitter = FITTERS.get(name);
        if (fitter == null) {
            throw new IllegalArgumentException("unknown law '" + name + "', expected one of " + names());
        }
        return fitter.get();
    }

    /** Column roles the law's fitter reads, response last. */
    public static List<String> columnsFor(String name) {
        return fitterFor(name).columns();
    }
}
