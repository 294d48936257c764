package org.scalingpipeline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.ChinchillaFitter;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.IsoFlopFitter;
import org.scalingpipeline.core.fit.KaplanFitter;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.core.fit.OffsetPowerLawFitter;
import org.scalingpipeline.core.fit.PowerLawFitter;
import org.scalingpipeline.core.fit.RoutedLawFitter;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.RoutedLaw;

/**
 * Fits per second for each law on 25-point groups of synthetic data (1 % noise, seeded), and, when
 * {@code python3} with scipy is on the PATH, the same groups fitted by the scipy equivalents in
 * {@code fit_throughput.py} ({@link PythonReference}) in the same run, with the ratio Java/scipy.
 * Multi-start fitters run with a start count both sides share (Chinchilla: one start at the paper's
 * constants instead of the 4500-point grid; routed: 10 random starts), so the ratio compares optimisers,
 * not grids. Not a test: timings depend on the machine. Run:
 * {@code java -cp udfs/core/target/classes:commons-math3-3.6.1.jar org.scalingpipeline.core.bench.FitThroughputBenchmark [seconds per law]}
 */
public final class FitThroughputBenchmark {

    private static final int GROUP_SIZE = 25;
    private static final int GROUPS = 20;
    private static final double NOISE = 0.01;

    private record Case(String law, CurveFitter fitter, List<Observations> groups) {
    }

