package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scalingpipeline.core.GoldenTable;

/**
 * The least-squares solvers on NIST StRD problems (certified values typed from the NIST pages named in the
 * golden files' headers): the Levenberg–Marquardt wrapper on Misra1a (golden/misra1a.dat) from both certified
 * starts, and the exact linear solve the IsoFLOP parabola uses on Pontius (golden/pontius.dat), a quadratic.
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

    @Test
    void solvesTheCertifiedPontiusQuadraticExactly() {
        GoldenTable data = GoldenTable.load("pontius.dat");
        double[] x = data.column("x");
        double[][] design = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            design[i] = new double[] {x[i] * x[i], x[i], 1};
        }

        LeastSquares.Solution solution = LeastSquares.linear(design, data.column("y"));

        // NIST: the certified values have 15 digits; an SVD on unit columns keeps 10 of them here (the raw design's
        // condition number is 1.4e13), the standard errors likewise.
        double[] certified = {-0.316081871345029E-14, 0.732059160401003E-06, 0.673565789473684E-03};
        double[] certifiedErrors = {0.486652849992036E-16, 0.157817399981659E-09, 0.107938612033077E-03};
        for (int j = 0; j < 3; j++) {
            assertEquals(certified[j], solution.point()[j], Math.abs(certified[j]) * 1e-10, "B" + (2 - j));
            assertEquals(certifiedErrors[j], solution.standardErrors()[j], certifiedErrors[j] * 1e-9, "sd(B" + (2 - j) + ")");
        }
        double residualDeviation = Math.sqrt(solution.sumOfSquares() / (x.length - 3));
        assertEquals(0.205177424076185E-03, residualDeviation, 0.205177424076185E-03 * 1e-10, "residual sd");
    }
}
