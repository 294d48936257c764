package org.scalingpipeline.core.laws;

import java.util.List;

/**
 * Unified scaling law for routed language models, Clark et al. 2022 ("Unified Scaling Laws for Routed
 * Language Models"), Eq. 1 with the saturating expert transform of §4:
 * {@code log L = a·log N + b·log Ê + c·log N·log Ê + d} and
 * {@code 1/Ê = 1/(E − 1 + (1/E_start − 1/E_max)^(−1)) + 1/E_max}. Logarithms are base 10 and E_start,
 * E_max are parametrised by their base-2 logarithms, as in the reference colab
 * (google-deepmind/scaling_laws_for_routing, example.ipynb), so fitted values compare one to one.
 *
 * @param a coefficient of log N
 * @param b coefficient of log Ê
 * @param c interaction coefficient
 * @param d intercept
 * @param log2EStart log2 of E_start
 * @param log2EMax log2 of E_max
 */
public record RoutedLaw(double a, double b, double c, double d, double log2EStart, double log2EMax)
        implements ScalingLaw {

    /** Parameters a, b, c, d, log2_e_start, log2_e_max, columns n, experts, loss. */
    public static final LawModel<RoutedLaw> MODEL = new LawModel<>(RoutedLaw.class,
            List.of("a", "b", "c", "d", "log2_e_start", "log2_e_max"), List.of("n", "experts", "loss"),
            p -> new RoutedLaw(p[0], p[1], p[2], p[3], p[4], p[5]), (law, x, i) -> law.loss(x[0][i], x[1][i]));

    /** Saturated expert count Ê for E experts. */
    public double saturatedExperts(double experts) {
        double eStart = Math.pow(2, log2EStart);
        double eMax = Math.pow(2, log2EMax);
        double inverse = 1.0 / (experts - 1 + 1.0 / (1.0 / eStart - 1.0 / eMax)) + 1.0 / eMax;
        return 1.0 / inverse;
    }

    /** log10 of the loss of a model with N dense parameters and E experts. */
    public double log10Loss(double n, double experts) {
        double logN = Math.log10(n);
        double logE = Math.log10(saturatedExperts(experts));
        return a * logN + b * logE + c * logN * logE + d;
    }

    public double loss(double n, double experts) {
        return Math.pow(10, log10Loss(n, experts));
    }

    /**
     * Effective parameter count (Clark et al. 2022, §5): the dense size that reaches the same
     * loss, {@code N̄ = N^(α(Ê)/α(E_start))·(Ê/E_start)^(b/α(E_start))} with {@code α(E) = a + c·log E}.
     */
    public double effectiveParams(double n, double experts) {
        double eHat = saturatedExperts(experts);
        double eStart = Math.pow(2, log2EStart);
        double alphaHat = a + c * Math.log10(eHat);
        double alphaStart = a + c * Math.log10(eStart);
        return Math.pow(n, alphaHat / alphaStart) * Math.pow(eHat / eStart, b / alphaStart);
    }

    @Override
    public LawModel<RoutedLaw> model() {
        return MODEL;
    }

    @Override
    public String name() {
        return "routed";
    }

    @Override
    public double[] values() {
        return new double[] {a, b, c, d, log2EStart, log2EMax};
    }
}
