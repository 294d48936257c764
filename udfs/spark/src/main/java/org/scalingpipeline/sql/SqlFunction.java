package org.scalingpipeline.sql;

import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;

/**
 * One SQL function of the project: its name, what {@code DESCRIBE FUNCTION} says of it, and the
 * builder Spark calls while analysing a query, which checks the arguments and builds the expression.
 */
public record SqlFunction(String name, String usage, Function1<Seq<Expression>, Expression> builder) {

  /** The name as Spark's function registry keys it. */
  public FunctionIdentifier identifier() {
    return new FunctionIdentifier(name);
  }

  /** The description {@code DESCRIBE FUNCTION} shows. */
  public ExpressionInfo info() {
    return new ExpressionInfo(ScalingFunctions.class.getName(), null, name, usage, "", "", "", "", "", "", "java_udf");
  }

  /** The triple {@code SparkSessionExtensions.injectFunction} takes. */
  public Tuple3<FunctionIdentifier, ExpressionInfo, Function1<Seq<Expression>, Expression>> description() {
    return new Tuple3<>(identifier(), info(), builder);
  }
}
