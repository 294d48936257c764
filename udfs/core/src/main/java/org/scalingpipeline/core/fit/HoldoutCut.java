package org.scalingpipeline.core.fit;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Where a holdout backtest splits a group's points into the ones fitted and the ones predicted, in one of the law's
 * column roles (a size or compute column): below an absolute cut-off, or by the group's largest values — the points
 * holding the largest {@code largest} fraction of the group's distinct values are predicted, the rest fitted. The
 * relative cut is what lets one plan entry backtest every study whatever its sizes, the way Hoffmann et al. 2022 (§3)
 * check a law: by how well the fit on the smaller runs predicts the larger ones.
 *
 * @param column the column role the cut applies to
 * @param below points whose column is below this are fitted; null when {@code largest} is given
 * @param largest the fraction, in (0, 1), of the group's distinct column values whose points are predicted (at least
 *     one value, and at least one value left to fit when the group has two); null when {@code below} is given
 */
public record HoldoutCut(String column, Double below, Double largest) implements Serializable {

    public HoldoutCut {
        if (column == null || (below == null) == (largest == null)) {
            throw new IllegalArgumentException("a holdout needs a column and either a cut-off below or a fraction of"
                    + " the largest values, got column " + column + ", below " + below + ", largest " + largest);
        }
        if (largest != null && !(largest > 0 && largest < 1)) {
            throw new IllegalArgumentException("holdout largest must be a fraction in (0, 1), got " + largest);
        }
    }

    /** Fit the points whose column is below {@code cut}, predict the rest. */
    public static HoldoutCut below(String column, double cut) {
        return new HoldoutCut(column, cut, null);
    }

    /** Predict the points holding the largest {@code fraction} of the group's distinct column values, fit the rest. */
    public static HoldoutCut largest(String column, double fraction) {
        return new HoldoutCut(column, null, fraction);
    }

    /**
     * The cut-off in a group's values of the column: points below it are fitted, the others predicted. For a relative
     * cut, the smallest of the held-out distinct values; NaN when the group has no finite value.
     */
    public double cutoff(double[] values) {
        if (below != null) {
            return below;
        }
        double[] distinct = Arrays.stream(values).filter(Double::isFinite).distinct().sorted().toArray();
        if (distinct.length == 0) {
            return Double.NaN;
        }
        int held = (int) Math.min(Math.max(1, Math.ceil(largest * distinct.length)), Math.max(1, distinct.length - 1));
        return distinct[distinct.length - held];
    }

    /** The rows of a group whose value is below its cut-off ({@link #cutoff}): the points fitted. */
    public static int[] fittedRows(double[] values, double cutoff) {
        return IntStream.range(0, values.length).filter(i -> values[i] < cutoff).toArray();
    }

    /** The rows of a group whose value is at or above its cut-off: the points predicted. */
    public static int[] predictedRows(double[] values, double cutoff) {
        return IntStream.range(0, values.length).filter(i -> values[i] >= cutoff).toArray();
    }

    /** The cut as the plan and {@code fits.group_id} name it: {@code below=1e9} or {@code largest=0.25}. */
    @Override
    public String toString() {
        return below != null ? "below=" + below : "largest=" + largest;
    }
}
