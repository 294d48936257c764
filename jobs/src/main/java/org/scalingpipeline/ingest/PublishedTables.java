package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.scalingpipeline.json.JsonFields;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The published tables: the reference laws typed from the papers ({@code data/reference-laws.json})
 * and Hoffmann et al.'s compute-optimal estimates (Tables 3 and A3, {@code chinchilla/approach_*.csv}
 * in the data directory).
 */
public final class PublishedTables {

  /** Where the reference laws sit on the class path. */
  public static final String REFERENCE_LAWS = "data/reference-laws.json";
  /** The header of the Chinchilla estimate files. */
  public static final String ALLOCATION_HEADER = "FLOPs,Parameters,Tokens";

  private PublishedTables() {}

  /** {@code reference_laws} rows. */
  public static List<Row> referenceLaws() {
    try (InputStream in = PublishedTables.class.getClassLoader().getResourceAsStream(REFERENCE_LAWS)) {
      if (in == null) {
        throw new IllegalStateException(REFERENCE_LAWS + " is not on the class path");
      }
      List<Row> rows = new ArrayList<>();
      for (JsonNode law : JsonFields.mapper().readTree(in)) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = law.get("params").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          params.put(p.getKey(), p.getValue().asDouble());
        }
        rows.add(RowFactory.create(law.get("law").asText(), law.get("paper").asText(),
            law.get("location").asText(), law.get("form").asText(), CollectionConverters.asScala(params),
            law.hasNonNull("note") ? law.get("note").asText() : null));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + REFERENCE_LAWS, e);
    }
  }

  /** The rows of one estimates table, with rejects and the accounting. */
  public record Allocations(List<Row> rows, List<Reject> rejects, Accounting accounting) {}

  /** Reads a Chinchilla estimates table ({@code FLOPs,Parameters,Tokens}) as published allocations. */
  public static Allocations allocations(InputFile file, String approach, String paper) {
    String path = file.path();
    List<Row> rows = new ArrayList<>();
    List<Reject> rejects = new ArrayList<>();
    try (TextLines lines = file.records()) {
      TextLines.Line header = lines.next();
      if (header == null || header.fault() != null || !ALLOCATION_HEADER.equals(header.text().strip())) {
        String found = header == null ? "nothing" : header.fault() != null ? header.fault() : "'" + header.text() + "'";
        Reject fault = Reject.wholeFile(path, "found header " + found + ", expected '" + ALLOCATION_HEADER + "'");
        return new Allocations(List.of(), List.of(fault), new Accounting(1, 0, 1, 0, 0));
      }
      for (TextLines.Line line = lines.next(); line != null; line = lines.next()) {
        if (line.fault() != null) {
          rejects.add(new Reject(path, line.number(), null, line.fault()));
          continue;
        }
        if (line.text().isBlank()) {
          continue;
        }
        try {
          String[] c = Csv.fields(line.text()).toArray(String[]::new);
          if (c.length != 3) {
            throw new Cells.BadCell("row", line.text(), "3 fields (" + ALLOCATION_HEADER + ")");
          }
          rows.add(RowFactory.create(approach, paper, Cells.positive("FLOPs", c[0]),
              Cells.positive("Parameters", c[1]), Cells.positive("Tokens", c[2]), path));
        } catch (Cells.BadCell e) {
          rejects.add(new Reject(path, line.number(), line.text(), e.getMessage()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return new Allocations(rows, rejects,
        new Accounting(rows.size() + rejects.size(), rows.size(), rejects.size(), 0, 0));
  }
}
