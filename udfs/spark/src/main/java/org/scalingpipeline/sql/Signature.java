package org.scalingpipeline.sql;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.immutable.Map;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The parameters of a SQL function, checked when a query is analysed: the number of arguments and
 * the type of each, with an error that names the function, what it got and what it takes. Numeric
 * arguments are cast to DOUBLE.
 */
record Signature(String function, List<Param> params, int required) {

  /** What a parameter accepts. */
  enum Kind {
    /** Any number, cast to DOUBLE. */
    NUMBER("a number"),
    /** A constant number or NULL, folded at analysis time. */
    CONSTANT_NUMBER("a constant number or NULL"),
    /**
     * A law: a published law's name (STRING), a parameter map (MAP&lt;STRING, DOUBLE&gt;) or a fit struct
     * (with its law and params fields).
     */
    LAW("a law name, a params map or a fit struct"),
    /** A fitted law: a parameter map or a fit struct. */
    FIT("a params map or a fit struct");

    private final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /**
   * One parameter: its name, what it accepts, and for a number of a scalar function its
   * {@link Domain} (checked row by row; unused by the fitting aggregates, which skip bad rows).
   */
  record Param(String name, Kind kind, Domain domain) implements Serializable {

    private static final long serialVersionUID = 1L;

    Param(String name, Kind kind) {
      this(name, kind, Domain.FINITE);
    }

    @Override
    public String toString() {
      return name + switch (kind) {
        case LAW -> " LAW";
        case FIT -> " FIT";
        default -> " DOUBLE";
      };
    }
  }

  static Param number(String name) {
    return new Param(name, Kind.NUMBER);
  }

  static Param number(String name, Domain domain) {
    return new Param(name, Kind.NUMBER, domain);
  }

  /** A signature whose trailing {@code params.size() - required} parameters are optional. */
  static Signature of(String function, int required, Param... params) {
    return new Signature(function, List.of(params), required);
  }

  /** The usage line, e.g. {@code fit_power_law(x DOUBLE, y DOUBLE)}. */
  String usage() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      parts.add(i < required ? params.get(i).toString() : "[" + params.get(i) + "]");
    }
    return function + "(" + String.join(", ", parts) + ")";
  }

  /** Checks the arguments; returns them with numbers cast to DOUBLE. */
  List<Expression> check(scala.collection.immutable.Seq<Expression> arguments) {
    List<Expression> args = CollectionConverters.asJava(arguments);
    if (args.size() < required || args.size() > params.size()) {
      throw error(usage() + " takes " + (required == params.size() ? required : required + " to " + params.size())
          + " arguments, got " + args.size() + ": " + describe(args));
    }
    List<Expression> checked = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      Expression arg = args.get(i);
      Param param = params.get(i);
      DataType type = arg.dataType();
      boolean ok = switch (param.kind()) {
        case NUMBER -> type instanceof NumericType || type instanceof NullType;
        case CONSTANT_NUMBER -> (type instanceof NumericType || type instanceof NullType) && arg.foldable();
        case LAW -> type instanceof StringType || isParamsMap(type) || isFitStruct(type);
        case FIT -> isParamsMap(type) || isFitStruct(type);
      };
      if (!ok) {
        throw error(usage() + ": argument " + (i + 1) + " (" + param.name() + ") must be " + param.kind().description
            + ", got " + arg.sql() + " of type " + type.sql());
      }
      checked.add(param.kind() == Kind.LAW || param.kind() == Kind.FIT ? arg : cast(arg, DataTypes.DoubleType));
    }
    return checked;
  }

  /** An implicit cast, as Spark's own type coercion would insert it. */
  static Expression cast(Expression arg, DataType type) {
    return new Cast(arg, type, Option.empty(), EvalMode.LEGACY());
  }

  static boolean isParamsMap(DataType type) {
    return type instanceof MapType map && map.keyType() instanceof StringType && map.valueType() instanceof NumericType;
  }

  /** A struct with the fields of a {@link FitOutput} that name its law: {@code law STRING, params MAP}. */
  static boolean isFitStruct(DataType type) {
    return type instanceof StructType struct && List.of(struct.fieldNames()).containsAll(List.of("law", "params"))
        && struct.apply("law").dataType() instanceof StringType && isParamsMap(struct.apply("params").dataType());
  }

  private static String describe(List<Expression> args) {
    return args.isEmpty() ? "none" : args.stream().map(a -> a.sql() + " " + a.dataType().sql())
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * Throws an {@link AnalysisException} (checked in Java, so it is rethrown unchecked: the builder is
   * a Scala function and Spark reports it like its own analysis errors).
   */
  static RuntimeException error(String message) {
    return Signature.<RuntimeException>rethrow(
        new AnalysisException("USER_RAISED_EXCEPTION", new Map.Map1<>("errorMessage", message)));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
    throw (E) t;
  }
}
