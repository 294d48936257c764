package org.scalingpipeline.core.fit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.scalingpipeline.core.SeedData;

/**
 * The Clark et al. 2022 seed data (routing/curves.csv.gz) reduced as the reference colab does: per run
 * (hyper_id) the last non-empty {@code loss_validation} by step (some runs split their final evaluation
 * over steps 248000 and 249000), restricted to routing_frequency 0.5, k 1, seed 42, with the dense runs
 * added as E = 1 to every router's points.
 */
final class RoutingCurves {

    /** (dense parameter count, experts, final validation loss) of one run. */
    record Point(double n, double experts, double loss) {
    }

    private RoutingCurves() {
    }

    static Observations forRouter(String routerType) throws IOException {
        List<Point> points = new ArrayList<>();
        for (Map.Entry<String, List<Point>> entry : finalPointsByRouter().entrySet()) {
            if (entry.getKey().equals("Dense") || entry.getKey().equals(routerType)) {
                points.addAll(entry.getValue());
            }
        }
        return Observations.of(
                "n", points.stream().mapToDouble(Point::n).toArray(),
                "experts", points.stream().mapToDouble(Point::experts).toArray(),
                "loss", points.stream().mapToDouble(Point::loss).toArray());
    }

    private static Map<String, List<Point>> finalPointsByRouter() throws IOException {
        Map<String, TreeMap<Long, String[]>> runs = new HashMap<>();
        Map<String, Integer> column = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(SeedData.file("routing/curves.csv.gz"))),
                StandardCharsets.UTF_8))) {
            String[] header = reader.readLine().split(",");
            for (int i = 0; i < header.length; i++) {
                column.put(header[i], i);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] cells = line.split(",", -1);
                if (!cells[column.get("loss_validation")].isEmpty()) {
                    runs.computeIfAbsent(cells[column.get("hyper_id")], id -> new TreeMap<>())
                            .put(Long.parseLong(cells[column.get("step")]), cells);
                }
            }
        }
        Map<String, List<Point>> byRouter = new HashMap<>();
        for (TreeMap<Long, String[]> run : runs.values()) {
            String[] last = run.lastEntry().getValue();
            if (Double.parseDouble(last[column.get("routing_frequency")]) == 0.5
                    && Integer.parseInt(last[column.get("k")]) == 1
                    && Integer.parseInt(last[column.get("seed")]) == 42) {
                byRouter.computeIfAbsent(last[column.get("router_type")], r -> new ArrayList<>())
                        .add(new Point(Double.parseDouble(last[column.get("dense_parameter_count")]),
                                Double.parseDouble(last[column.get("num_experts")]),
                                Double.parseDouble(last[column.get("loss_validation")])));
            }
        }
        return byRouter;
    }
}
