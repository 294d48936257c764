package org.scalingpipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.jobs.SparkSessions;
import scala.jdk.javaapi.CollectionConverters;

/** Group-by-group agreement: the largest relative parameter difference, only where both sides fitted. */
class FitAgreementTest {

  private static final StructType FIT = new StructType().add("params", DataTypes.createMapType(DataTypes.StringType,
      DataTypes.DoubleType)).add("rmse", DataTypes.DoubleType).add("converged", DataTypes.BooleanType);

  private final SparkSession spark = SparkSessions.getOrCreate("bench tests");

  @Test
  void summarisesTheLargestParameterDifferenceOfGroupsBothSidesFitted() {
    Dataset<Row> project = project(
        RowFactory.create("g1", fit(Map.of("E", 1.1, "A", 2.0), 0.011, true)),
        RowFactory.create("g2", fit(Map.of("E", 1.0, "A", 2.5), 0.010, true)),
        RowFactory.create("g3", fit(Map.of("E", 9.0, "A", 9.0), 0.010, false)),
        RowFactory.create("g4", fit(Map.of("E", 9.0, "A", 9.0), 0.010, true)));
    Dataset<Row> peer = peer(
        RowFactory.create("g1", true, scalaMap(Map.of("E", 1.0, "A", 2.0)), 0.010),
        RowFactory.create("g2", true, scalaMap(Map.of("E", 1.0, "A", 2.0)), 0.010),
        RowFactory.create("g3", true, scalaMap(Map.of("E", 1.0, "A", 2.0)), 0.010),
        RowFactory.create("g4", false, scalaMap(Map.of()), null));
    Dataset<Row> truth = spark.createDataFrame(List.of(RowFactory.create("g1", scalaMap(Map.of("E", 1.0, "A", 2.0))),
        RowFactory.create("g2", scalaMap(Map.of("E", 1.0, "A", 2.0)))), new StructType().add("group_id",
        DataTypes.StringType).add("truth", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType)));

    FitAgreement agreement = FitAgreement.of(project, peer, truth);

    assertEquals(2, agreement.compared(), "g3 did not converge, g4's peer failed");
    assertEquals(0.25, agreement.paramsMax(), 1e-12, "g2: A 2.5 vs 2");
    assertEquals(0.1, agreement.paramsMedian(), 1e-12, "percentile_approx's median of {0.1, 0.25}");
    assertEquals(0.1, agreement.rmseMax(), 1e-12, "g1: RMSE 0.011 vs 0.010");
    assertEquals(0.1, agreement.projectError(), 1e-12);
    assertEquals(0.0, agreement.peerError(), 1e-12);
  }

  @Test
  void errorsAgainstTheTruthAreNaNWithoutTruth() {
    Dataset<Row> project = project(RowFactory.create("g1", fit(Map.of("a", -0.08), 0.007, true)));
    Dataset<Row> peer = peer(RowFactory.create("g1", true, scalaMap(Map.of("a", -0.08)), 0.007));

    FitAgreement agreement = FitAgreement.of(project, peer, null);

    assertEquals(1, agreement.compared());
    assertEquals(0.0, agreement.paramsMax(), 1e-12);
    assertTrue(Double.isNaN(agreement.projectError()) && Double.isNaN(agreement.peerError()), agreement.toString());
  }

  private Dataset<Row> project(Row... rows) {
    return spark.createDataFrame(List.of(rows), new StructType().add("group_id", DataTypes.StringType).add("fit", FIT));
  }

  private Dataset<Row> peer(Row... rows) {
    return spark.createDataFrame(List.of(rows), new StructType().add("group_id", DataTypes.StringType)
        .add("ok", DataTypes.BooleanType).add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType))
        .add("rmse_log", DataTypes.DoubleType));
  }

  private static Row fit(Map<String, Double> params, double rmse, boolean converged) {
    return RowFactory.create(scalaMap(params), rmse, converged);
  }

  private static scala.collection.Map<String, Double> scalaMap(Map<String, Double> map) {
    return CollectionConverters.asScala(map);
  }
}
