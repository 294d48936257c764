package org.scalingpipeline.ml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.Law;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.HoldoutCut;

/**
 * The Params {@link ScalingLawEstimator} and {@link ScalingLawModel} share, created for one owner (whose uid
 * must be assigned first: a Param belongs to its parent's uid), with their defaults; and what they mean: the
 * input column of each role of the chosen law, the {@link FitSpec} they describe, and the schema checks.
 * Spark finds Params only through public no-argument methods, so each owner exposes every Param here by
 * one such method; a role column Param is named after its role, e.g. {@code nCol} for {@code n},
 * {@code nOrDCol} for {@code n_or_d}, and defaults to the role's name.
 */
final class LawParams implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The names of the output columns of a compute-optimal split of a budget. */
  static final String N_OPT = "n_opt";
  static final String D_OPT = "d_opt";

  final Param<String> law;
  final Map<String, Param<String>> roleCols = new LinkedHashMap<>();
  final StringArrayParam groupCols;
  final IntParam bootstrap;
  final Param<String> holdoutCol;
  final DoubleParam holdoutBelow;
  final DoubleParam fixedExponent;
  final IntParam maxPoints;
  final Param<String> predictionCol;
  final Param<String> budgetCol;

  LawParams(Params owner) {
    String uid = owner.uid();
    law = new Param<>(uid, "law", "the law to fit, a name of the law registry: " + Laws.ALL.names(),
        ParamValidators.inArray(Laws.ALL.names()));
    for (String name : Laws.ALL.names()) {
      for (String role : Laws.ALL.law(name).columns()) {
        roleCols.computeIfAbsent(role, r -> new Param<>(uid, paramName(r), "the input column of the role '" + r
            + "' (laws: " + lawsWithRole(r) + ")"));
      }
    }
    groupCols = new StringArrayParam(owner, "groupCols", "columns whose values each get a fit of their own");
    bootstrap = new IntParam(uid, "bootstrap", "bootstrap resamples for percentile intervals, 0 for none",
        ParamValidators.gtEq(0));
    holdoutCol = new Param<>(uid, "holdoutCol", "an input column of a role of the law: only points below"
        + " holdoutBelow in it are fitted, the points at or above it are predicted (the fit's holdout_rmse)");
    holdoutBelow = new DoubleParam(uid, "holdoutBelow", "the holdout cut in holdoutCol");
    fixedExponent = new DoubleParam(uid, "fixedExponent", "for the law 'allocation', the exponent held fixed");
    maxPoints = new IntParam(uid, "maxPoints", "for the law 'chinchilla', the most points a group may have",
        ParamValidators.gtEq(1));
    predictionCol = new Param<>(uid, "predictionCol", "the output column of the law's predicted response");
    budgetCol = new Param<>(uid, "budgetCol", "an input column of compute budgets in FLOPs: the model adds the"
        + " compute-optimal " + N_OPT + " and " + D_OPT + " of each (laws: " + Laws.ALL.withComputeOptimum() + ")");
    owner.setDefault(law, "chinchilla");
    roleCols.forEach((role, param) -> owner.setDefault(param, role));
    owner.setDefault(groupCols, new String[0]);
    owner.setDefault(bootstrap, 0);
    owner.setDefault(predictionCol, "prediction");
  }

  /** The Param name of a role's column: {@code n_or_d} → {@code nOrDCol}. */
  static String paramName(String role) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : role.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.append("Col").toString();
  }

  private static List<String> lawsWithRole(String role) {
    return Laws.ALL.names().stream().filter(n -> Laws.ALL.law(n).columns().contains(role)).toList();
  }

  /** The Param of a role's column. */
  Param<String> role(String role) {
    return roleCols.get(role);
  }

  /** The law's registry entry. */
  Law entry(Params owner) {
    return Laws.ALL.law(owner.getOrDefault(law));
  }

  /** The input column of each role of the law, predictors first and the response last. */
  Map<String, String> columns(Params owner) {
    Map<String, String> columns = new LinkedHashMap<>();
    entry(owner).columns().forEach(role -> columns.put(role, owner.getOrDefault(roleCols.get(role))));
    return columns;
  }

  List<String> groups(Params owner) {
    return Arrays.asList(owner.getOrDefault(groupCols));
  }

  /**
   * The fit the Params describe; throws naming the Param and value when they do not make one (e.g. a
   * holdout column that is no role's column, a fixed exponent for a law other than {@code allocation}).
   */
  FitSpec spec(Params owner) {
    String lawName = owner.getOrDefault(law);
    HoldoutCut holdout = null;
    if (owner.isDefined(holdoutCol) || owner.isDefined(holdoutBelow)) {
      if (!owner.isDefined(holdoutCol) || !owner.isDefined(holdoutBelow)) {
        throw new IllegalArgumentException("a holdout needs both holdoutCol and holdoutBelow, got "
            + (owner.isDefined(holdoutCol) ? "holdoutCol '" + owner.getOrDefault(holdoutCol) + "' only"
                : "holdoutBelow " + owner.getOrDefault(holdoutBelow) + " only"));
      }
      String column = owner.getOrDefault(holdoutCol);
      Map<String, String> columns = columns(owner);
      String holdoutRole = columns.entrySet().stream().filter(e -> e.getValue().equals(column)).map(Map.Entry::getKey)
          .findFirst().orElseThrow(() -> new IllegalArgumentException("holdoutCol '" + column + "' is not the"
              + " column of a role of the law '" + lawName + "'; its roles' columns are " + columns));
      holdout = HoldoutCut.below(holdoutRole, (Double) owner.getOrDefault(holdoutBelow));
    }
    Double exponent = owner.isDefined(fixedExponent) ? (Double) owner.getOrDefault(fixedExponent) : null;
    Integer limit = owner.isDefined(maxPoints) ? (Integer) owner.getOrDefault(maxPoints) : null;
    return new FitSpec(lawName, exponent, (Integer) owner.getOrDefault(bootstrap), holdout, limit);
  }

  /**
   * Checks that {@code schema} has the columns a fit ({@code withResponse}) or a prediction needs, each of a
   * numeric type (the group columns of any type); returns the schema with the prediction column and, when a
   * budget column is set, {@code n_opt} and {@code d_opt}. A missing column or a wrong type throws naming the
   * column, the Param that names it, its type and what was expected.
   */
  StructType transformSchema(Params owner, StructType schema, boolean withResponse) {
    Law entry = entry(owner);
    List<String> roles = withResponse ? entry.columns() : entry.model().predictors();
    for (String role : roles) {
      numeric(schema, owner.getOrDefault(roleCols.get(role)),
          roleCols.get(role).name() + ", the role '" + role + "' of the law '" + entry.name() + "'");
    }
    for (String group : groups(owner)) {
      field(schema, group, "one of groupCols");
    }
    List<StructField> added = new ArrayList<>();
    added.add(DataTypes.createStructField(owner.getOrDefault(predictionCol), DataTypes.DoubleType, true));
    if (owner.isDefined(budgetCol)) {
      if (!entry.hasComputeOptimum()) {
        throw new IllegalArgumentException("budgetCol '" + owner.getOrDefault(budgetCol) + "' asks for "
            + N_OPT + " and " + D_OPT + ", but the law '" + entry.name() + "' has no compute-optimal size; laws"
            + " with one: " + Laws.ALL.withComputeOptimum());
      }
      numeric(schema, owner.getOrDefault(budgetCol), "budgetCol");
      added.add(DataTypes.createStructField(N_OPT, DataTypes.DoubleType, true));
      added.add(DataTypes.createStructField(D_OPT, DataTypes.DoubleType, true));
    }
    StructType out = schema;
    for (StructField field : added) {
      if (List.of(schema.fieldNames()).contains(field.name())) {
        throw new IllegalArgumentException("output column '" + field.name() + "' already exists in the input, whose"
            + " columns are " + List.of(schema.fieldNames()));
      }
      out = out.add(field);
    }
    return out;
  }

  private static void numeric(StructType schema, String column, String what) {
    DataType type = field(schema, column, what).dataType();
    if (!(type instanceof NumericType)) {
      throw new IllegalArgumentException("column '" + column + "' (" + what + ") has type " + type.sql()
          + ", expected a numeric type (DOUBLE, FLOAT, BIGINT, INT, DECIMAL, ...)");
    }
  }

  private static StructField field(StructType schema, String column, String what) {
    if (!List.of(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("column '" + column + "' (" + what + ") is missing; the input has the"
          + " columns " + List.of(schema.fieldNames()));
    }
    return schema.apply(column);
  }
}
