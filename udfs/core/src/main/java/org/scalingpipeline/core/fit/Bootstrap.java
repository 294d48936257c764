package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Bootstrap confidence intervals for any {@link CurveFitter}: refits on seeded resamples of the rows
 * (drawn with replacement, by position in the rows' {@link Observations#sorted canonical order}, so
 * that the intervals do not depend on the order the rows came in) and reports percentile intervals of
 * each parameter (numpy's default linear interpolation) on the full-data fit. Each resample starts at the full-data
 * fit ({@link CurveFitter#startingAt}), the way a resample is fitted by hand. Resamples whose fit fails are skipped.
 * The resamples' parameters are kept on the result ({@link FitResult#draws}) so that a function of the parameters,
 * such as a compute-optimal size, can be given an interval the same way. Itself a {@link CurveFitter}, so it can be
 * used wherever a fitter is.
 */
public final class Bootstrap implements CurveFitter {

    private final CurveFitter fitter;
    private final int resamples;
    private final long seed;
    private final double level;

    private Bootstrap(CurveFitter fitter, int resamples, long seed, double level) {
        this.fitter = fitter;
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
    }

    /** 200 resamples, seed 42, 95 % intervals. */
    public static Bootstrap of(CurveFitter fitter) {
        return new Bootstrap(fitter, 200, 42, 0.95);
    }

    public Bootstrap withResamples(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("resamples = " + count + ", expected >= 2");
        }
        return new Bootstrap(fitter, count, seed, level);
    }

    public Bootstrap withSeed(long newSeed) {
        return new Bootstrap(fitter, resamples, newSeed, level);
    }

    /** Confidence level in (0, 1). */
    public Bootstrap withLevel(double newLevel) {
        if (!(newLevel > 0 && newLevel < 1)) {
            throw new IllegalArgumentException("level = " + newLevel + ", expected in (0, 1)");
        }
        return new Bootstrap(fitter, resamples, seed, newLevel);
    }

    @Override
    public FitResult fit(Observations observations) {
        FitResult full = fitter.fit(observations);
        if (full.law() == null) {
            return full;
        }
        return Fits.guarded(full.nPoints(), () -> {
            List<Map<String, Double>> draws = draws(observations.sorted(), full);
            return full.withBootstrap(intervals(draws), draws);
        });
    }

    /** The parameters of each resample whose fit converged. */
    private List<Map<String, Double>> draws(Observations observations, FitResult full) {
        Random random = new Random(seed);
        int n = observations.size();
        CurveFitter resampleFitter = fitter.startingAt(full);
        List<Map<String, Double>> draws = new ArrayList<>();
        for (int r = 0; r < resamples; r++) {
            int[] rows = random.ints(n, 0, n).toArray();
            FitResult fit = resampleFitter.fit(observations.rows(rows));
            if (fit.law() != null && fit.converged()) {
                draws.add(fit.parameters());
            }
        }
        return draws;
    }

    /** Percentile intervals of each parameter over the draws; none when no resample converged. */
    private Map<String, Interval> intervals(List<Map<String, Double>> draws) {
        Map<String, Interval> intervals = new LinkedHashMap<>();
        if (draws.isEmpty()) {
            return intervals;
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        double tail = 50 * (1 - level);
        for (String name : draws.get(0).keySet()) {
            double[] data = draws.stream().mapToDouble(d -> d.get(name)).toArray();
            intervals.put(name, new Interval(percentile.evaluate(data, tail), percentile.evaluate(data, 100 - tail),
                    level));
        }
        return intervals;
    }

    @Override
    public List<String> columns() {
        return fitter.columns();
    }

    @Override
    public double[] predict(ScalingLaw law, Observations observations) {
        return fitter.predict(law, observations);
    }
}
