package org.scalingpipeline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scalingpipeline.core.fit.FitResult;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.ingest.CsvRecords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code scaling fit-file}: fits a law to any CSV file, without Spark or a warehouse — the quickest
 * way to check one's own numbers. Column roles are mapped to the file's headers with {@code --column}.
 */
@Command(name = "fit-file", mixinStandardHelpOptions = true,
    description = {"Fit a law to a CSV file: --law chinchilla --input runs.csv --column n=params --column d=tokens --column loss=loss",
        "The file is read as RFC 4180 CSV (quoted headers and fields; a .tsv is tab-separated). A row that repeats an"
            + " earlier row exactly is fitted once (stderr says which); rows that differ are all fitted."})
final class FitFileCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { json, table }

  @Spec
  CommandSpec spec;

  @Option(names = "--law", required = true,
      description = "power-law, power-law-offset, loss-curve, chinchilla, kaplan, routed, allocation or isoflop.")
  String law;

  @Option(names = "--input", required = true, paramLabel = "CSV", description = "A CSV file with a header line.")
  Path input;

  @Option(names = "--column", paramLabel = "ROLE=HEADER",
      description = "Which header holds each role of the law (x, y; n, d, loss; n, experts, loss; c, n_or_d); default: the role's own name.")
  Map<String, String> columns = new LinkedHashMap<>();

  @Option(names = "--exponent", description = "For allocation: hold the exponent fixed at this value.")
  Double exponent;

  @Option(names = "--bootstrap", description = "Bootstrap resamples for percentile intervals (default: none).")
  int bootstrap;

  @Option(names = "--max-points", description = "For chinchilla: the most points the fit takes (default 10,000;"
      + " its grid of starts costs about 20 ms per point).")
  Integer maxPoints;

  @Option(names = "--format", description = "json or table (default: ${DEFAULT-VALUE}).")
  Format format = Format.json;

  @Override
  public Integer call() throws IOException {
    FitSpec fitSpec;
    try {
      fitSpec = new FitSpec(law, exponent, bootstrap, null, maxPoints);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    List<String> roles = fitSpec.fitter().columns();
    FitResult fit = fitSpec.fitter().fit(read(roles));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("law", law);
    out.put("params", fit.parameters());
    out.put("stderr", fit.standardErrors());
    if (!fit.intervals().isEmpty()) {
      Map<String, List<Double>> intervals = new LinkedHashMap<>();
      fit.intervals().forEach((name, i) -> intervals.put(name, List.of(i.lower(), i.upper())));
      out.put("intervals", intervals);
    }
    out.put("n_points", fit.nPoints());
    out.put("rmse", Double.isFinite(fit.rmseLog()) ? fit.rmseLog() : null);
    out.put("r2", Double.isFinite(fit.r2()) ? fit.r2() : null);
    out.put("converged", fit.converged());
    out.put("reason", fit.reason());
    out.put("at_bound", fit.atBound());
    if (format == Format.json) {
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } else {
      SummaryTable table = new SummaryTable("parameter", "value", "stderr");
      fit.parameters().forEach((name, value) -> table.row(name, value, fit.standardErrors().get(name)));
      table.print();
      System.out.printf("n_points %d, rmse (ln) %s, converged %s%s%n", fit.nPoints(), out.get("rmse"), fit.converged(),
          fit.reason() == null ? "" : ", " + fit.reason());
    }
    return fit.converged() ? 0 : 1;
  }

  /**
   * The role columns of the CSV, read as ingest reads a CSV ({@link CsvRecords}: RFC 4180 quoting); a missing
   * header, an unreadable record or a non-numeric cell is an error naming it. A row that repeats an earlier row
   * exactly (every role's value alike) is one observation written twice: it is fitted once, and stderr says so.
   * Rows that share some values and differ in others are different observations and are all fitted.
   */
  private Observations read(List<String> roles) throws IOException {
    for (String role : columns.keySet()) {
      if (!roles.contains(role)) {
        throw new ParameterException(spec.commandLine(), "--column " + role + ": the law " + law + " has the roles " + roles);
      }
    }
    try (CsvRecords records = CsvRecords.open(input)) {
      CsvRecords.Record first = records.next();
      if (first == null) {
        throw new ParameterException(spec.commandLine(), input + " is empty: expected a header line");
      }
      List<String> header = first.fields();
      int[] index = new int[roles.size()];
      for (int r = 0; r < roles.size(); r++) {
        String name = columns.getOrDefault(roles.get(r), roles.get(r));
        index[r] = header.indexOf(name);
        if (index[r] < 0) {
          throw new ParameterException(spec.commandLine(), input + " has no column '" + name + "' for the role "
              + roles.get(r) + "; its columns are " + header + " (map roles with --column " + roles.get(r) + "=HEADER)");
        }
      }
      Map<List<Double>, Long> rows = new LinkedHashMap<>();
      List<String> repeats = new ArrayList<>();
      for (CsvRecords.Record record = records.next(); record != null; record = records.next()) {
        List<Double> row = new ArrayList<>();
        for (int r = 0; r < roles.size(); r++) {
          String cell = index[r] < record.fields().size() ? record.fields().get(index[r]).strip() : "";
          try {
            row.add(Double.parseDouble(cell));
          } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), input + " line " + record.line() + ", column '"
                + header.get(index[r]) + "': found '" + cell + "', expected a number");
          }
        }
        Long earlier = rows.putIfAbsent(row, record.line());
        if (earlier != null) {
          repeats.add("line " + record.line() + " = line " + earlier);
        }
      }
      if (!repeats.isEmpty()) {
        System.err.println("fit-file: " + repeats.size() + " row(s) repeat an earlier row exactly and are fitted once: "
            + String.join(", ", repeats.subList(0, Math.min(10, repeats.size()))) + (repeats.size() > 10 ? ", ..." : ""));
      }
      return Observations.ofRows(roles, rows.keySet().stream()
          .map(row -> row.stream().mapToDouble(Double::doubleValue).toArray()).toList());
    } catch (CsvRecords.Fault e) {
      throw new ParameterException(spec.commandLine(), input + " " + e.getMessage());
    }
  }
}
