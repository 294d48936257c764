package org.scalingpipeline.warehouse;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.DescribeColumn;
import org.apache.spark.sql.catalyst.plans.logical.DescribeFunction;
import org.apache.spark.sql.catalyst.plans.logical.DescribeNamespace;
import org.apache.spark.sql.catalyst.plans.logical.DescribeRelation;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ShowColumns;
import org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable;
import org.apache.spark.sql.catalyst.plans.logical.ShowFunctions;
import org.apache.spark.sql.catalyst.plans.logical.ShowNamespaces;
import org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties;
import org.apache.spark.sql.catalyst.plans.logical.ShowTables;
import org.apache.spark.sql.catalyst.plans.logical.ShowViews;
import org.apache.spark.sql.delta.commands.DescribeDeltaDetailCommand;
import org.apache.spark.sql.delta.commands.DescribeDeltaHistory;
import org.apache.spark.sql.execution.command.ExplainCommand;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Tells a statement that only reads from one that may write, before it runs (Spark runs commands as soon
 * as {@code spark.sql} parses them): a query, {@code SHOW …}, {@code DESCRIBE …} (Delta's {@code DESCRIBE
 * HISTORY} and {@code DETAIL} too) and {@code EXPLAIN} read; every other command ({@code DELETE},
 * {@code MERGE}, {@code INSERT}, {@code CREATE}, {@code DROP}, {@code OPTIMIZE}, …) may write, and so must
 * hold the {@link WarehouseLock} like every other writer.
 */
public final class ReadOnlyStatements {

  private static final List<Class<?>> READ_ONLY_COMMANDS = List.of(ShowTables.class, ShowViews.class,
      ShowFunctions.class, ShowColumns.class, ShowNamespaces.class, ShowTableProperties.class, ShowCreateTable.class,
      DescribeFunction.class, DescribeRelation.class, DescribeColumn.class, DescribeNamespace.class,
      DescribeDeltaHistory.class, DescribeDeltaDetailCommand.class, ExplainCommand.class);

  private ReadOnlyStatements() {}

  /** Whether the statement may write, judged from its parsed plan (a statement that does not parse fails here). */
  public static boolean mayWrite(SparkSession spark, String statement) throws ParseException {
    return writes(spark.sessionState().sqlParser().parsePlan(statement));
  }

  private static boolean writes(LogicalPlan node) {
    if (node instanceof InsertIntoStatement || node instanceof InsertIntoDir) {
      return true;
    }
    if (node instanceof Command && READ_ONLY_COMMANDS.stream().noneMatch(c -> c.isInstance(node))) {
      return true;
    }
    return CollectionConverters.asJava(node.children()).stream().anyMatch(ReadOnlyStatements::writes);
  }
}
