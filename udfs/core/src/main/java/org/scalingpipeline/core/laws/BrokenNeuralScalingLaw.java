package org.scalingpipeline.core.laws;

/**
 * Caballero, Gupta, Rish and Krueger 2022, "Broken Neural Scaling Laws" (ICLR 2023), Eq. 1: the smoothly broken
 * power law {@code y = a + (b·x^(−c0))·∏ᵢ (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)}, i = 1..n. Below the first break
 * {@code d1} it is the power law {@code a + b·x^(−c0)}; past break i its log-log slope has changed by {@code −cᵢ}
 * (far above d1 alone, {@code a + b·d1^c1·x^(−(c0+c1))}), and {@code fᵢ} is how sharply it turns there (smaller
 * is sharper). a is the limit the metric approaches, b its scale, c0 the first segment's decay. One record per
 * number of breaks ({@link Bnsl1Law}, {@link Bnsl2Law}); their values are {@code a, b, c0} and then
 * {@code cᵢ, dᵢ, fᵢ} per break, as the paper's code orders them.
 *
 * <p>{@link #y} evaluates Eq. 1 in logarithms: {@code (1 + (x/d)^(1/f))^(−c·f)} is {@code exp(−c·f·softplus(ln(x/d)/f))},
 * so a sharp break (f of a few hundredths, where {@code (x/d)^(1/f)} overflows a double a few decades past d) and
 * x over many decades neither overflow nor lose the power-law tails to rounding.
 */
public sealed interface BrokenNeuralScalingLaw extends ScalingLaw permits Bnsl1Law, Bnsl2Law {

    /** Values per break: c, d, f. */
    int PER_BREAK = 3;
    /** Values before the breaks: a, b, c0. */
    int LEADING = 3;

    /** The law's metric y at x (Eq. 1); NaN where a logarithm it takes is undefined (x, b or a dᵢ negative) or fᵢ = 0. */
    default double y(double x) {
        double[] p = values();
        double logX = Math.log(x);
        double logExcess = Math.log(p[1]) - p[2] * logX;
        for (int i = LEADING; i < p.length; i += PER_BREAK) {
            logExcess += p[i] * logBreak(logX, p[i + 1], p[i + 2]);
        }
        return p[0] + Math.exp(logExcess);
    }

    /**
     * {@code ln (1 + (x/d)^(1/f))^(−f)} at {@code ln x}: the logarithm of a break's factor per unit of its c, as
     * {@code −f·softplus(ln(x/d)/f)} with {@code softplus(t) = max(t, 0) + ln(1 + e^(−|t|))}, exact for large |t|
     * where the direct form overflows or rounds to 0.
     */
    static double logBreak(double logX, double d, double f) {
        double t = (logX - Math.log(d)) / f;
        return -f * (Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))));
    }
}
