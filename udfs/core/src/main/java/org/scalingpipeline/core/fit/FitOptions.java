package org.scalingpipeline.core.fit;

/**
 * Settings shared by the fitters, copied on every {@code withX} so that fitters stay immutable.
 *
 * @param start user-chosen start point, null for the fitter's own starts
 * @param maxIterations iteration limit of one optimiser run
 * @param space residual space
 * @param seed seed of random starts
 * @param starts number of random starts (multi-start fitters)
 */
record FitOptions(double[] start, int maxIterations, FitSpace space, long seed, int starts) {

    static FitOptions defaults(FitSpace space) {
        return new FitOptions(null, 1000, space, 42, 1);
    }

    FitOptions withStart(double... newStart) {
        return new FitOptions(newStart.clone(), maxIterations, space, seed, starts);
    }

    FitOptions withMaxIterations(int newMaxIterations) {
        if (newMaxIterations < 1) {
            throw new IllegalArgumentException("maxIterations = " + newMaxIterations + ", expected >= 1");
        }
        return new FitOptions(start, newMaxIterations, space, seed, starts);
    }

    FitOptions withSpace(FitSpace newSpace) {
        return new FitOptions(start, maxIterations, newSpace, seed, starts);
    }

    FitOptions withSeed(long newSeed) {
        return new FitOptions(start, maxIterations, space, newSeed, starts);
    }

    FitOptions withStarts(int newStarts) {
        if (newStarts < 1) {
            throw new IllegalArgumentException("starts = " + newStarts + ", expected >= 1");
        }
        return new FitOptions(start, maxIterations, space, seed, newStarts);
    }
}
