package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scalingpipeline.core.GoldenTable;

/**
 * The Levenberg–Marquardt wrapper on NIST StRD Misra1a (golden/misra1a.dat, certified values typed from
 * the NIST page named in its header), from both certified starts.
 */
class LeastSquaresNistTest {

    private static final double B1 = 2.3894212918E+02;
    private static final double B2 = 5.5015643181E-04;
    private static final double SD_B1 = 2.7070075241E+00;
    private static final double SD_B2 = 7.2668688436E-06;
    private static final double RESIDUAL_SUM_OF_SQUARES = 1.2455138894E-01;

    @ParameterizedTest(name = "start ({0}, {1})")
    @CsvSource({"500, 1e-4", "250, 5e-4"})
    void reproducesCertifiedMisra1a(double start1, double start2) {
        GoldenTable data = GoldenTable.load("misra1a.dat");
        double[] x = data.column("x");
        double[] y = data.column("y");
        ParametricModel model = (p, i) -> p[0] * (1 - Math.exp(-p[1] * x[i]));

        LeastSquares.Solution solution = LeastSquares.fit(model, y, FitSpace.LINEAR, new double[] {start1, start2}, 1000);

        assertNull(solution.reason());
        // Certified values to 1e-6 relative (NIST: a good solver agrees to about 6 digits), the standard
        // errors to 1e-4 relative (they depend on the central-difference Jacobian).
        assertEquals(B1, solution.point()[0], B1 * 1e-6, "b1");
        assertEquals(B2, solution.point()[1], B2 * 1e-6, "b2");
        assertEquals(RESIDUAL_SUM_OF_SQUARES, solution.sumOfSquares(), RESIDUAL_SUM_OF_SQUARES * 1e-6, "RSS");
        assertEquals(SD_B1, solution.standardErrors()[0], SD_B1 * 1e-4, "sd(b1)");
        assertEquals(SD_B2, solution.standardErrors()[1], SD_B2 * 1e-4, "sd(b2)");
    }
}
