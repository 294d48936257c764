package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.core.GoldenTable;
import org.scalingpipeline.core.laws.ChinchillaLaw;

/** Hoffmann et al. 2022 approach 3: Huber fit from the paper's grid, against scipy and the generating law. */
class ChinchillaFitterTest {

    private static GoldenTable synthetic;
    private static FitResult fit;

    @BeforeAll
    static void fitGoldenData() {
        // golden/chinchilla_huber_synthetic.csv: 40 points of the paper's law, 1 % noise, 3 outliers (x1.3),
        // with the scipy L-BFGS-B optimum over the same grid (scripts/chinchilla_huber_reference.py).
        synthetic = GoldenTable.load("chinchilla_huber_synthetic.csv");
        fit = ChinchillaFitter.create().fit(synthetic.column("n"), synthetic.column("d"), synthetic.column("loss"));
    }

    @Test
    void reachesTheScipyOptimum() {
        assertTrue(fit.converged(), fit.reason());
        // Same objective, same grid: BFGS must reach scipy's minimum. Relative tolerance 1e-4 on E, α, β
        // and 5e-4 on A, B (exponentials of a, b, which the flat Huber valley pins down less tightly;
        // scipy stops at its default factr/pgtol, this fitter polishes further).
        assertEquals(synthetic.commentValue("E"), fit.parameter("E"), synthetic.commentValue("E") * 1e-4, "E");
        assertEquals(synthetic.commentValue("alpha"), fit.parameter("alpha"), synthetic.commentValue("alpha") * 1e-4,
                "alpha");
        assertEquals(synthetic.commentValue("beta"), fit.parameter("beta"), synthetic.commentValue("beta") * 1e-4,
                "beta");
        assertEquals(synthetic.commentValue("A"), fit.parameter("A"), synthetic.commentValue("A") * 5e-4, "A");
        assertEquals(synthetic.commentValue("B"), fit.parameter("B"), synthetic.commentValue("B") * 5e-4, "B");
    }

    @Test
    void recoversThePaperLawDespiteOutliers() {
        // Generated from ChinchillaLaw.PAPER (E 1.69, α 0.34, β 0.28): 1 % noise on 40 points, so E within
        // 2 %, α and β within 0.03 absolute; the three 30 % outliers must not pull the fit.
        ChinchillaLaw paper = ChinchillaLaw.PAPER;
        assertEquals(paper.e(), fit.parameter("E"), paper.e() * 0.02);
        assertEquals(paper.alpha(), fit.parameter("alpha"), 0.03);
        assertEquals(paper.beta(), fit.parameter("beta"), 0.03);
    }

    @Test
    void huberIgnoresInjectedOutliersWhereLeastSquaresDoesNot() {
        // Java-generated data (seed 7) with 1 % noise; then 4 of 30 points multiplied by 1.5. Started at the
        // truth so the comparison is about the loss, not the grid.
        Random random = new Random(7);
        int count = 30;
        double[] n = new double[count];
        double[] d = new double[count];
        double[] loss = new double[count];
        ChinchillaLaw truth = ChinchillaLaw.PAPER;
        for (int i = 0; i < count; i++) {
            n[i] = Math.exp(Math.log(1e7) + random.nextDouble() * Math.log(1e3));
            d[i] = Math.exp(Math.log(1e9) + random.nextDouble() * Math.log(1e3));
            loss[i] = truth.loss(n[i], d[i]) * Math.exp(0.01 * random.nextGaussian());
        }
        for (int i : new int[] {3, 11, 19, 27}) {
            loss[i] *= 1.5;
        }
        ChinchillaFitter fromTruth = ChinchillaFitter.create().withStart(1.69, 406.4, 410.7, 0.34, 0.28);
        FitResult huber = fromTruth.fit(n, d, loss);
        FitResult squares = fromTruth.withDelta(1e3).fit(n, d, loss);
        double huberError = Math.abs(huber.parameter("E") - truth.e());
        double squaresError = Math.abs(squares.parameter("E") - truth.e());
        assertTrue(huberError < 0.05 * truth.e(), "Huber E = " + huber.parameter("E"));
        assertTrue(squaresError > 2 * huberError, "least squares E = " + squares.parameter("E")
                + " should be pulled by the outliers more than Huber E = " + huber.parameter("E"));
    }
}