    private FitThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        List<Case> cases = cases(new Random(2024));
        Map<String, Double> java = new LinkedHashMap<>();
        for (Case c : cases) {
            java.put(c.law(), fitsPerSecond(c, seconds));
        }
        Map<String, Double> scipy = scipyFitsPerSecond(cases, seconds);
        System.out.printf(Locale.ROOT, "%-18s %14s %14s %10s%n", "law (25 points)", "java fits/s", "scipy fits/s",
                "java/scipy");
        for (Map.Entry<String, Double> row : java.entrySet()) {
            Double reference = scipy.get(row.getKey());
            System.out.printf(Locale.ROOT, "%-18s %14.1f %14s %10s%n", row.getKey(), row.getValue(),
                    reference == null ? "n/a" : String.format(Locale.ROOT, "%.1f", reference),
                    reference == null ? "n/a" : String.format(Locale.ROOT, "%.2f", row.getValue() / reference));
        }
        if (scipy.isEmpty()) {
            System.out.println("(scipy baseline skipped: python3 with numpy and scipy not available)");
        }
    }

    /** Warm-up pass over all groups, then as many passes as fit in the time budget. */
    private static double fitsPerSecond(Case c, double seconds) {
        c.groups().forEach(group -> requireConverged(c, c.fitter().fit(group)));
        long fits = 0;
        long start = System.nanoTime();
        long budget = (long) (seconds * 1e9);
        while (System.nanoTime() - start < budget) {
            for (Observations group : c.groups()) {
                c.fitter().fit(group);
                fits++;
            }
        }
        return fits / ((System.nanoTime() - start) / 1e9);
    }

    private static void requireConverged(Case c, FitResult fit) {
        if (fit.law() == null) {
            throw new IllegalStateException(c.law() + " benchmark fit failed: " + fit.reason());
        }
    }

    private static List<Case> cases(Random random) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("power-law", PowerLawFitter.create(),
                groups(random, r -> xy(r, 1e3, 1e9, x -> 2.5 * Math.pow(x, -0.3)))));
        cases.add(new Case("loss-curve", OffsetPowerLawFitter.create(),
                groups(random, r -> xy(r, 1e2, 1e6, x -> 1.8 + 50 * Math.pow(x, -0.35)))));
        cases.add(new Case("allocation", AllocationFitter.create().withExponent(0.5),
                groups(random, r -> renamed(xy(r, 1e18, 1e24, x -> 0.1 * Math.sqrt(x)), "c", "n_or_d"))));
        cases.add(new Case("isoflop", IsoFlopFitter.create(), groups(random,
                r -> renamed(xy(r, 1e8, 1e10, x -> 0.05 * Math.pow(Math.log(x / 1e9), 2) + 2), "n", "loss"))));
        cases.add(new Case("kaplan", KaplanFitter.create().withStart(6.4e13, 1.8e13, 0.076, 0.103),
                groups(random, r -> twoFactor(r, KaplanLaw.PAPER::loss))));
        ChinchillaLaw paper = ChinchillaLaw.PAPER;
        cases.add(new Case("chinchilla", ChinchillaFitter.create()
                .withStart(paper.e(), paper.a(), paper.b(), paper.alpha(), paper.beta()),
                groups(random, r -> twoFactor(r, paper::loss))));
        RoutedLaw routed = new RoutedLaw(-0.083, -0.118, 0.0099, 1.11, 1.05, 7.9);
        cases.add(new Case("routed", RoutedLawFitter.create().withStarts(10), groups(random, r -> routed(r, routed))));
        return cases;
    }

    private static List<Observations> groups(Random random, Function<Random, Observations> group) {
        List<Observations> out = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            out.add(group.apply(random));
        }
        return out;
    }

    private static double logUniform(Random random, double low, double high) {
        return Math.exp(Math.log(low) + random.nextDouble() * Math.log(high / low));
    }

    private static double noise(Random random) {
        return Math.exp(NOISE * random.nextGaussian());
    }

    private static Observations xy(Random random, double low, double high, DoubleUnaryOperator law) {
        double[] x = new double[GROUP_SIZE];
        double[] y = new double[GROUP_SIZE];
        for (int i = 0; i < GROUP_SIZE; i++) {
            x[i] = logUniform(random, low, high);
            y[i] = law.applyAsDouble(x[i]) * noise(random);
        }
        return Observations.of("x", x, "y", y);
    }

    private static Observations renamed(Observations xy, String x, String y) {
        return Observations.of(x, xy.column("x"), y, xy.column("y"));
    }

    private static Observations twoFactor(Random random, DoubleBinaryOperator law) {
        double[] n = new double[GROUP_SIZE];
        double[] d = new double[GROUP_SIZE];
        double[] loss = new double[GROUP_SIZE];
        for (int i = 0; i < GROUP_SIZE; i++) {
            n[i] = logUniform(random, 1e7, 1e10);
            d[i] = logUniform(random, 1e9, 1e12);
            loss[i] = law.applyAsDouble(n[i], d[i]) * noise(random);
        }
        return Observations.of("n", n, "d", d, "loss", loss);
    }

    private static Observations routed(Random random, RoutedLaw law) {
        double[] sizes = {1.5e7, 5e7, 1.3e8, 3.7e8, 1.3e9};
        double[] experts = {1, 8, 32, 128, 512};
        double[] n = new double[GROUP_SIZE];
        double[] e = new double[GROUP_SIZE];
        double[] loss = new double[GROUP_SIZE];
        for (int i = 0; i < GROUP_SIZE; i++) {
            n[i] = sizes[i / experts.length];
            e[i] = experts[i % experts.length];
            loss[i] = law.loss(n[i], e[i]) * noise(random);
        }
        return Observations.of("n", n, "experts", e, "loss", loss);
    }

    /**
     * Writes the groups as CSV (law, group, then the fitter's columns in role order), runs the scipy script
     * on them and reads back "law fits_per_second" lines; empty when python3/scipy is unavailable.
     */
    private static Map<String, Double> scipyFitsPerSecond(List<Case> cases, double seconds) throws IOException {
        if (!PythonReference.available()) {
            return Map.of();
        }
        Path dir = PythonReference.extract(Files.createTempDirectory("fit-throughput"));
        try {
            Path data = Files.writeString(dir.resolve("groups.csv"), csv(cases), StandardCharsets.UTF_8);
            Map<String, Double> result = new LinkedHashMap<>();
            for (String line : PythonReference.run(dir, PythonReference.FIT_THROUGHPUT, Duration.ofMinutes(10),
                    data.toString(), Double.toString(seconds))) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    result.put(parts[0], Double.parseDouble(parts[1]));
                }
            }
            return result;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String csv(List<Case> cases) {
        StringBuilder out = new StringBuilder("law,group,c1,c2,c3\n");
        for (Case c : cases) {
            for (int g = 0; g < c.groups().size(); g++) {
                Observations group = c.groups().get(g);
                for (int i = 0; i < group.size(); i++) {
                    out.append(c.law()).append(',').append(g);
                    for (String role : c.fitter().columns()) {
                        out.append(',').append(group.column(role)[i]);
                    }
                    if (c.fitter().columns().size() == 2) {
                        out.append(',');
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
