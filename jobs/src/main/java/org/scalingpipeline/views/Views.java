package org.scalingpipeline.views;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The analysis views over the warehouse tables, one Spark SQL query per file in the class-path folder
 * {@value #FOLDER} ({@code <name>.sql}, opening with a comment that says what a row is). Each is
 * registered as a temporary view of its name. Rows of the plan's inputs ({@link #RUN_VIEWS}) are built
 * from relations passed as named parameters ({@code FROM IDENTIFIER(:runs)}), so one query text serves
 * the session's tables, a pinned Delta version of them and the few runs a refit reads; Spark does not
 * allow parameters in a {@code CREATE VIEW}, so the registry runs each query with its parameters and
 * registers the analysed result. The other views read the tables, earlier views and {@code plan_roles}
 * (the fit plan's {@link PlanRoles}) by name.
 */
public final class Views {

  /** The class-path folder of the view files. */
  public static final String FOLDER = "org/scalingpipeline/views/";

  /** The views in the order they are registered: each reads only tables, plan_roles and views before it. */
  public static final List<String> NAMES = List.of("fits_latest", "law_leaderboard", "law_wins", "perceiver_ar_setup",
      "points_bpb", "curve_points", "final_points", "routed_final", "trained_isoflop_check", "checkpoint_average_gain",
      "allocation_laws");

  /** The plan's inputs built from {@code runs} and {@code points}, with the relations each one reads. */
  private static final Map<String, List<String>> RUN_VIEW_SOURCES = runViewSources();

  /** The plan's inputs built from {@code runs} and {@code points}, in order. */
  public static final List<String> RUN_VIEWS = List.copyOf(RUN_VIEW_SOURCES.keySet());

  private Views() {}

  private static Map<String, List<String>> runViewSources() {
    Map<String, List<String>> sources = new LinkedHashMap<>();
    sources.put("curve_points", List.of("runs", "points"));
    sources.put("final_points", List.of("curve_points"));
    sources.put("routed_final", List.of("final_points"));
    return sources;
  }

  /** A view's query, as its file holds it. */
  public static String sql(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no view '" + name + "': the views are " + NAMES);
    }
    String file = FOLDER + name + ".sql";
    try (InputStream in = Views.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(file + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** What a row of the view is: its file's opening comment, without the comment marks. */
  public static String about(String name) {
    return sql(name).lines().takeWhile(line -> line.startsWith("--"))
        .map(line -> line.substring(2).trim()).collect(Collectors.joining(" ")).trim();
  }

  /** The relations a view reads through parameters: empty unless it is one of the {@link #RUN_VIEWS}. */
  public static List<String> sources(String name) {
    return RUN_VIEW_SOURCES.getOrDefault(name, List.of());
  }

  /**
   * Registers {@code plan_roles} and every view over the session's tables; the tables must be
   * registered (see {@code Warehouse.open}).
   */
  public static void register(SparkSession spark, PlanRoles roles) {
    roles.rows(spark).createOrReplaceTempView("plan_roles");
    for (String name : NAMES) {
      Map<String, Object> args = new LinkedHashMap<>();
      sources(name).forEach(source -> args.put(source, source));
      spark.sql(sql(name), args).createOrReplaceTempView(name);
    }
  }

  /**
   * The {@link #RUN_VIEWS} over given rows of {@code runs} and {@code points} (a snapshot, or some runs
   * of one). The rows are named for the queries under temporary names that are dropped once the
   * queries are analysed; the session's own views stay as they were.
   */
  public static Map<String, Dataset<Row>> runViews(Dataset<Row> runs, Dataset<Row> points) {
    SparkSession spark = runs.sparkSession();
    Map<String, Dataset<Row>> relations = new LinkedHashMap<>();
    relations.put("runs", runs);
    relations.put("points", points);
    Map<String, Dataset<Row>> views = new LinkedHashMap<>();
    try {
      for (String name : RUN_VIEWS) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (String source : sources(name)) {
          String temporary = "run_views_source_" + source;
          relations.get(source).createOrReplaceTempView(temporary);
          args.put(source, temporary);
        }
        Dataset<Row> view = spark.sql(sql(name), args);
        views.put(name, view);
        relations.put(name, view);
      }
    } finally {
      relations.keySet().forEach(source -> spark.catalog().dropTempView("run_views_source_" + source));
    }
    return views;
  }
}
