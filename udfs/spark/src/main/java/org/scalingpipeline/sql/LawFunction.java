package org.scalingpipeline.sql;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.Law;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.laws.ScalingLaw;
import org.scalingpipeline.sql.Signature.Param;

/**
 * A scalar SQL function in Spark's public function API, as Iceberg writes its functions: an
 * {@link UnboundFunction} that {@link #bind binds} to a {@link ScalarFunction} for the argument types.
 * The arguments are DOUBLE numbers, then optionally a law, in one of three shapes resolved through
 * the core's registry ({@link Laws#ALL}): a published law's name (STRING), a bare params map (the one
 * law with those parameter names) or a fit struct's {@code law} and {@code params} fields (the law it
 * names). Without a law argument the law is {@link Laws#DEFAULT_PUBLISHED}.
 *
 * <p>One rule for every scalar function, applied here: NULL in any argument gives NULL; a number
 * outside its parameter's {@link Domain} gives NULL (a measure, like {@code ln(0)}) or an error naming
 * the argument, the value and the domain (a {@link Domain#COUNT}); a result that is not a finite number
 * (NaN, an infinity: e.g. {@code n_opt} of an IsoFLOP parabola without a minimum) gives NULL. A law that
 * cannot be resolved, or is of the wrong kind, is an error.
 */
final class LawFunction implements UnboundFunction {

  private static final long serialVersionUID = 1L;

  /** What the function computes from its numbers and its law. */
  @FunctionalInterface
  interface Body extends Serializable {
    double apply(double[] numbers, NamedLaw law);
  }

  /**
   * A law and the name it goes by: a registry name, or a published law's name.
   *
   * @param name the name
   * @param law the law
   */
  record NamedLaw(String name, ScalingLaw law) {

    /** The law as a {@code type}; throws naming the function, the law found and the law expected. */
    <L extends ScalingLaw> L as(Class<L> type, String expected, String function) {
      if (!type.isInstance(law)) {
        throw new IllegalArgumentException(function + ": expected a " + expected + " law, got the law '" + name + "'");
      }
      return type.cast(law);
    }
  }

  /** How the trailing law arguments are given. */
  private enum LawShape { NONE, PUBLISHED_NAME, PARAMS_MAP, FIT_STRUCT }

  private final String name;
  private final String description;
  private final List<Param> numbers;
  private final Body body;

  /**
   * @param numbers the numeric parameters, in order, with their domains
   * @param body what the function computes
   */
  LawFunction(String name, String description, List<Param> numbers, Body body) {
    this.name = name;
    this.description = description;
    this.numbers = List.copyOf(numbers);
    this.body = body;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /**
   * Binds to argument types: one DOUBLE per number, then nothing, a STRING (a published law), a
   * {@code MAP<STRING, DOUBLE>} (params) or a STRING and a {@code MAP<STRING, DOUBLE>} (a fit struct's
   * law and params).
   */
  @Override
  public BoundFunction bind(StructType input) {
    StructField[] fields = input.fields();
    int numbers = this.numbers.size();
    for (int i = 0; i < numbers; i++) {
      if (i >= fields.length || !fields[i].dataType().equals(DataTypes.DoubleType)) {
        throw new UnsupportedOperationException(name + ": argument " + (i + 1) + " must be DOUBLE, got " + input.sql());
      }
    }
    int rest = fields.length - numbers;
    LawShape shape = rest == 0 ? LawShape.NONE
        : rest == 1 && fields[numbers].dataType() instanceof StringType ? LawShape.PUBLISHED_NAME
        : rest == 1 && fields[numbers].dataType() instanceof MapType ? LawShape.PARAMS_MAP
        : rest == 2 && fields[numbers].dataType() instanceof StringType
            && fields[numbers + 1].dataType() instanceof MapType ? LawShape.FIT_STRUCT : null;
    if (shape == null) {
      throw new UnsupportedOperationException(name + ": expected " + numbers + " numbers and a law name, a params"
          + " map or a fit struct's law and params, got " + input.sql());
    }
    DataType[] types = new DataType[fields.length];
    for (int i = 0; i < fields.length; i++) {
      types[i] = fields[i].dataType();
    }
    return new Bound(this, types, shape);
  }

  /** The bound function Spark evaluates row by row. */
  private record Bound(LawFunction function, DataType[] inputTypes, LawShape shape) implements ScalarFunction<Double> {

    @Override
    public DataType resultType() {
      return DataTypes.DoubleType;
    }

    @Override
    public String name() {
      return function.name;
    }

    @Override
    public Double produceResult(InternalRow row) {
      for (int i = 0; i < inputTypes.length; i++) {
        if (row.isNullAt(i)) {
          return null;
        }
      }
      NamedLaw law = law(row, function.numbers.size());
      double[] numbers = new double[function.numbers.size()];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = row.getDouble(i);
        Param param = function.numbers.get(i);
        if (!param.domain().contains(numbers[i])) {
          if (param.domain().errorOutside()) {
            throw new IllegalArgumentException(function.name + ": argument " + (i + 1) + " (" + param.name() + ") = "
                + numbers[i] + ", expected " + param.domain().description());
          }
          return null;
        }
      }
      double result = function.body.apply(numbers, law);
      return Double.isFinite(result) ? result : null;
    }

    private NamedLaw law(InternalRow row, int at) {
      return switch (shape) {
        case NONE -> published(Laws.DEFAULT_PUBLISHED);
        case PUBLISHED_NAME -> published(row.getUTF8String(at).toString());
        case PARAMS_MAP -> {
          Map<String, Double> params = javaMap(row.getMap(at));
          Law law = Laws.ALL.forParameters(params.keySet());
          yield new NamedLaw(law.name(), law.law(params));
        }
        case FIT_STRUCT -> {
          Law law = Laws.ALL.law(row.getUTF8String(at).toString());
          yield new NamedLaw(law.name(), law.law(javaMap(row.getMap(at + 1))));
        }
      };
    }

    private static NamedLaw published(String name) {
      return new NamedLaw(name, Laws.published(name));
    }

    private static Map<String, Double> javaMap(MapData data) {
      Map<String, Double> map = new LinkedHashMap<>();
      ArrayData keys = data.keyArray();
      ArrayData values = data.valueArray();
      for (int i = 0; i < data.numElements(); i++) {
        map.put(keys.getUTF8String(i).toString(), values.isNullAt(i) ? null : values.getDouble(i));
      }
      return map;
    }
  }
}
