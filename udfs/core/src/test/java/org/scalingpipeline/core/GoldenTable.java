package org.scalingpipeline.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a golden CSV from {@code src/test/resources/golden}: {@code #} lines name the source (paper,
 * table) and tolerance, then a header and rows. Cells stay strings so a test can read the printed
 * precision of a value ({@link #halfUlpOfPrinted}).
 */
public final class GoldenTable {

    private final List<String> comments;
    private final List<Map<String, String>> rows;

    private GoldenTable(List<String> comments, List<Map<String, String>> rows) {
        this.comments = comments;
        this.rows = rows;
    }

    public static GoldenTable load(String name) {
        InputStream in = GoldenTable.class.getResourceAsStream("/golden/" + name);
        if (in == null) {
            throw new IllegalStateException("golden file /golden/" + name + " not on the test classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> comments = new ArrayList<>();
            List<Map<String, String>> rows = new ArrayList<>();
            String[] header = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    comments.add(line.substring(1).trim());
                } else if (!line.isBlank()) {
                    String[] cells = line.split(",", -1);
                    if (header == null) {
                        header = cells;
                    } else {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 0; i < header.length; i++) {
                            row.put(header[i], i < cells.length ? cells[i].trim() : "");
                        }
                        rows.add(row);
                    }
                }
            }
            return new GoldenTable(comments, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Map<String, String>> rows() {
        return rows;
    }

    public List<String> comments() {
        return comments;
    }

    /** Numeric column of all rows. */
    public double[] column(String name) {
        return rows.stream().mapToDouble(row -> Double.parseDouble(row.get(name))).toArray();
    }

    /** Value {@code key=<number>} from the comment lines, e.g. the reference optimum of a script. */
    public double commentValue(String key) {
        for (String comment : comments) {
            for (String token : comment.split("\\s+")) {
                if (token.startsWith(key + "=")) {
                    return Double.parseDouble(token.substring(key.length() + 1));
                }
            }
        }
        throw new IllegalStateException("no '" + key + "=' in the header comments " + comments);
    }

    /** Half a unit in the last printed digit of a value such as {@code 5.93e17} (→ 0.005e17). */
    public static double halfUlpOfPrinted(String printed) {
        String mantissa = printed.toLowerCase().split("e")[0];
        int exponent = printed.toLowerCase().contains("e") ? Integer.parseInt(printed.toLowerCase().split("e")[1]) : 0;
        int decimals = mantissa.contains(".") ? mantissa.length() - mantissa.indexOf('.') - 1 : 0;
        return 0.5 * Math.pow(10, exponent - decimals);
    }
}
