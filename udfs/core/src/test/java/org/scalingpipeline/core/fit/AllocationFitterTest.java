package org.scalingpipeline.core.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scalingpipeline.core.GoldenTable;
import org.scalingpipeline.core.SeedData;
import org.scalingpipeline.core.laws.AllocationLaw;

/** Allocation fits on Hoffmann et al. 2022 approach-1/2 estimates, as the perceiver-io article does them. */
class AllocationFitterTest {

    /** Columns FLOPs, Parameters, Tokens of chinchilla/approach_{1,2}.csv in the seed data. */
    static double[][] approach(String number) throws IOException {
        List<String> lines = Files.readAllLines(SeedData.file("chinchilla/approach_" + number + ".csv"));
        double[][] columns = new double[3][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            for (int j = 0; j < 3; j++) {
                columns[j][i - 1] = Double.parseDouble(cells[j]);
            }
        }
        return columns;
    }

    static Stream<Map<String, String>> articleFits() {
        return GoldenTable.load("chinchilla_allocation.csv").rows().stream();
    }

    @ParameterizedTest(name = "approach {0}")
    @MethodSource("articleFits")
    void fixedExponentFitsMatchTheArticle(Map<String, String> row) throws IOException {
        double[][] table = approach(row.get("approach"));
        double a = Double.parseDouble(row.get("a"));
        double b = Double.parseDouble(row.get("b"));

        FitResult n = AllocationFitter.create().withExponent(a).fit(table[0], table[1]);
        FitResult d = AllocationFitter.create().withExponent(b).fit(table[0], table[2]);

        assertTrue(n.converged() && d.converged(), n.reason() + " / " + d.reason());
        // Source and tolerances: header of golden/chinchilla_allocation.csv.
        double kN = Double.parseDouble(row.get("k_n"));
        double kD = Double.parseDouble(row.get("k_d"));
        assertEquals(kN, n.parameter("k"), kN * 1e-3, "k_N approach " + row.get("approach"));
        assertEquals(kD, d.parameter("k"), kD * 1e-3, "k_D approach " + row.get("approach"));
        AllocationLaw law = (AllocationLaw) n.law();
        for (String budget : new String[] {"578e17", "198e17"}) {
            String printed = row.get("n_opt_" + budget);
            if (!printed.isEmpty()) {
                double c = Double.parseDouble(budget.substring(0, 1) + "." + budget.substring(1, 3) + "e17");
                assertEquals(Double.parseDouble(printed), law.optimum(c), Double.parseDouble(printed) * 5e-3,
                        "N_opt(" + c + ") approach " + row.get("approach"));
            }
        }
    }

    @Test
    void freeExponentFitIsTheLogLogLine() throws IOException {
        // numpy.linalg.lstsq of ln N on ln C (scripts/allocation_reference.py, "free N"): approach 1 slope
        // 0.49809869, intercept -2.31103134; relative tolerance 1e-6.
        double[][] table = approach("1");
        FitResult fit = AllocationFitter.create().fit(table[0], table[1]);
        assertEquals(0.49809869, fit.parameter("exponent"), 0.49809869 * 1e-6);
        assertEquals(Math.exp(-2.31103134), fit.parameter("k"), Math.exp(-2.31103134) * 1e-6);
        assertEquals(FitSpace.LOG, fit.space());
    }
}
