package org.scalingpipeline.sql;

import static org.scalingpipeline.sql.Domain.AT_LEAST_ONE;
import static org.scalingpipeline.sql.Domain.COUNT;
import static org.scalingpipeline.sql.Domain.FINITE;
import static org.scalingpipeline.sql.Domain.NON_NEGATIVE;
import static org.scalingpipeline.sql.Domain.POSITIVE;
import static org.scalingpipeline.sql.Signature.number;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoder;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ApplyFunctionExpression;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.core.fit.ChinchillaFitter;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.flops.PerceiverArConfig;
import org.scalingpipeline.core.flops.TransformerShape;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.CriticalBatch;
import org.scalingpipeline.core.laws.DataConstrainedLaw;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.KaplanStepsLaw;
import org.scalingpipeline.core.laws.PowerLaw;
import org.scalingpipeline.core.laws.RoutedLaw;
import org.scalingpipeline.sql.Signature.Kind;
import org.scalingpipeline.sql.Signature.Param;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one registry of the project's SQL functions: fitting aggregates that return a {@link FitOutput}
 * struct per group, and scalar functions for losses, compute-optimal sizes, FLOPs and parameters, each
 * number with its {@link Domain} (outside it: NULL, or an error for a configuration size; see
 * {@link LawFunction}).
 * {@link #register(SparkSession)} adds them to a session; {@link ScalingSessionExtensions} adds them
 * to every session of an application, including SQL-only ones.
 */
public final class ScalingFunctions {

  private static final MapType PARAMS = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType);

  private ScalingFunctions() {}

  /** Every function, in the order {@code SHOW FUNCTIONS} users read them. */
  public static List<SqlFunction> all() {
    List<SqlFunction> functions = new ArrayList<>();
    functions.add(fit("fit_power_law", "power-law", "y = k * x^m, least squares in log space", "x", "y"));
    functions.add(fit("fit_power_law_offset", "power-law-offset", "y = E + A * x^(-alpha)", "x", "y"));
    functions.add(fit("fit_loss_curve", "loss-curve", "loss = E + A * step^(-alpha), one run's curve", "step", "loss"));
    functions.add(fit("fit_routed_law", "routed",
        "log10 L = a log10 N + b log10 E^ + c log10 N log10 E^ + d (Clark et al. 2022, Eq. 1)", "n", "experts", "loss"));
    functions.add(fitChinchilla());
    functions.add(fit("fit_kaplan", "kaplan", "L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (Kaplan et al. 2020)",
        "n", "d", "loss"));
    functions.add(fit("fit_data_constrained", "data-constrained", "L = E + A/N'^alpha + B/D'^beta, N' and D' the"
        + " effective parameters and tokens of repeated data (Muennighoff et al. 2023, Eq. 5)", "n", "d", "unique_tokens",
        "loss"));
    functions.add(fit("fit_kaplan_steps", "kaplan-steps",
        "L = (N_c/N)^alpha_N + (S_c/S_min)^alpha_S, learning curves (Kaplan et al. 2020, Eq. 1.6)", "n", "s_min", "loss"));
    functions.add(fit("fit_isoflop", "isoflop", "loss = a (log N)^2 + b log N + c at one budget; vertex N_opt",
        "n", "loss"));
    functions.add(fitAllocation());
    functions.add(fit("fit_bnsl_1", "bnsl-1",
        "y = a + b x^(-c0) (1 + (x/d1)^(1/f1))^(-c1 f1), one break (Caballero et al. 2022, Eq. 1), log space", "x", "y"));
    functions.add(fit("fit_bnsl_2", "bnsl-2", "y = a + b x^(-c0) (1 + (x/d1)^(1/f1))^(-c1 f1) (1 + (x/d2)^(1/f2))^(-c2 f2),"
        + " two breaks (Caballero et al. 2022, Eq. 1), log space", "x", "y"));
    functions.add(fit("fit_revisiting_m1", "revisiting-m1", "y = beta * x^c (Alabdulmohsin et al. 2022, M1): the power law, params k = beta, m = c", "x", "y"));
    functions.add(fit("fit_revisiting_m2", "revisiting-m2", "y = eps_inf + beta * x^c (Alabdulmohsin et al. 2022, M2)",
        "x", "y"));
    functions.add(fit("fit_revisiting_m3", "revisiting-m3",
        "y = beta * (1/x + gamma)^(-c) (Alabdulmohsin et al. 2022, M3)", "x", "y"));
    functions.add(fit("fit_revisiting_m4", "revisiting-m4",
        "(y - eps_inf) / (eps_0 - y)^alpha = beta * x^c, solved for y (Alabdulmohsin et al. 2022, M4)", "x", "y"));
    functions.add(scalar("power_law", "k * x^m", 3, (x, law) -> new PowerLaw(x[1], x[2]).value(x[0]),
        number("x", POSITIVE), number("k", FINITE), number("m", FINITE)));
    functions.add(scalar("chinchilla_loss", "E + A/N^alpha + B/D^beta; law defaults to " + Laws.DEFAULT_PUBLISHED, 2,
        (x, law) -> law.as(ChinchillaLaw.class, "chinchilla", "chinchilla_loss").loss(x[0], x[1]),
        number("n", POSITIVE), number("d", POSITIVE), law()));
    functions.add(scalar("data_constrained_loss", "Muennighoff et al. 2023 L(N, D, U_D) under a data-constrained law"
        + " (published: 'data-constrained-c4')", 4,
        (x, law) -> law.as(DataConstrainedLaw.class, "data-constrained", "data_constrained_loss").loss(x[0], x[1], x[2]),
        number("n", POSITIVE), number("d", POSITIVE), number("unique_tokens", POSITIVE), law()));
    functions.add(scalar("kaplan_loss", "Kaplan et al. 2020 L(N, D)", 2, (x, law) -> KaplanLaw.PAPER.loss(x[0], x[1]),
        number("n", POSITIVE), number("d", POSITIVE)));
    functions.add(scalar("kaplan_steps_loss", "Kaplan et al. 2020 L(N, S_min), Table 3", 2,
        (x, law) -> KaplanStepsLaw.PAPER.loss(x[0], x[1]), number("n", POSITIVE), number("s_min", POSITIVE)));
    functions.add(scalar("kaplan_critical_batch", "critical batch size in tokens at a loss in nats, B_* / L^(1/alpha_B)"
        + " (Kaplan et al. 2020 Eq. 5.3, Table 5)", 1, (x, law) -> CriticalBatch.PAPER.tokens(x[0]),
        number("loss", POSITIVE)));
    functions.add(scalar("kaplan_min_steps", "steps a run of steps at batch_tokens would take to reach loss at a batch"
        + " far above the critical one, S / (1 + B_crit(L)/B) (Kaplan et al. 2020 Eq. 5.4)", 3,
        (x, law) -> CriticalBatch.PAPER.minSteps(x[0], x[1], x[2]), number("steps", POSITIVE),
        number("batch_tokens", POSITIVE), number("loss", POSITIVE)));
    functions.add(scalar("kaplan_data_bound", "tokens below which a model of n parameters overfits, 5e3 n^0.74"
        + " (Kaplan et al. 2020 Eq. 4.4)", 1, (x, law) -> KaplanLaw.overfittingDataBound(x[0]), number("n", POSITIVE)));
    functions.add(scalar("n_opt", "compute-optimal parameters for budget c FLOPs under a law with one ("
        + String.join(", ", Laws.ALL.withComputeOptimum()) + "; an IsoFLOP parabola: its vertex)", 1,
        (x, law) -> Laws.ALL.computeOptimal("n_opt", law.name(), law.law()).nOpt(x[0]), number("c", POSITIVE), law()));
    functions.add(scalar("d_opt", "compute-optimal tokens for budget c FLOPs (allocation, isoflop: C / (6 N_opt))", 1,
        (x, law) -> Laws.ALL.computeOptimal("d_opt", law.name(), law.law()).dOpt(x[0]), number("c", POSITIVE), law()));
    functions.add(scalar("perceiver_ar_params", "parameters of perceiver-io's Perceiver AR causal LM", 5,
        (x, law) -> new PerceiverArConfig((int) x[0], (int) x[1], (int) x[2], (int) x[3], (int) x[4], 0.5).params(),
        number("d", COUNT), number("layers", COUNT), number("vocab", COUNT), number("max_seq_len", COUNT),
        number("latents", COUNT)));
    functions.add(scalar("flops_per_token", "forward FLOPs per token, 2N + 2 n_layer n_ctx d_attn (Kaplan Table 1)", 4,
        (x, law) -> TransformerShape.kaplanForwardFlopsPerToken(x[0], x[1], x[2], x[3]),
        number("n", POSITIVE), number("n_layer", POSITIVE), number("n_ctx", POSITIVE), number("d_attn", POSITIVE)));
    functions.add(scalar("effective_params", "dense parameters with the loss of a routed model under a fitted routed law",
        3, (x, law) -> law.as(RoutedLaw.class, "routed", "effective_params").effectiveParams(x[0], x[1]),
        number("n", POSITIVE), number("experts", AT_LEAST_ONE), new Param("fit", Kind.FIT)));
    functions.add(scalar("bits_per_byte", "nats per token / (ln 2 * bytes per token)", 2,
        (x, law) -> x[0] / (Math.log(2) * x[1]), number("nats_per_token", NON_NEGATIVE),
        number("bytes_per_token", POSITIVE)));
    return functions;
  }

  /** Adds every function to a session's function registry. */
  public static void register(SparkSession spark) {
    for (SqlFunction f : all()) {
      spark.sessionState().functionRegistry().registerFunction(f.identifier(), f.info(), f.builder());
    }
  }

  private static Param law() {
    return new Param("law", Kind.LAW);
  }

  private static SqlFunction fit(String name, String law, String what, String... columns) {
    Param[] params = java.util.Arrays.stream(columns).map(Signature::number).toArray(Param[]::new);
    Signature signature = Signature.of(name, params.length, params);
    FitAggregator aggregator = new FitAggregator(FitSpec.of(law));
    return new SqlFunction(name, signature.usage() + " - fits " + what + " to the group; returns a fit struct",
        args -> aggregate(name, aggregator, signature.check(args)));
  }

  private static SqlFunction fitChinchilla() {
    Signature signature = Signature.of("fit_chinchilla", 3, number("n"), number("d"), number("loss"),
        new Param("max_points", Kind.CONSTANT_NUMBER));
    return new SqlFunction("fit_chinchilla", signature.usage()
        + " - fits L = E + A/N^alpha + B/D^beta, Huber fit of Hoffmann et al. 2022 approach 3, to the group; returns a"
        + " fit struct. The grid of 4,500 starts costs about 20 ms per point: a group above max_points (a constant,"
        + " default " + ChinchillaFitter.DEFAULT_MAX_POINTS + ") is refused with a reason",
        args -> {
          List<Expression> checked = signature.check(args);
          Integer maxPoints = checked.size() < 4 ? null : wholeNumber("max_points", (Double) checked.get(3).eval(null));
          return aggregate("fit_chinchilla", new FitAggregator(new FitSpec("chinchilla", null, 0, null, maxPoints)), checked.subList(0, 3));
        });
  }

  /** A constant argument that must be a whole number from 1 to 2^31 - 1; NULL is the default. */
  private static Integer wholeNumber(String name, Double value) {
    if (value == null) {
      return null;
    }
    if (!(value >= 1 && value <= Integer.MAX_VALUE && value == Math.rint(value))) {
      throw Signature.error("fit_chinchilla: " + name + " must be a whole number from 1 to " + Integer.MAX_VALUE
          + ", got " + value);
    }
    return value.intValue();
  }

  private static SqlFunction fitAllocation() {
    Signature signature = Signature.of("fit_allocation", 2, number("c"), number("n_or_d"),
        new Param("exponent", Kind.CONSTANT_NUMBER));
    return new SqlFunction("fit_allocation", signature.usage()
        + " - fits N_opt (or D_opt) = k * C^exponent; a constant exponent is held fixed (linear least squares"
        + " from k = 0.5, as Hoffmann et al.'s tables are fitted), NULL or omitted fits it in log space",
        args -> {
          List<Expression> checked = signature.check(args);
          Double exponent = checked.size() < 3 ? null : (Double) checked.get(2).eval(null);
          return aggregate("fit_allocation", new FitAggregator(new FitSpec("allocation", exponent, 0, null)),
              checked.subList(0, 2));
        });
  }

  /**
   * A fit of the given spec over columns, for the Dataset API (the fit job): the same aggregate the
   * SQL functions build, with bootstrap and holdout options SQL does not expose.
   */
  public static Column fit(FitSpec spec, Column... columns) {
    List<Expression> children = java.util.Arrays.stream(columns)
        .map(c -> Signature.cast(ExpressionUtils.expression(c), DataTypes.DoubleType)).toList();
    return column(aggregate("fit_" + spec.law().replace('-', '_'), new FitAggregator(spec), children));
  }

  /**
   * A backtest of the spec's law over its role columns with a cut in another column ({@link BacktestAggregator}), for
   * the Dataset API (the backtest job): a {@link BacktestOutput} struct per group.
   */
  public static Column backtest(FitSpec spec, HoldoutCut cut, Column cutColumn, Column... roles) {
    List<Expression> children = new ArrayList<>();
    for (Column c : roles) {
      children.add(Signature.cast(ExpressionUtils.expression(c), DataTypes.DoubleType));
    }
    children.add(Signature.cast(ExpressionUtils.expression(cutColumn), DataTypes.DoubleType));
    return column(aggregate("backtest_" + spec.law().replace('-', '_'), new BacktestAggregator(spec, cut), children));
  }

  private static Column column(Expression aggregate) {
    return ExpressionUtils.column(((ScalaAggregator<?, ?, ?>) aggregate).toAggregateExpression());
  }

  private static Expression aggregate(String name, GroupPointsAggregator aggregator, List<Expression> children) {
    StructType input = new StructType();
    for (String column : aggregator.columns()) {
      input = input.add(column, DataTypes.DoubleType, true);
    }
    return new ScalaAggregator<>(CollectionConverters.asScala(children).toSeq(), aggregator,
        ExpressionEncoder.apply(input), expressionEncoder(aggregator.bufferEncoder()), true, true, 0, 0,
        Option.apply(name));
  }

  /**
   * A scalar function: its arguments checked when the query is analysed, then a {@link LawFunction}
   * bound to their types. A trailing law argument is passed as it is (a name), cast to
   * {@code MAP<STRING, DOUBLE>} (params), or split into a fit struct's {@code law} and {@code params} fields.
   */
  private static SqlFunction scalar(String name, String what, int required, LawFunction.Body body, Param... params) {
    Signature signature = Signature.of(name, required, params);
    List<Param> numberParams = java.util.Arrays.stream(params).filter(p -> p.kind() == Kind.NUMBER).toList();
    int numbers = numberParams.size();
    LawFunction function = new LawFunction(name, signature.usage() + " - " + what, numberParams, body);
    return new SqlFunction(name, function.description(), args -> {
      List<Expression> checked = new ArrayList<>(signature.check(args));
      if (checked.size() > numbers) {
        Expression law = checked.remove(numbers);
        if (law.dataType() instanceof StructType struct) {
          checked.add(new GetStructField(law, struct.fieldIndex("law"), Option.apply("law")));
          law = new GetStructField(law, struct.fieldIndex("params"), Option.apply("params"));
        }
        checked.add(law.dataType() instanceof StringType ? law : Signature.cast(law, PARAMS));
      }
      StructType input = new StructType();
      for (int i = 0; i < checked.size(); i++) {
        input = input.add("arg" + i, checked.get(i).dataType(), true);
      }
      // Spark has no public way to put a V2 function in the session's built-in function registry, so the
      // bound function is applied with the expression its analyzer uses for catalog functions.
      return new ApplyFunctionExpression((ScalarFunction<?>) function.bind(input),
          CollectionConverters.asScala(checked).toSeq());
    });
  }

  @SuppressWarnings("unchecked")
  private static <T> ExpressionEncoder<T> expressionEncoder(Encoder<T> encoder) {
    return encoder instanceof ExpressionEncoder<T> e ? e : ExpressionEncoder.apply((AgnosticEncoder<T>) encoder);
  }
}
